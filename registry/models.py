"""The registry of agreements (ententes) and twinnings (jumelages) between collectivities.

Records outlive the collectivities that signed them: a party points to the Collectivity
record *as it was when it signed* (Rhône-Alpes, Chicoutimi, a commune now déléguée); pages,
the API and the complementarity view follow territories' Succession to today's entity
(`registry.history.current_entity`) and show both names when they differ.

An agreement has two or more parties, at least one on each side, or a third party of
another country (tripartite). A party is a collectivity, a government or one of its bodies
(the Gouvernement du Québec, for the plans of action of French régions), or an
organisation: only a collectivity party has `collectivity`; the others have a `name`.

A twinning (jumelage, pacte d'amitié, partenariat) joins one French and one Québec
collectivity; a collectivity may have several.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from territories.models import Side


def _reader_filter(user, collectivity_ids_lookup: Q) -> Q | None:
    """None when `user` reads everything; else what they read: the published records and,
    for an editor, the records of their collectivities."""
    if user.is_authenticated and user.can_read_unpublished:
        return None
    visible = Q(is_published=True)
    if user.is_authenticated and user.editable_collectivity_ids():
        visible |= collectivity_ids_lookup
    return visible


class AgreementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """What `user` may read: everything for the secretariat and the committees; the
        published agreements and those their collectivities are party to for an editor;
        the published ones for the public (pages, API and exports read this)."""
        ids = user.editable_collectivity_ids() if user.is_authenticated else set()
        visible = _reader_filter(user, Q(pk__in=AgreementParty.objects.filter(
            collectivity_id__in=ids).values("agreement_id")))
        return self if visible is None else self.filter(visible)


class Agreement(models.Model):
    class Kind(models.TextChoices):
        ENTENTE = "entente", _("Entente de coopération")
        ACCORD = "accord", _("Accord")
        CONVENTION = "convention", _("Convention de coopération")
        PLAN_OF_ACTION = "plan_action", _("Plan d'action")
        PROTOCOL = "protocole", _("Protocole d'entente")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        IN_FORCE = "en_vigueur", _("En vigueur")
        EXPIRED = "echue", _("Échue")
        DENOUNCED = "denoncee", _("Dénoncée")

    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default=Kind.ENTENTE)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    # Often only a year is known ("depuis 1989"): the year is always filled when a date is.
    since_year = models.PositiveSmallIntegerField(_("depuis (année)"), null=True, blank=True)
    valid_from = models.DateField(_("en vigueur du"), null=True, blank=True)
    valid_until = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("jusqu'en (année)"), null=True, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renouvelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        help_text=_("L'entente précédente de la même suite (le plan d'action précédent)."),
    )
    sequence = models.PositiveSmallIntegerField(
        _("rang dans la suite"),
        null=True,
        blank=True,
        help_text=_("Par exemple 8 pour le 8e plan d'action d'une région avec le Québec."),
    )
    themes = models.ManyToManyField(
        "plan.Axis",
        verbose_name=_("thèmes"),
        blank=True,
        related_name="agreements",
        limit_choices_to={"kind": "theme"},
    )
    pistes = models.ManyToManyField(
        "plan.Piste", verbose_name=_("pistes du plan"), blank=True, related_name="agreements"
    )
    summary = models.TextField(_("objet"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    document = models.FileField(_("document signé"), upload_to="registry/agreements/", blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # The import's key: the same line imported again finds its record (no duplicate).
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes, pistes])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entente")
        verbose_name_plural = _("ententes")
        ordering = ["-since_year", "title", "pk"]
        indexes = [
            models.Index(fields=["status", "since_year"], name="registry_agreement_status_idx"),
            models.Index(fields=["is_published", "since_year"], name="registry_agreement_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementParty(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVITY = "collectivite", _("Collectivité")
        GOVERNMENT = "gouvernement", _("Gouvernement ou organisme public")
        ORGANISATION = "organisation", _("Organisation")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.COLLECTIVITY
    )
    # The collectivity as it was when it signed (it may have merged since).
    collectivity = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité signataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    name = models.CharField(
        _("nom"), max_length=200, blank=True,
        help_text=_("Pour un gouvernement ou une organisation (« Gouvernement du Québec »)."),
    )
    country = models.CharField(_("pays (ISO 3166)"), max_length=2, blank=True)
    signatory = models.CharField(_("signataire"), max_length=200, blank=True)
    signatory_title = models.CharField(_("qualité du signataire"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partie à une entente")
        verbose_name_plural = _("parties à une entente")
        ordering = ["agreement", "side", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="collectivite", collectivity__isnull=False)
                | (~Q(kind="collectivite") & ~Q(name="")),
                name="registry_party_named",
            ),
            models.UniqueConstraint(
                fields=["agreement", "collectivity"],
                condition=Q(collectivity__isnull=False),
                name="registry_unique_party_collectivity",
            ),
        ]

    def __str__(self) -> str:
        return self.collectivity.name if self.collectivity_id else self.name


class TwinningQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """As Agreement.objects.visible_to: an editor also reads their collectivities'
        unpublished twinnings."""
        ids = user.editable_collectivity_ids() if user.is_authenticated else set()
        visible = _reader_filter(user, Q(french_id__in=ids) | Q(quebec_id__in=ids))
        return self if visible is None else self.filter(visible)


class Twinning(models.Model):
    class Kind(models.TextChoices):
        TWINNING = "jumelage", _("Jumelage")
        FRIENDSHIP = "amitie", _("Pacte d'amitié")
        PARTNERSHIP = "partenariat", _("Partenariat")

    class Status(models.TextChoices):
        ACTIVE = "actif", _("Actif")
        DORMANT = "dormant", _("En sommeil")
        ENDED = "termine", _("Terminé")

    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.TWINNING
    )
    # Each collectivity as it was when it twinned (Chicoutimi, a commune since déléguée).
    french = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité française"),
        on_delete=models.PROTECT,
        related_name="french_twinnings",
    )
    quebec = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité québécoise"),
        on_delete=models.PROTECT,
        related_name="quebec_twinnings",
    )
    since_year = models.PositiveSmallIntegerField(_("depuis (année)"), null=True, blank=True)
    since = models.DateField(_("depuis le"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("jusqu'en (année)"), null=True, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    status = models.CharField(
        _("activité"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_exchange = models.DateField(_("dernier échange"), null=True, blank=True)
    themes = models.ManyToManyField(
        "plan.Axis",
        verbose_name=_("thèmes"),
        blank=True,
        related_name="twinnings",
        limit_choices_to={"kind": "theme"},
    )
    notes = models.TextField(_("notes"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes])

    objects = TwinningQuerySet.as_manager()

    class Meta:
        verbose_name = _("jumelage")
        verbose_name_plural = _("jumelages")
        ordering = ["-since_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "french", "quebec"], name="registry_unique_twinning"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "since_year"], name="registry_twinning_status_idx"),
            models.Index(fields=["is_published", "since_year"], name="registry_twinning_pub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.french.name} – {self.quebec.name}"


class TwinningCommittee(models.Model):
    """The twinning committee or association of one side, with its contact."""

    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="committees")
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    name = models.CharField(_("nom du comité ou de l'association"), max_length=200)
    contact_name = models.CharField(_("personne à contacter"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    website = models.URLField(_("site web"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comité de jumelage")
        verbose_name_plural = _("comités de jumelage")
        ordering = ["twinning", "side", "pk"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """An import waiting for the user's confirmation: the parsed file and the choices made
    for its doubtful rows (nothing is written to the registry before `commit`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    choices = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import en attente")
        verbose_name_plural = _("imports en attente")
