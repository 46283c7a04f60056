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
import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


# A token is this many random bytes (URL-safe base64, 43 characters); its first
# characters, kept in clear, tell a person's tokens apart.
TOKEN_BYTES = 32
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token: a burst of calls costs one UPDATE.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def token_digest(secret: str) -> str:
    """What is stored of a token: its SHA-256. The secret is 256 random bits, so a fast
    hash is enough (nothing to guess from a dictionary) and lets a call find its token
    through an index."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, user: User, *, label: str, by: User | None,
              expires_at: datetime.datetime | None = None) -> tuple["ApiToken", str]:
        """A new token for `user`, and its secret: the only time the secret exists in clear
        (only its digest is stored)."""
        token = self.model(user=user, label=label, created_by=by, expires_at=expires_at)
        secret = token.set_new_secret()
        token.save()
        return token, secret


class ApiToken(models.Model):
    """A person's key to the JSON API, issued by the secretariat: a call that sends it
    (`Authorization: Bearer …`) acts as that person, with their permissions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("titulaire"))
    label = models.CharField(_("libellé"), max_length=100,
                             help_text=_("À quoi sert ce jeton (par exemple « script d'import de la MRC »)."))
    prefix = models.CharField(_("début du jeton"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   editable=False, verbose_name=_("créé par"))
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True,
                                      help_text=_("Laisser vide pour un jeton sans échéance."))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   editable=False, verbose_name=_("révoqué par"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    def set_new_secret(self) -> str:
        """Draw the secret of a token not yet saved, keep its prefix and digest, and return
        it: it is shown once to the secretariat and never stored."""
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        self.prefix, self.digest = secret[:PREFIX_LENGTH], token_digest(secret)
        return secret

    def refusal(self, now: datetime.datetime | None = None) -> str | None:
        """Why a call with this token is refused (in French); None when it is accepted."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return str(_("Ce jeton d'API a été révoqué."))
        if self.expires_at is not None and self.expires_at <= now:
            return str(_("Ce jeton d'API a expiré."))
        if not self.user.is_active:
            return str(_("Le compte titulaire de ce jeton d'API est désactivé."))
        return None

    @property
    def is_active(self) -> bool:
        return self.refusal() is None

    def revoke(self, *, by: User | None) -> None:
        """Refuse every later call with this token (a revoked token stays revoked)."""
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])

    def mark_used(self, now: datetime.datetime | None = None) -> None:
        """Record a use, at most once per LAST_USED_PRECISION (no write for most calls)."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
