"""The secretariat's admin for the fund: envelopes, calls with their themes, documents,
grid and coordinators, applications with everything they hold. The stage changes through
fund.actions (declared transitions); the admin shows it, and lets the secretariat record
a past call's applications as they ended. Commitments and disbursements are read here
and written only by fund.actions (never over-committed); the reminders sent are the log of
`maillage send_reminders`, read here only (a row deleted would be sent again)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityLocation, Application, ApplicationDocument, ApplicationYear, Call, CallTheme, CoApplicant, Commitment,
    Coordinator, Criterion, Decision, Disbursement, Endorsement, Envelope, Report, RequiredDocument, Review, Score,
    SentReminder, Transition,
)


@admin.register(Envelope)
class EnvelopeAdmin(SimpleHistoryAdmin):
    list_display = ("year", "side", "amount", "currency")
    list_filter = ("side", "year")


class CallThemeInline(admin.TabularInline):
    model = CallTheme
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    raw_id_fields = ("territory", "body")
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ("title", "periodicity", "opens_at", "closes_at", "first_year", "last_year")
    search_fields = ("title",)
    inlines = [CallThemeInline, RequiredDocumentInline, CriterionInline, CoordinatorInline]


class CoApplicantInline(admin.TabularInline):
    model = CoApplicant
    raw_id_fields = ("collectivity",)
    extra = 0


class ApplicationYearInline(admin.TabularInline):
    model = ApplicationYear
    extra = 0


class ActivityLocationInline(admin.TabularInline):
    model = ActivityLocation
    extra = 0


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    raw_id_fields = ("uploaded_by",)
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    fields = ("at", "name", "source", "target", "by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "call", "lead", "stage", "submitted_at")
    list_filter = ("stage", "call")
    list_select_related = ("call", "lead")
    search_fields = ("title",)
    raw_id_fields = ("lead", "project")
    filter_horizontal = ("themes",)
    readonly_fields = ("submitted_at", "eligibility_notes")
    inlines = [CoApplicantInline, ApplicationYearInline, ActivityLocationInline, ApplicationDocumentInline,
               TransitionInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("application", "reviewer", "conflict_of_interest", "submitted_at")
    list_select_related = ("application", "reviewer")
    raw_id_fields = ("application", "reviewer")
    inlines = [ScoreInline]


class ReadOnlyMoneyAdmin(SimpleHistoryAdmin):
    """Written by fund.actions only, which locks the envelope."""

    list_display = ("application", "side", "year", "amount", "currency")
    list_filter = ("side", "year")
    list_select_related = ("application",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Commitment, ReadOnlyMoneyAdmin)
admin.site.register(Disbursement, ReadOnlyMoneyAdmin)
for model, raw in [(Decision, ("application", "decided_by")), (Endorsement, ("application", "territory",
                                                                               "coordinator", "endorsed_by")),
                   (Report, ("application", "sender", "recorded_by"))]:
    admin.site.register(model, SimpleHistoryAdmin, raw_id_fields=raw)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "kind", "call", "application", "recipient", "deadline", "days_before")
    list_filter = ("kind", "call")
    list_select_related = ("call", "application", "recipient")
    search_fields = ("key", "recipient__username", "recipient__email")
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
