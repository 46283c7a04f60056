from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

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
