"""Users, their platform-wide roles and their attachment to collectivities.

Roles (see docs/roles.md):
- secretariat: administers everything and uses the Django admin
  (accounts.backends.SecretariatBackend grants it every permission);
- committee member: reads what the committees steer, including unpublished records;
- fund reviewer: reviews applications to the FFQCD (later issue);
- collectivity editor: a Membership attaches the user to collectivities; they edit
  those collectivities and what belongs to them, nothing else;
- anonymous public: reads only what is published.
"""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    is_secretariat = models.BooleanField(_("secrétariat"), default=False)
    is_committee_member = models.BooleanField(_("membre d'un comité"), default=False)
    is_fund_reviewer = models.BooleanField(_("évaluateur du Fonds"), default=False)
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=40,
        default="Europe/Paris",
        choices=[("Europe/Paris", _("Paris")), ("America/Toronto", _("Montréal"))],
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    @property
    def can_read_unpublished(self) -> bool:
        return self.is_secretariat or self.is_committee_member or self.is_superuser

    def editable_collectivity_ids(self) -> set[int]:
        """Ids of the collectivities this user edits (cached on the instance)."""
        if not hasattr(self, "_editable_ids"):
            self._editable_ids = set(
                self.memberships.values_list("collectivity_id", flat=True)
            )
        return self._editable_ids

    def can_edit_collectivity(self, collectivity) -> bool:
        if self.is_secretariat or self.is_superuser:
            return True
        return collectivity.pk in self.editable_collectivity_ids()


class Membership(models.Model):
    """A collectivity editor: the user edits this collectivity and what belongs to it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    collectivity = models.ForeignKey(
        "territories.Collectivity", on_delete=models.PROTECT, related_name="memberships"
    )
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rattachement à une collectivité")
        verbose_name_plural = _("rattachements à des collectivités")
        constraints = [
            models.UniqueConstraint(fields=["user", "collectivity"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.collectivity}"
