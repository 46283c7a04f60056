"""The secretariat's admin of the plan. Texts come from the data file (`maillage load_plan`
overwrites them), so they are read-only here; the follow-up (status, responsible body) is
what the secretariat edits, from the list or the piste's page."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Axis, Piste, Plan

DOCUMENT_FIELDS = ("axis", "code", "position", "heading", "text")


class AxisInline(admin.TabularInline):
    model = Axis
    fields = ("position", "slug", "kind", "title")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "start_year", "end_year")
    readonly_fields = ("slug", "title", "start_year", "end_year", "source")
    inlines = [AxisInline]

    def has_add_permission(self, request) -> bool:
        return False  # plans are loaded from their data file


class PisteInline(admin.TabularInline):
    model = Piste
    fields = ("code", "heading", "text", "status", "responsible_body")
    readonly_fields = ("code", "heading", "text")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "plan", "position")
    list_filter = ("plan", "kind")
    list_select_related = ("plan",)
    readonly_fields = ("plan", "slug", "kind", "position", "title", "enjeux", "pistes_intro")
    inlines = [PisteInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Piste)
class PisteAdmin(admin.ModelAdmin):
    list_display = ("code", "short_text", "axis", "status", "responsible_body")
    list_editable = ("status", "responsible_body")
    list_filter = ("axis__plan", "axis__kind", "status", "axis")
    list_select_related = ("axis",)
    search_fields = ("code", "text", "responsible_body")
    fields = DOCUMENT_FIELDS + ("status", "responsible_body")
    readonly_fields = DOCUMENT_FIELDS

    @admin.display(description=_("texte"))
    def short_text(self, piste) -> str:
        return piste.text if len(piste.text) <= 90 else piste.text[:89] + "…"

    def has_add_permission(self, request) -> bool:
        return False
