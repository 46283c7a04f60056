"""Maillage proper: cooperation profiles, the bourse of offers and requests, staff
exchanges and the expressions of interest that connect collectivities across the Atlantic.

A profile belongs to a collectivity (kept by its editors) or to an organisation that
carries projects (an enterprise, a research centre, an association: projects.Organisation).
Suggestions are computed from profiles, offers and what the registry and the projects
already know (matching.suggestions); contacts are shown to the other party only once an
expression of interest is accepted.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from territories.models import Side


class ProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Profile(models.Model):
    collectivity = models.OneToOneField(
        "territories.Collectivity",
        verbose_name=_("collectivité"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cooperation_profile",
    )
    organisation = models.OneToOneField(
        "projects.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cooperation_profile",
    )
    # Denormalised from the collectivity or the organisation: suggestions look on one side.
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    themes = models.ManyToManyField(
        "plan.Axis", verbose_name=_("thèmes d'intérêt"), blank=True, related_name="+",
        limit_choices_to={"kind": "theme"},
    )
    pistes = models.ManyToManyField(
        "plan.Piste", verbose_name=_("pistes du plan"), blank=True, related_name="+"
    )
    offers = models.TextField(
        _("ce qu'elle a à faire partager"), blank=True,
        help_text=_("Expertises, pratiques, équipements que la collectivité peut partager."),
    )
    seeks = models.TextField(_("ce qu'elle cherche"), blank=True)
    excellence = models.CharField(
        _("créneaux d'excellence ou pôles de compétitivité"), max_length=500, blank=True,
        help_text=_("Séparés par des points-virgules."),
    )
    languages = models.CharField(
        _("langues de travail autres que le français"), max_length=200, blank=True,
        help_text=_("Codes ISO 639-1 séparés par des virgules : en, es…"),
    )
    is_open = models.BooleanField(_("ouverte à de nouveaux partenaires"), default=True)
    elected_name = models.CharField(_("élu ou élue à contacter"), max_length=200, blank=True)
    elected_title = models.CharField(_("fonction de l'élu"), max_length=200, blank=True)
    elected_email = models.EmailField(_("courriel de l'élu"), blank=True)
    staff_name = models.CharField(_("professionnel ou professionnelle à contacter"), max_length=200, blank=True)
    staff_title = models.CharField(_("fonction du professionnel"), max_length=200, blank=True)
    staff_email = models.EmailField(_("courriel du professionnel"), blank=True)
    is_published = models.BooleanField(_("publié"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes, pistes])

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de coopération")
        verbose_name_plural = _("profils de coopération")
        constraints = [
            models.CheckConstraint(
                condition=Q(collectivity__isnull=False, organisation__isnull=True)
                | Q(collectivity__isnull=True, organisation__isnull=False),
                name="matching_profile_owner",
            )
        ]

    def __str__(self) -> str:
        owner = self.collectivity or self.organisation
        return str(owner)


class Horizon(models.TextChoices):
    NOW = "immediat", _("Dans l'immédiat")
    YEAR = "annee", _("Dans l'année")
    LATER = "plus_tard", _("À plus long terme")


class Posting(models.Model):
    """An offer or a request of the bourse of partnerships: a project idea or a need."""

    class Kind(models.TextChoices):
        OFFER = "offre", _("Offre")
        REQUEST = "demande", _("Demande")

    class Status(models.TextChoices):
        OPEN = "ouverte", _("Ouverte")
        CLOSED = "close", _("Close")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="postings")
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("description"))
    themes = models.ManyToManyField(
        "plan.Axis", verbose_name=_("thèmes"), blank=True, related_name="+",
        limit_choices_to={"kind": "theme"},
    )
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.YEAR)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    is_published = models.BooleanField(_("publiée"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("offre ou demande de partenariat")
        verbose_name_plural = _("offres et demandes de partenariat")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class StaffExchange(models.Model):
    """An offer or a request of a placement of staff between collectivities."""

    class Kind(models.TextChoices):
        OFFER = "offre", _("Offre d'accueil")
        REQUEST = "demande", _("Demande de stage ou d'échange")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="staff_exchanges")
    post = models.CharField(_("poste ou métier"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        "plan.Axis", verbose_name=_("thèmes"), blank=True, related_name="+",
        limit_choices_to={"kind": "theme"},
    )
    duration_weeks = models.PositiveSmallIntegerField(_("durée (semaines)"))
    available_from = models.DateField(_("à partir du"))
    available_until = models.DateField(_("jusqu'au"))
    languages = models.CharField(_("langues"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Posting.Status.choices, default=Posting.Status.OPEN
    )
    is_published = models.BooleanField(_("publiée"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("échange de personnel")
        verbose_name_plural = _("échanges de personnel")
        ordering = ["available_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__gte=models.F("available_from")),
                name="matching_exchange_period",
            )
        ]

    def __str__(self) -> str:
        return self.post


class Interest(models.Model):
    """A collectivity (or carrier) signals its interest to a suggested partner."""

    class Status(models.TextChoices):
        PENDING = "en_attente", _("En attente de réponse")
        ACCEPTED = "acceptee", _("Acceptée")
        DECLINED = "declinee", _("Déclinée")

    sender = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="interests_sent")
    recipient = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="interests_received")
    posting = models.ForeignKey(
        Posting, null=True, blank=True, on_delete=models.SET_NULL, related_name="interests"
    )
    staff_exchange = models.ForeignKey(
        StaffExchange, null=True, blank=True, on_delete=models.SET_NULL, related_name="interests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PENDING)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("réponse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manifestation d'intérêt")
        verbose_name_plural = _("manifestations d'intérêt")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=models.F("recipient")), name="matching_interest_other"),
            models.UniqueConstraint(
                fields=["sender", "recipient"], condition=Q(status="en_attente"),
                name="matching_one_pending_interest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"
