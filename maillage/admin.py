from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SecretariatAdminSite(admin.AdminSite):
    """The Django admin is the secretariat's tool, whatever is_staff says."""

    site_header = _("Maillage — administration du secrétariat")
    site_title = _("Maillage")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "is_secretariat", False))
