"""What the tableau de bord counts, stored per project, per link to a piste and per partner.

Derived data, never edited: `projects.facts` computes these rows from the projects and what
belongs to them, and rewrites a project's rows after every write through the ORM. Each row
repeats the project's dimensions (status, publication, years, sides), so that every figure of
the dashboard is one scan of one narrow table, mostly of a covering index, with no join:
at 30 000 projects a join per request costs more than the whole page may.
"""
import datetime
from decimal import Decimal

from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    Currency, Project, ProjectFilterQuerySet, lacks_both_sides_condition, readable_by, stale_condition,
)

# The column that says a project has a partner of that side.
SIDE_COLUMNS = {"fr": "has_french_partner", "qc": "has_quebec_partner"}


def active_in(year: int) -> Q:
    """Started at the latest that year and not ended before it (the years of Dimensions)."""
    return Q(start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year))


class DimensionsQuerySet(models.QuerySet):
    def for_side(self, side: str):
        if side not in SIDE_COLUMNS:
            return self.none()
        return self.filter(**{SIDE_COLUMNS[side]: True})

    def active_in_year(self, year: int):
        return self.filter(active_in(year))

    def matching(self, *, user, year=None, status=None, side=None, theme=None, region_id=None):
        """The rows of the projects `user` may read that match the dashboard's filters:
        the same rules as `Project.objects.visible_to(user)` and the projects list's
        filters (year of activity, status, side of a partner, theme, région)."""
        readable = readable_by(user, project="project_id")
        rows = self if readable is None else self.filter(readable)
        if year:
            rows = rows.active_in_year(year)
        if status:
            rows = rows.filter(status=status)
        if side:
            rows = rows.for_side(side)
        if theme:
            rows = rows.for_theme(theme)
        if region_id:
            rows = rows.in_region(region_id)
        return rows

    # The theme and région filters read the row's own `themes` and `regions` columns (a
    # predicate on the covering index the query scans anyway), not the links: looking each
    # project up through them cost more than the scan (150 000 projects, régions block with
    # a theme filter: 169 ms on PostgreSQL).

    def for_theme(self, slug: str):
        """Rows of projects linked to the theme `slug` (of any plan)."""
        from plan.models import Axis

        return self._with_key("themes", Axis.objects.filter(slug=slug, kind=Axis.Kind.THEME))

    def _with_key(self, column: str, objects):
        """Rows whose `column` holds the id of one of `objects`."""
        ids = list(objects.values_list("pk", flat=True))
        if not ids:
            return self.none()
        condition = Q()
        for pk in ids:
            condition |= Q(**{f"{column}__contains": key_of(pk)})
        return self.filter(condition)

    def in_region(self, region_id: int):
        """Rows of projects with a partner located in that région (or that is the région)."""
        return self.filter(regions__contains=key_of(region_id))


def key_of(pk: int) -> str:
    """How an id appears in a `themes` or `regions` column: ",12," in ",3,12,40,"."""
    return f",{pk},"


def keys(ids) -> str:
    """The column's text for these ids (sorted, each between commas; "" for none)."""
    ids = sorted(set(ids))
    return f",{','.join(map(str, ids))}," if ids else ""


class Dimensions(models.Model):
    """The project's columns the dashboard filters on, repeated on every row.

    `themes` and `regions` hold ids (`keys()`): the project's themes (plan.Axis of kind
    theme) and the régions its partner collectivities lie in (a région partner counts as
    its own), so that the theme and région filters are a predicate of the row."""

    status = models.CharField(max_length=20, choices=Project.Status.choices)
    is_public = models.BooleanField()
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True)
    has_french_partner = models.BooleanField()
    has_quebec_partner = models.BooleanField()
    themes = models.TextField(default="")
    regions = models.TextField(default="")

    objects = DimensionsQuerySet.as_manager()

    DIMENSIONS = ("status", "is_public", "start_year", "end_year", "has_french_partner", "has_quebec_partner",
                  "themes", "regions")

    class Meta:
        abstract = True


# The order of the lists of projects (the page /projets/, the API, the exports): the most
# recent first, then by title (normalized: accents and case aside), then by number. The
# lists read their page of ids through an index in this order (ProjectFacts.Meta). The
# start year adds nothing to the order (it follows the date) but lets the walk of the index
# begin at the year a year filter names (`start_year <= year`): SQLite, 150 000 projects,
# year=2009 page 6: page query 170 → 1.2 ms.
LIST_ORDER = ("-start_year", "-start_date", "title_key", "project_id")


class ProjectFactsQuerySet(DimensionsQuerySet, ProjectFilterQuerySet):
    """The dashboard's `matching`, and the projects list's filters (ProjectFilterQuerySet):
    the lists count their projects and find the ids of their page on this narrow table, in
    LIST_ORDER, every filter a predicate on its columns (DimensionsQuerySet comes first),
    then read the page's 25 rows from Project."""

    search_column = "search_text"

    def for_piste(self, code: str):
        from plan.models import Piste

        return self._with_key("pistes", Piste.objects.filter(code=code))

    def for_axis(self, slug: str):
        from plan.models import Axis

        return self._with_key("axes", Axis.objects.filter(slug=slug))

    def with_checks(self, now: datetime.datetime | None = None):
        """Add the checks that are not stored: `is_stale` (it depends on today) and
        `lacks_both_sides`."""
        return self.annotate(
            is_stale=ExpressionWrapper(stale_condition(now), output_field=models.BooleanField()),
            lacks_both_sides=ExpressionWrapper(lacks_both_sides_condition(), output_field=models.BooleanField()),
        )


TITLE_KEY = 80
# What the lists filter on besides the text search, carried by their indexes.
LIST_COLUMNS = ("status", "start_year", "end_year", "has_french_partner", "has_quebec_partner", "themes", "regions",
                "pistes", "axes")


def _money():
    return models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))


class ProjectFacts(Dimensions):
    """One row per project: its checks, its budget and its outcomes.

    Names follow the choices: `<currency>` and `<side>_<currency>` for budget lines (all
    of them; those whose funder is a French or a Québec partner), `<category>_<figure>`
    for indicators (all; measured: with an approved value; reached: whose latest
    approved value is at or above the target)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="facts")
    start_date = models.DateField()  # the order of the list of projects needing attention
    # Last journal entry or change (the project's creation if none): the "continuité" check.
    activity_at = models.DateTimeField()
    is_single_person = models.BooleanField()
    lacks_outcomes = models.BooleanField()
    # Title and summary through territories.names.normalize (lower-case ASCII words): what
    # the lists' `q=` search reads, accent- and case-insensitively.
    search_text = models.TextField(default="")
    # The title through normalize, its first TITLE_KEY characters: the lists' second order.
    title_key = models.CharField(max_length=TITLE_KEY, default="")
    # The ids (keys()) of the project's pistes and of their axes: the lists' filters.
    pistes = models.TextField(default="")
    axes = models.TextField(default="")
    eur_lines = models.PositiveIntegerField(default=0)
    cad_lines = models.PositiveIntegerField(default=0)
    eur = _money()
    cad = _money()
    fr_eur = _money()
    fr_cad = _money()
    qc_eur = _money()
    qc_cad = _money()
    economique_indicators = models.PositiveIntegerField(default=0)
    economique_measured = models.PositiveIntegerField(default=0)
    economique_reached = models.PositiveIntegerField(default=0)
    social_indicators = models.PositiveIntegerField(default=0)
    social_measured = models.PositiveIntegerField(default=0)
    social_reached = models.PositiveIntegerField(default=0)
    culturel_indicators = models.PositiveIntegerField(default=0)
    culturel_measured = models.PositiveIntegerField(default=0)
    culturel_reached = models.PositiveIntegerField(default=0)
    environnemental_indicators = models.PositiveIntegerField(default=0)
    environnemental_measured = models.PositiveIntegerField(default=0)
    environnemental_reached = models.PositiveIntegerField(default=0)

    objects = ProjectFactsQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiffres du projet")
        indexes = [
            models.Index(fields=["-start_date", "project"], name="projects_facts_recent_idx"),
            # The lists' counts (every /projets/ and API request) as index-only scans, every
            # filter but the text search read from the entry: 150 000 projects on
            # PostgreSQL, public count 42 → 15 ms, by year 39 → 2 ms (bench/README).
            models.Index(fields=["is_public", *LIST_COLUMNS], name="projects_facts_count_idx"),
            # A page of the lists is a walk of one of these in LIST_ORDER (the public's, and
            # that of those who read everything), every filter but the text search read from
            # the entry (PostgreSQL's INCLUDE; SQLite reads the row): 150 000 projects,
            # `piste=…&page=8` 53 → … ms (bench/README.md).
            models.Index(fields=["is_public", "-start_year", "-start_date", "title_key", "project"],
                         include=LIST_COLUMNS, name="projects_facts_list_idx"),
            models.Index(fields=["-start_year", "-start_date", "title_key", "project"],
                         include=("is_public", *LIST_COLUMNS), name="projects_facts_list_all_idx"),
        ]

    def __str__(self) -> str:
        return str(self.project_id)

    def budget_by_currency(self) -> dict[str, Decimal]:
        """The sums of the project's budget lines per currency that has lines (as
        Project.budget_by_currency gives them from the lines)."""
        return {currency: getattr(self, currency.lower()) for currency in sorted(Currency.values)
                if getattr(self, f"{currency.lower()}_lines")}


class PisteFactsQuerySet(DimensionsQuerySet):
    def per_piste(self, *group: str):
        """"Projects per piste", the one definition: one row per piste (and per column of
        `group`) with `projects`, the number of projects among these rows linked to it (a
        link is unique: COUNT(*), no DISTINCT). The plan's pages (through plan.figures) and
        the dashboard both count this way, on `matching()` rows."""
        return self.order_by().values("piste_id", *group).annotate(projects=models.Count("*"))

    def per_plan(self):
        """Projects per plan: distinct projects linked to at least one of its pistes (the
        link marked first_in_plan), one row per plan with `projects`."""
        return self.filter(first_in_plan=True).order_by().values("plan_id").annotate(projects=models.Count("*"))


class PisteFacts(Dimensions):
    """One row per link between a project and a piste.

    `first_in_axis` marks one link per project and axis (its piste of smallest id in the
    axis), `first_in_plan` one per project and plan: counting them counts distinct
    projects per axis and per plan without COUNT(DISTINCT)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    # No index of their own: the covering indexes below start with the plan.
    piste = models.ForeignKey("plan.Piste", on_delete=models.CASCADE, db_index=False, related_name="+")
    axis = models.ForeignKey("plan.Axis", on_delete=models.CASCADE, db_index=False, related_name="+")
    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, db_index=False, related_name="+")
    first_in_axis = models.BooleanField()
    first_in_plan = models.BooleanField()

    objects = PisteFactsQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiffres d'un lien projet–piste")
        indexes = [
            # Covering indexes: each dashboard query reads one of them and nothing else.
            models.Index(fields=["plan", "piste", *Dimensions.DIMENSIONS], name="projects_pistefacts_piste_idx"),
            models.Index(fields=["plan", "first_in_axis", "axis", "first_in_plan", *Dimensions.DIMENSIONS],
                         name="projects_pistefacts_axis_idx"),
        ]


class PartnerFacts(Dimensions):
    """One row per partner collectivity of a project, with the région it lies in (the
    collectivity itself when it is a région; none for a foreign one)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    # No index of their own: the covering indexes below start with the région.
    collectivity = models.ForeignKey(
        "territories.Collectivity", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
        related_name="+")
    region = models.ForeignKey(
        "territories.Collectivity", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        related_name="+")
    side = models.CharField(max_length=5)
    # Marks one row per project, région and side (its partner of smallest id there):
    # counting them counts distinct projects per région without COUNT(DISTINCT).
    first_in_region = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("chiffres d'un partenaire de projet")
        indexes = [
            # Covers the dashboard's count per région (distinct collectivities in index order,
            # flagged projects) and the région filter (its projects).
            models.Index(fields=["region", "side", "collectivity", "first_in_region", "project",
                                 *Dimensions.DIMENSIONS], name="projects_partnerfacts_reg_idx"),
        ]


class DataVersion(models.Model):
    """One row whose `value` grows with every change of what the figures are computed from
    (projects.facts bumps it in the writer's transaction): the dashboard's cache key."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("version des chiffres")
