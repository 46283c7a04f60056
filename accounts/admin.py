from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttling
from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["collectivity"]
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Rôles Maillage"), {"fields": ("is_secretariat", "is_committee_member", "is_fund_reviewer", "time_zone")}),
    )
    list_display = ("username", "email", "is_secretariat", "is_committee_member", "is_fund_reviewer", "is_active")
    list_filter = ("is_secretariat", "is_committee_member", "is_fund_reviewer", "is_active")
    inlines = [MembershipInline]
    actions = ["unlock"]

    @admin.action(description=_("Débloquer (oublier les échecs de connexion)"), permissions=["change"])
    def unlock(self, request, queryset):
        usernames = list(queryset.values_list("username", flat=True))
        throttling.unlock(usernames)
        self.message_user(
            request,
            ngettext(
                "Compte débloqué : %(users)s. Ses échecs de connexion sont oubliés.",
                "Comptes débloqués : %(users)s. Leurs échecs de connexion sont oubliés.",
                len(usernames),
            ) % {"users": ", ".join(usernames)},
            messages.SUCCESS,
        )
