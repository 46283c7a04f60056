"""The secretariat's admin for the registry: agreements with their parties, twinnings with
their committees, and the imports waiting for their confirmation (read here; they are
written by the import page). Collectivities are picked by their number (raw_id_fields):
a select of every commune would be tens of thousands of options. The pages of the site
check the registry's rules (registry.actions); the admin, for the secretariat's repairs,
checks only the database's."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementParty, ImportRun, Twinning, TwinningCommittee


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    raw_id_fields = ("collectivity",)
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "since_year", "sequence", "is_published", "is_demo")
    list_filter = ("status", "kind", "is_published", "is_demo")
    search_fields = ("title",)
    raw_id_fields = ("renews",)
    filter_horizontal = ("themes", "pistes")
    inlines = [AgreementPartyInline]


@admin.register(AgreementParty)
class AgreementPartyAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "side", "kind", "collectivity", "name")
    list_filter = ("side", "kind")
    raw_id_fields = ("agreement", "collectivity")
    list_select_related = ("agreement", "collectivity")


class TwinningCommitteeInline(admin.StackedInline):
    model = TwinningCommittee
    extra = 0


@admin.register(Twinning)
class TwinningAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "status", "since_year", "last_exchange", "is_published", "is_demo")
    list_filter = ("status", "kind", "is_published", "is_demo")
    search_fields = ("french__name", "quebec__name")
    raw_id_fields = ("french", "quebec")
    list_select_related = ("french", "quebec")
    filter_horizontal = ("themes",)
    inlines = [TwinningCommitteeInline]


@admin.register(TwinningCommittee)
class TwinningCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "side", "twinning", "contact_name", "email")
    list_filter = ("side",)
    search_fields = ("name", "contact_name", "email")
    raw_id_fields = ("twinning",)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("filename", "user", "created_at", "committed_at")
    readonly_fields = ("user", "filename", "rows", "choices", "created_at", "committed_at")

    def has_add_permission(self, request):
        return False
