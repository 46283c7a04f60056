"""The secretariat's admin for the matchmaking: profiles, postings, staff exchanges and
expressions of interest, with their history. Expressions of interest are read here and
answered on the site (matching.actions, which notifies by e-mail): the admin does not
change their status."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Interest, Posting, Profile, StaffExchange


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "side", "is_open", "is_published", "updated_at")
    list_filter = ("side", "is_open", "is_published")
    list_select_related = ("collectivity", "organisation")
    raw_id_fields = ("collectivity", "organisation")
    filter_horizontal = ("themes", "pistes")
    search_fields = ("collectivity__name", "organisation__name")


@admin.register(Posting)
class PostingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "profile", "horizon", "status", "is_published", "created_at")
    list_filter = ("kind", "status", "horizon", "is_published")
    list_select_related = ("profile__collectivity", "profile__organisation")
    raw_id_fields = ("profile", "created_by")
    search_fields = ("title", "text")


@admin.register(StaffExchange)
class StaffExchangeAdmin(SimpleHistoryAdmin):
    list_display = ("post", "kind", "profile", "duration_weeks", "available_from", "status", "is_published")
    list_filter = ("kind", "status", "is_published")
    list_select_related = ("profile__collectivity", "profile__organisation")
    raw_id_fields = ("profile", "created_by")
    search_fields = ("post", "description")


@admin.register(Interest)
class InterestAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "status", "sent_at", "answered_at")
    list_filter = ("status",)
    list_select_related = ("sender__collectivity", "sender__organisation", "recipient__collectivity",
                           "recipient__organisation")
    raw_id_fields = ("sender", "recipient", "posting", "staff_exchange", "sent_by", "answered_by")
    readonly_fields = ("status", "answered_by", "answered_at")
