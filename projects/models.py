"""Projects that implement the plan, their partners, money, activities and outcomes.

Money is always stored with its currency (EUR or CAD) and never added across currencies
without an ExchangeRate, whose date and value are shown wherever a conversion is made.
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricForeignKey, HistoricalRecords


class Currency(models.TextChoices):
    EUR = "EUR", _("euro (EUR)")
    CAD = "CAD", _("dollar canadien (CAD)")


class ExchangeRate(models.Model):
    """How many Canadian dollars one euro is worth from `valid_from` on.

    Kept by the secretariat; the plan itself counts 1 € as 1,50 $.
    """

    valid_from = models.DateField(_("en vigueur à partir du"), unique=True)
    cad_per_eur = models.DecimalField(_("dollars canadiens pour un euro"), max_digits=8, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("taux de change EUR/CAD")
        verbose_name_plural = _("taux de change EUR/CAD")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: 1 € = {self.cad_per_eur} $"


class Organisation(models.Model):
    """A partner that is not a registered collectivity: enterprise, research centre,
    association, foreign organisation of tripartite cooperation…"""

    class Kind(models.TextChoices):
        ENTERPRISE = "entreprise", _("Entreprise")
        RESEARCH = "recherche", _("Centre de recherche ou université")
        ASSOCIATION = "association", _("Association")
        PUBLIC = "public", _("Organisme public")
        FOREIGN = "etranger", _("Organisation étrangère")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("pays (ISO 3166)"), max_length=2)
    website = models.URLField(_("site web"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "prevu", _("Prévu")
        ONGOING = "en_cours", _("En cours")
        SUSPENDED = "suspendu", _("Suspendu")
        DONE = "termine", _("Terminé")
        ABANDONED = "abandonne", _("Abandonné")

    title = models.CharField(_("titre"), max_length=250)
    summary = models.CharField(_("résumé"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    pistes = models.ManyToManyField("plan.Piste", related_name="projects", blank=True, verbose_name=_("pistes"))
    themes = models.ManyToManyField(
        "plan.Axis", related_name="themed_projects", blank=True, verbose_name=_("thèmes"),
        limit_choices_to={"kind": "theme"},
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_public = models.BooleanField(_("publié"), default=False)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Last dated entry in the journal or last change: the "absence de continuité" check.
    last_activity_at = models.DateTimeField(_("dernière mise à jour"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """A project's partner: a registered collectivity or another organisation."""

    class Role(models.TextChoices):
        LEAD = "chef_de_file", _("Chef de file")
        PARTNER = "partenaire", _("Partenaire")
        REGIONAL_COORDINATOR = "coordinateur_regional", _("Coordinateur régional")
        FUNDER = "financeur", _("Financeur")

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    collectivity = models.ForeignKey(
        "territories.Collectivity", on_delete=models.PROTECT, null=True, blank=True,
        related_name="project_partners",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="project_partners"
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, default=Role.PARTNER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collectivity__isnull=False) ^ models.Q(organisation__isnull=False),
                name="partner_is_collectivity_xor_organisation",
            )
        ]

    def __str__(self) -> str:
        return str(self.collectivity or self.organisation)


class Contact(models.Model):
    class Kind(models.TextChoices):
        ELECTED = "elu", _("Élu ou élue")
        PROFESSIONAL = "professionnel", _("Professionnel ou professionnelle")

    partner = HistoricForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("qualité"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("fonction dans le projet"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("source de financement"), max_length=200)
    funder = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines",
        verbose_name=_("partenaire financeur"),
    )
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("devise"), max_length=3, choices=Currency.choices)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")

    def __str__(self) -> str:
        return f"{self.source}: {self.amount} {self.currency}"


class Document(models.Model):
    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to="projects/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Activity(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activite", _("Activité")
        MILESTONE = "jalon", _("Jalon")

    class Status(models.TextChoices):
        PLANNED = "prevue", _("Prévue")
        ONGOING = "en_cours", _("En cours")
        DONE = "realisee", _("Réalisée")
        CANCELLED = "annulee", _("Annulée")

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    title = models.CharField(_("titre"), max_length=250)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activité ou jalon")
        verbose_name_plural = _("activités et jalons")
        ordering = ["start_date"]


class Update(models.Model):
    """A dated entry of the project's journal."""

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("texte"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mise à jour")
        verbose_name_plural = _("journal")
        ordering = ["-date", "-created_at"]


class Indicator(models.Model):
    """An outcome (retombée) measured on one territory."""

    class Category(models.TextChoices):
        ECONOMIC = "economique", _("Économique")
        SOCIAL = "social", _("Social")
        CULTURAL = "culturel", _("Culturel")
        ENVIRONMENTAL = "environnemental", _("Environnemental")

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicateur"), max_length=250)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unité"), max_length=50)
    baseline = models.DecimalField(_("valeur de départ"), max_digits=16, decimal_places=2, default=Decimal("0"))
    target = models.DecimalField(_("cible"), max_digits=16, decimal_places=2)
    territory = models.ForeignKey(
        "territories.Collectivity", on_delete=models.PROTECT, related_name="indicators",
        verbose_name=_("territoire"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur de retombées")
        verbose_name_plural = _("indicateurs de retombées")


class Measurement(models.Model):
    """A measured value for a period. A draft until the secretariat approves it; the
    dashboard counts approved values only."""

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        APPROVED = "approuvee", _("Approuvée")
        REJECTED = "rejetee", _("Rejetée")

    indicator = HistoricForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    value = models.DecimalField(_("valeur mesurée"), max_digits=16, decimal_places=2)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["-period_end"]
