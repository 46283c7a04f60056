from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, Attendance, Body, Decision, Meeting, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("collectivity", "organisation")


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "position")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "role", "body", "side", "start_date", "end_date")
    list_filter = ("body", "side")
    search_fields = ("name", "role")
    raw_id_fields = ("collectivity", "organisation")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("membership",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "body", "starts_at", "side", "is_published")
    list_filter = ("kind", "body", "side", "is_published")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "meeting")
    raw_id_fields = ("meeting",)


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "owner", "due_date", "is_done")
    list_filter = ("is_done",)
    raw_id_fields = ("meeting", "decision")
