from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttling
from .models import ApiToken, Membership, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The secretariat issues a person's API tokens here: the secret is shown once, on the
    page that follows the creation, and only its digest is stored."""

    list_display = ("label", "user", "prefix_shown", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "expires_at")
    search_fields = ("label", "prefix", "user__username", "user__email")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    @admin.display(description=_("début du jeton"), ordering="prefix")
    def prefix_shown(self, token: ApiToken) -> str:
        return f"{token.prefix}…"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "label", "expires_at")
        return ("user", "label", "prefix_shown", "created_at", "created_by", "last_used_at", "expires_at",
                "revoked_at", "revoked_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # The holder and the term are the token's: another person or term is another token.
        return ("user", "prefix_shown", "created_at", "created_by", "last_used_at", "expires_at", "revoked_at",
                "revoked_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            # On the request, not on this ModelAdmin, which every request shares.
            request.api_token_secret = obj.set_new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "api_token_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        # Rendered, not redirected: the secret goes through no message storage (a cookie or
        # the session). The admin's views are never_cache (Cache-Control: no-store).
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj, "secret": secret,
            "title": _("Jeton d'API délivré"),
        })

    @admin.action(description=_("Révoquer les jetons choisis"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token.revoke(by=request.user)
        self.message_user(request, ngettext(
            "%(count)d jeton révoqué : les appels qui l'envoient sont désormais refusés.",
            "%(count)d jetons révoqués : les appels qui les envoient sont désormais refusés.", len(tokens),
        ) % {"count": len(tokens)}, messages.SUCCESS)
