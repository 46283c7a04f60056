"""Projects that implement the plan, their partners, money, activities and outcomes.

Money is always stored with its currency (EUR or CAD) and never added across currencies
without an ExchangeRate, whose date and value are shown wherever a conversion is made.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricForeignKey, HistoricalRecords

from core.locking import version_field
from territories.models import Side
from territories.names import normalize

# The plan's "absence de continuité": no journal entry or change for six months.
STALE_AFTER_DAYS = 183


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


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations `user` may see: all of them for the secretariat and the committees,
        otherwise the partners of the projects they may read (`Project.objects.visible_to`),
        so that the partner form never names a partner of a project hidden from them."""
        if user and user.is_authenticated and user.can_read_unpublished:
            return self
        partners = Partner.objects.filter(
            organisation__isnull=False, project__in=Project.objects.visible_to(user).values("pk"))
        return self.filter(pk__in=partners.values("organisation_id"))


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

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Check:
    """One of the plan's conditions of success or pitfalls, computed per project.

    `field` is the boolean annotation added by `ProjectQuerySet.with_checks()`; it is
    True when the project has the problem."""

    field: str
    label: str
    ok_label: str = ""


CHECKS = (
    Check("is_single_person", _("Documenté par une seule personne"), _("Documenté par plus d'une personne")),
    Check("is_stale", _("Aucune mise à jour depuis six mois (absence de continuité)"),
          _("Mis à jour depuis moins de six mois, ou terminé")),
    Check("lacks_outcomes", _("Aucune retombée mesurable (pas d'indicateur avec une cible)"),
          _("Des retombées mesurables (indicateurs avec une cible)")),
    Check("lacks_both_sides", _("Pas de partenaire à la fois français et québécois"),
          _("Des partenaires français et québécois")),
)


def visibility_scope(user) -> str:
    """A name for the set of projects `visible_to(user)` returns: users with the same
    scope see the same projects (the dashboard shares its cached figures between them)."""
    if not user or not user.is_authenticated:
        return "public"
    if user.can_read_unpublished:
        return "all"
    collectivity_ids = user.editable_collectivity_ids()
    if not collectivity_ids:
        return "public"
    return "public+" + ",".join(str(pk) for pk in sorted(collectivity_ids))


def readable_by(user, project: str = "pk") -> Q | None:
    """The condition for `user` to read a project: published ones for everyone; all of
    them for the secretariat and the committees (None: no condition); and, for a
    collectivity editor, those where one of their collectivities is a partner. `project`
    names the column holding the project's id (the dashboard's facts tables use it too)."""
    if user and user.is_authenticated and user.can_read_unpublished:
        return None
    collectivity_ids = user.editable_collectivity_ids() if user and user.is_authenticated else set()
    if not collectivity_ids:
        return Q(is_public=True)
    partnered = Partner.objects.filter(collectivity_id__in=collectivity_ids).values("project_id")
    return Q(is_public=True) | Q(**{f"{project}__in": partnered})


def theme_links(slug: str):
    """The links between projects and the theme `slug`."""
    return Project.themes.through.objects.filter(axis__slug=slug, axis__kind="theme")


class ProjectFilterQuerySet(models.QuerySet):
    """Who reads which project, and the filters of the list, the API and the exports.

    Shared by Project and ProjectFacts (whose primary key is the project's id, with the
    same status and is_public columns and the checks of `with_checks()`): the lists count
    their projects and find their page's ids on the narrow ProjectFacts, whose queryset
    overrides the filters that follow links here with predicates on its own columns
    (projects/facts_models.py), then read the page's rows from Project."""

    # Where `search()` reads the normalized title and summary, from this model.
    search_column = "facts__search_text"

    def visible_to(self, user):
        """Projects `user` may read (see `readable_by`)."""
        condition = readable_by(user)
        return self if condition is None else self.filter(condition)

    # Each filter looks the matching projects up first through an index (`pk__in`), rather
    # than testing every project with a correlated EXISTS.

    def for_piste(self, code: str):
        return self.filter(pk__in=Project.pistes.through.objects.filter(piste__code=code).values("project_id"))

    def for_theme(self, slug: str):
        return self.filter(pk__in=theme_links(slug).values("project_id"))

    def for_side(self, side: str):
        # Most projects have a partner of each side: a correlated EXISTS on the (project,
        # side) index lets the page stop at its 25 rows, where `pk__in` would first list
        # nearly every project.
        return self.filter(Exists(Partner.objects.filter(project=OuterRef("pk"), side=side)))

    def for_collectivity(self, code: str):
        """`code` is an official code ("69123") or "side:code" ("qc:37067")."""
        side, _sep, code = code.rpartition(":")
        partners = Partner.objects.filter(collectivity__code=code)
        if side:
            partners = partners.filter(side=side)
        return self.filter(pk__in=partners.values("project_id"))

    def for_axis(self, slug: str):
        return self.filter(pk__in=Project.pistes.through.objects.filter(piste__axis__slug=slug).values("project_id"))

    def in_region(self, region_id: int):
        """Projects with a partner located in that région (or that is the région itself)."""
        located = Q(collectivity__region_id=region_id) | Q(collectivity_id=region_id)
        return self.filter(pk__in=Partner.objects.filter(located).values("project_id"))

    def search(self, query: str):
        """Projects whose title or summary holds each word of `query`, accent- and
        case-insensitively (`ecole` finds « École », `l'eau` finds « L’Eau », `st-jean`
        finds « Saint-Jean »): both go through territories.names.normalize, and each word
        is looked for anywhere, inside longer words too (`eau` finds « réseau »). Reads
        ProjectFacts.search_text (trigram index on PostgreSQL)."""
        qs = self
        for word in query.split():
            if normalized := normalize(word):
                qs = qs.filter(**{f"{self.search_column}__contains": normalized})
        return qs

    def failing(self, check_field: str):
        """Projects that have the problem a Check names (see CHECKS)."""
        if check_field not in {check.field for check in CHECKS}:
            raise ValueError(f"Contrôle inconnu : {check_field}")
        return self.with_checks().filter(**{check_field: True})

    def active_in_year(self, year: int):
        return self.filter(start_date__lte=datetime.date(year, 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
        )


class ProjectQuerySet(ProjectFilterQuerySet):
    """The reading API of projects, shared by pages, the API and the exports."""

    def editable_by(self, user):
        """Projects `user` may change (the secretariat: all of them)."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_secretariat or user.is_superuser:
            return self
        return self.filter(Exists(Partner.objects.filter(
            project=OuterRef("pk"), collectivity_id__in=user.editable_collectivity_ids()
        )))

    def publication_pending(self):
        """Projects where a collectivity partner asks for the other state: to publish an
        unpublished project, or to unpublish a published one (the secretariat's queue)."""
        # Read from the few partners with a request (a partial index), not from every project.
        asking = {wish: Partner.objects.filter(publication_request=wish).values("project_id")
                  for wish in (Partner.Publication.PUBLISH, Partner.Publication.UNPUBLISH)}
        return self.filter(Q(pk__in=asking[Partner.Publication.PUBLISH], is_public=False)
                           | Q(pk__in=asking[Partner.Publication.UNPUBLISH], is_public=True))

    # Fetch shapes.

    def for_list(self):
        """What a list row shows: pistes, themes, partners with their collectivity or
        organisation, and the budget per currency, read from the stored facts (a fixed
        number of queries per page)."""
        # The stored budgets come in a query of their own, for the page's rows only: joined to
        # the page, they were read for every matching project before the sort (theme page 35:
        # 8 → 15 ms on PostgreSQL).
        return self.only(
            "title", "summary", "status", "start_date", "end_date", "is_public", "is_demo",
            "last_activity_at",
        ).prefetch_related(
            Prefetch("pistes", queryset=_piste_model().objects.only("code", "axis_id")),
            Prefetch("themes", queryset=_axis_model().objects.only("slug", "title")),
            Prefetch("partners", queryset=Partner.objects.for_list()),
            Prefetch("facts", queryset=ProjectFacts.objects.only("eur", "cad", "eur_lines", "cad_lines")),
        )

    def for_detail(self):
        return self.select_related("created_by").prefetch_related(
            Prefetch("pistes", queryset=_piste_model().objects.select_related("axis__plan")),
            Prefetch("themes", queryset=_axis_model().objects.only("slug", "title")),
            Prefetch("partners", queryset=Partner.objects.for_list().prefetch_related("contacts")),
            Prefetch("budget_lines", queryset=BudgetLine.objects.select_related(
                "funder__collectivity", "funder__organisation").order_by("year", "pk")),
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by").order_by("-uploaded_at")),
            "activities",
            Prefetch("updates", queryset=Update.objects.select_related("author")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("territory").prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.select_related("entered_by", "approved_by"))
            ).order_by("category", "pk")),
        )

    def with_checks(self, now: datetime.datetime | None = None):
        """Annotate one boolean per CHECKS entry, read from the project's stored facts
        (ProjectFacts, one join), so that lists filter and count on them cheaply.
        `is_stale` is computed against `now`."""
        flags = {
            name: Coalesce(F(f"facts__{name}"), Value(False))
            for name in ("has_french_partner", "has_quebec_partner", "is_single_person", "lacks_outcomes")
        }
        return self.annotate(
            **flags,
            is_stale=_boolean(stale_condition(now, prefix="facts__")),
            lacks_both_sides=_boolean(lacks_both_sides_condition(prefix="facts__")),
        )


def stale_condition(now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """The plan's "absence de continuité": an active project (planned, ongoing or
    suspended) with no journal entry or change for STALE_AFTER_DAYS days. `prefix` reaches
    the ProjectFacts columns from another model ("facts__" from Project)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=STALE_AFTER_DAYS)
    return Q(**{f"{prefix}status__in": Project.ACTIVE_STATUSES, f"{prefix}activity_at__lt": cutoff})


def lacks_both_sides_condition(prefix: str = "") -> Q:
    """No French partner or no Québec partner (on the ProjectFacts columns, see stale_condition)."""
    return ~(Q(**{f"{prefix}has_french_partner": True}) & Q(**{f"{prefix}has_quebec_partner": True}))


def _boolean(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def _piste_model():
    from plan.models import Piste

    return Piste


def _axis_model():
    from plan.models import Axis

    return Axis


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

    version = version_field()
    # Pistes and themes are tracked too: each history record keeps the sets it had then.
    history = HistoricalRecords(m2m_fields=[pistes, themes])

    objects = ProjectQuerySet.as_manager()

    # A project that is over or abandoned is not expected to show continuity.
    ACTIVE_STATUSES = (Status.PLANNED, Status.ONGOING, Status.SUSPENDED)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-start_date", "title"]
        indexes = [
            # The lists' order (start date, newest first, then title), for all and for the public.
            models.Index(fields=["-start_date", "title"], name="projects_list_order_idx"),
            models.Index(fields=["is_public", "-start_date", "title"], name="projects_public_order_idx"),
            models.Index(fields=["status"]),
            models.Index(fields=["last_activity_at"]),
            # Covers the count of the lists filtered by year of activity, status and
            # publication, without reading the table (its rows carry the descriptions).
            models.Index(fields=["start_date", "end_date", "is_public", "status"], name="projects_period_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def check_results(self) -> list[tuple[Check, bool]]:
        """Each of CHECKS with True when the project has that problem. Uses the
        annotations of `with_checks()` when present, otherwise runs one query."""
        if not all(hasattr(self, check.field) for check in CHECKS):
            annotated = Project.objects.with_checks().filter(pk=self.pk).values(
                *(check.field for check in CHECKS)).get()
            for field, value in annotated.items():
                setattr(self, field, value)
        return [(check, bool(getattr(self, check.field))) for check in CHECKS]

    def failed_checks(self) -> list[Check]:
        return [check for check, failed in self.check_results() if failed]

    def budget_by_currency(self) -> dict[str, Decimal]:
        """Sum of budget lines per currency, never added across currencies.

        Read from the stored facts when `for_list()` prefetched them (a list shows hundreds
        of lines), otherwise from the lines (prefetched ones when available)."""
        stored = type(self).facts.related
        facts = stored.get_cached_value(self) if stored.is_cached(self) else None
        if facts is not None and "budget_lines" not in getattr(self, "_prefetched_objects_cache", {}):
            return facts.budget_by_currency()
        totals: dict[str, Decimal] = {}
        for line in self.budget_lines.all():
            totals[line.currency] = totals.get(line.currency, Decimal("0")) + line.amount
        return dict(sorted(totals.items()))

    def collectivity_partners(self):
        return [p for p in self.partners.all() if p.collectivity_id]

    def publication_asked(self) -> bool:
        """Whether a partner asks for publication (read from the prefetched partners)."""
        return any(p.publication_request == Partner.Publication.PUBLISH for p in self.partners.all())


class PartnerQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("collectivity", "organisation").only(
            "project_id", "role", "side", "collectivity__side", "collectivity__kind", "collectivity__code",
            "collectivity__name", "collectivity__designation", "collectivity__valid_until",
            "organisation__name", "organisation__kind", "organisation__country",
            "publication_request", "publication_requested_at",
        ).order_by("pk")


class Partner(models.Model):
    """A project's partner: a registered collectivity or another organisation."""

    class Role(models.TextChoices):
        LEAD = "chef_de_file", _("Chef de file")
        PARTNER = "partenaire", _("Partenaire")
        REGIONAL_COORDINATOR = "coordinateur_regional", _("Coordinateur régional")
        FUNDER = "financeur", _("Financeur")

    class Publication(models.TextChoices):
        """What a collectivity partner asks about the project's publication (see
        docs/roles.md): cleared once the project is published or unpublished."""

        NONE = "", _("aucune demande")
        PUBLISH = "publier", _("approuve la publication")
        UNPUBLISH = "depublier", _("demande la dépublication")

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    collectivity = models.ForeignKey(
        "territories.Collectivity", on_delete=models.PROTECT, null=True, blank=True,
        related_name="project_partners",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="project_partners"
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, default=Role.PARTNER)
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices, default=Side.OTHER, editable=False)
    publication_request = models.CharField(
        # db_default too: the bulk loads (scale.py) insert partners in SQL.
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.NONE,
        db_default=Publication.NONE, blank=True,  # editable, or the history would not show its changes
    )
    publication_requested_at = models.DateTimeField(_("demandée le"), null=True, blank=True, editable=False)
    publication_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("demandée par"),
    )

    version = version_field()
    history = HistoricalRecords()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collectivity__isnull=False) ^ models.Q(organisation__isnull=False),
                name="partner_is_collectivity_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["project", "collectivity"], condition=models.Q(collectivity__isnull=False),
                name="unique_collectivity_partner",
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"], condition=models.Q(organisation__isnull=False),
                name="unique_organisation_partner",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "side"]),
            models.Index(fields=["publication_request", "project"], condition=~models.Q(publication_request=""),
                         name="partner_publication_asked_idx"),
        ]

    def __str__(self) -> str:
        return str(self.collectivity.name if self.collectivity_id else self.organisation)

    def save(self, *args, **kwargs):
        # `side` copies the collectivity's (which never changes) so that the checks and
        # filters by side read one indexed table instead of a join that SQLite's planner
        # drives from the 35 000 communes.
        self.side = self.collectivity.side if self.collectivity_id else Side.OTHER
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        if self.collectivity_id:
            return self.collectivity.kind_label
        return str(Organisation.Kind(self.organisation.kind).label)


class Contact(models.Model):
    class Kind(models.TextChoices):
        ELECTED = "elu", _("Élu ou élue")
        PROFESSIONAL = "professionnel", _("Professionnel ou professionnelle")

    partner = HistoricForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("qualité"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("fonction dans le projet"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)

    version = version_field()
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

    version = version_field()
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

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


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

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activité ou jalon")
        verbose_name_plural = _("activités et jalons")
        ordering = ["start_date"]

    def __str__(self) -> str:
        return self.title


class Update(models.Model):
    """A dated entry of the project's journal."""

    project = HistoricForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("texte"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mise à jour")
        verbose_name_plural = _("journal")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.text[:60]}"


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

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur de retombées")
        verbose_name_plural = _("indicateurs de retombées")

    def __str__(self) -> str:
        return self.name

    def has_approved_values(self) -> bool:
        """Whether one of its measurements is approved (read from the prefetched
        measurements when present): the indicator is then part of the record."""
        if "measurements" in getattr(self, "_prefetched_objects_cache", {}):
            return any(m.status == Measurement.Status.APPROVED for m in self.measurements.all())
        return self.measurements.approved().exists()


class MeasurementQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Measurement.Status.APPROVED)

    def drafts(self):
        return self.filter(status=Measurement.Status.DRAFT)


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

    version = version_field()
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="measurement_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


from .facts_models import PartnerFacts, PisteFacts, ProjectFacts  # noqa: E402,F401  (the app's models)
