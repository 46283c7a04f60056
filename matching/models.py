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
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from fund.models import Application
from plan.models import Axis
from projects.models import Project
from registry.models import Agreement, Twinning
from territories.models import Side


def _reads_everything(user) -> bool:
    """The secretariat and the committees read unpublished records (accounts.User)."""
    return bool(user and user.is_authenticated and user.can_read_unpublished)


def _editable_ids(user) -> set[int]:
    return user.editable_collectivity_ids() if user and user.is_authenticated else set()


def _keeps_every_profile(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_secretariat or user.is_superuser))


class ProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def kept_by(self, user):
        """The profiles `user` keeps: every one for the secretariat (organisations' profiles
        are kept by the secretariat alone), their collectivities' for an editor."""
        if _keeps_every_profile(user):
            return self
        return self.filter(collectivity_id__in=_editable_ids(user))

    def visible_to(self, user):
        """Published profiles for everyone; every profile for the secretariat and the
        committees; for an editor, also their collectivities' profiles and those that
        exchanged an expression of interest with them (the other party reads who wrote)."""
        if _reads_everything(user):
            return self
        ids = _editable_ids(user)
        if not ids:
            return self.filter(is_published=True)
        return self.filter(
            Q(is_published=True) | Q(collectivity_id__in=ids)
            | Q(pk__in=Interest.objects.filter(recipient__collectivity_id__in=ids).values("sender_id"))
            | Q(pk__in=Interest.objects.filter(sender__collectivity_id__in=ids).values("recipient_id"))
        )

    def for_list(self):
        return self.select_related("collectivity", "organisation")


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
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:profile_detail", args=[self.pk])

    @property
    def owner(self):
        """The collectivity or the organisation whose profile this is."""
        return self.collectivity if self.collectivity_id else self.organisation

    @property
    def name(self) -> str:
        return self.owner.name

    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def excellence_list(self) -> list[str]:
        return [item.strip() for item in self.excellence.split(";") if item.strip()]


class OfferQuerySet(models.QuerySet):
    """What postings and staff exchanges share: who reads them."""

    def public(self):
        return self.filter(is_published=True, profile__is_published=True)

    def open(self):
        return self.filter(status=Posting.Status.OPEN)

    def visible_to(self, user):
        """The published ones of published profiles for everyone; all of them for the
        secretariat and the committees; an editor's collectivities' own as well."""
        if _reads_everything(user):
            return self
        ids = _editable_ids(user)
        visible = Q(is_published=True, profile__is_published=True)
        if ids:
            visible |= Q(profile__collectivity_id__in=ids)
        return self.filter(visible)

    def for_list(self):
        return self.select_related("profile__collectivity", "profile__organisation").prefetch_related(
            models.Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id", "position").order_by("position", "pk")))


class InterestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat and the committees read every expression of interest (not the
        contacts: matching.access.can_see_contacts); an editor those sent or received by
        their collectivities' profiles; nobody else any."""
        if _reads_everything(user):
            return self
        ids = _editable_ids(user)
        if not ids:
            return self.none()
        return self.filter(Q(sender__collectivity_id__in=ids) | Q(recipient__collectivity_id__in=ids))

    def accepted(self):
        return self.filter(status=Interest.Status.ACCEPTED)

    def between_any(self, profile: "Profile"):
        return self.filter(Q(sender=profile) | Q(recipient=profile))

    def between(self, first: "Profile", second: "Profile"):
        return self.filter(Q(sender=first, recipient=second) | Q(sender=second, recipient=first))

    def with_outcomes(self):
        """Each interest annotated with what came of it afterwards, as four booleans, each
        one EXISTS subquery of the same SELECT (bounded whatever the number of rows):

        - `became_project`: a project with both parties as partners, created after it;
        - `became_agreement`: an agreement (registry) both collectivities are party to,
          recorded after it and not signed in an earlier year;
        - `became_twinning`: a twinning of the two collectivities, likewise;
        - `became_application`: an application to the fund with both collectivities as
          lead or co-applicants, created after it."""
        sent = OuterRef("sent_at")
        year = ExtractYear(OuterRef("sent_at"))
        ends = [(OuterRef(f"{end}__collectivity_id"), OuterRef(f"{end}__organisation_id"))
                for end in ("sender", "recipient")]
        (s_col, s_org), (r_col, r_org) = ends
        not_earlier = Q(since_year__isnull=True) | Q(since_year__gte=year)
        projects = Project.objects.filter(created_at__gte=sent)
        for collectivity, organisation in ends:
            projects = projects.filter(Q(partners__collectivity_id=collectivity) | Q(partners__organisation_id=organisation))
        agreements = Agreement.objects.filter(not_earlier, created_at__gte=sent).filter(
            parties__collectivity_id=s_col).filter(parties__collectivity_id=r_col)
        twinnings = Twinning.objects.filter(not_earlier, created_at__gte=sent).filter(
            Q(french_id=s_col, quebec_id=r_col) | Q(french_id=r_col, quebec_id=s_col))
        applications = Application.objects.filter(created_at__gte=sent)
        for collectivity, _organisation in ends:
            applications = applications.filter(Q(lead_id=collectivity) | Q(co_applicant_links__collectivity_id=collectivity))
        return self.annotate(became_project=Exists(projects), became_agreement=Exists(agreements),
                             became_twinning=Exists(twinnings), became_application=Exists(applications))

    def outcome_counts(self) -> dict[str, int]:
        """How many interests were signalled, accepted, declined, are pending, and how many
        of the accepted ones became a project, an agreement, a twinning, an application
        (one query)."""
        accepted = Q(status=Interest.Status.ACCEPTED)
        return self.with_outcomes().aggregate(
            signalled=Count("pk"), accepted=Count("pk", filter=accepted),
            declined=Count("pk", filter=Q(status=Interest.Status.DECLINED)),
            pending=Count("pk", filter=Q(status=Interest.Status.PENDING)),
            **{name: Count("pk", filter=accepted & Q(**{f"became_{name}": True}))
               for name in ("project", "agreement", "twinning", "application")})

    def for_list(self):
        return self.select_related(
            "sender__collectivity", "sender__organisation", "recipient__collectivity", "recipient__organisation")


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

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre ou demande de partenariat")
        verbose_name_plural = _("offres et demandes de partenariat")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:posting_detail", args=[self.pk])


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

    objects = OfferQuerySet.as_manager()

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

    def get_absolute_url(self) -> str:
        return reverse("matching:exchange_detail", args=[self.pk])


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

    objects = InterestQuerySet.as_manager()

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


from .index_models import CandidateFeatures, IndexStamp  # noqa: E402,F401  (the suggestions index)
