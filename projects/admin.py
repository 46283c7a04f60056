"""The secretariat's admin for projects: the history of each record is one click away
(SimpleHistoryAdmin); the pages of /projets/ remain the everyday tool."""
from django import forms
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .forms import DocumentFileInput

from .models import (
    Activity, BudgetLine, Contact, Document, ExchangeRate, Indicator, Measurement, Organisation, Partner,
    Project, Update,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    raw_id_fields = ("collectivity", "organisation")
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    raw_id_fields = ("funder",)
    extra = 0


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "status", "start_date", "end_date", "is_public", "is_demo", "last_activity_at")
    list_filter = ("status", "is_public", "is_demo")
    search_fields = ("title", "summary")
    filter_horizontal = ("pistes", "themes")
    raw_id_fields = ("created_by",)
    readonly_fields = ("created_at", "updated_at", "last_activity_at")
    inlines = [PartnerInline, BudgetLineInline, ActivityInline]
    show_full_result_count = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # Organisations keep no history (a partner row records who joined a project, with
    # history): SimpleHistoryAdmin's history page would fail on them.
    list_display = ("name", "kind", "country", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name",)


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "period_start", "period_end", "value", "status", "approved_by")
    list_filter = ("status",)
    list_select_related = ("indicator", "approved_by")
    raw_id_fields = ("indicator", "entered_by", "approved_by")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "cad_per_eur", "source")


class DocumentAdminForm(forms.ModelForm):
    """The current file is linked through the access-checked download view: nothing
    serves MEDIA_URL (see README, Configuration)."""

    class Meta:
        model = Document
        fields = "__all__"
        widgets = {"file": DocumentFileInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.download_url = reverse(
                "projects:document_download", args=[self.instance.project_id, self.instance.pk])


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    form = DocumentAdminForm
    raw_id_fields = ("project", "uploaded_by")


for model, raw in [(Contact, ("partner",)), (Update, ("project", "author")),
                   (Indicator, ("project", "territory"))]:
    admin.site.register(model, SimpleHistoryAdmin, raw_id_fields=raw)
