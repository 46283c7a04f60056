from django.contrib import admin

from .models import Collectivity, Link, Succession


class ParentLinkInline(admin.TabularInline):
    model = Link
    fk_name = "child"
    autocomplete_fields = ["parent"]
    extra = 0


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    autocomplete_fields = ["successor"]
    extra = 0


@admin.register(Collectivity)
class CollectivityAdmin(admin.ModelAdmin):
    list_display = ("name", "side", "kind", "code", "population", "valid_until", "is_demo")
    list_filter = ("side", "kind", "is_demo")
    search_fields = ("name", "code", "siren")
    list_select_related = ("region",)
    raw_id_fields = ("region", "chef_lieu")
    readonly_fields = ("search_name", "created_at", "updated_at")
    inlines = [ParentLinkInline, SuccessionInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        obj.set_name(obj.name)
        super().save_model(request, obj, form, change)
