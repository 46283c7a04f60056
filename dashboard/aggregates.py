"""The figures of the tableau de bord, computed once for the page, its exports and the API.

Guarantees:
- every block is one aggregate query (conditional aggregation, no per-piste or per-project
  query), so the number of queries does not grow with the data;
- figures are computed over the projects the user may read (`Project.objects.visible_to`):
  the public sees published projects only;
- amounts in euros and Canadian dollars are never added as such: each currency is summed
  on its own, and a converted total names the rate used and its date (see `rate_for`).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from plan.models import Axis, Piste, Plan
from projects.models import CHECKS as PROJECT_CHECKS
from projects.models import (
    BudgetLine, Currency, ExchangeRate, Indicator, Measurement, Partner, Project, Update, visibility_scope,
)
from territories.models import Collectivity, Kind, Side

# The plan d'action 2008-2010 counts 1 € as 1,50 $; used when the secretariat has entered
# no rate in force at the reference date.
PLAN_CAD_PER_EUR = Decimal("1.50")
CENT = Decimal("0.01")
STATUSES = [status for status, _label in Project.Status.choices]
SIDES = [Side.FRANCE, Side.QUEBEC]
# How long the figures stay cached at most (they are recomputed as soon as the data changes).
CACHE_SECONDS = 300
class Year(ExtractYear):
    """The year of a date. On SQLite, Django extracts it with a Python function called for
    every row; SQLite's own strftime is several times faster on 30 000 projects."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


# How far back the chart of projects per axis and year goes when no year is chosen.
MAX_YEARS = 25

# (annotation of Project.objects.with_checks(), label) for each of the plan's checks.
CHECKS = [(check.field, check.label) for check in PROJECT_CHECKS]


@dataclass(frozen=True)
class Filters:
    """What the committees filter on; every field is optional."""

    plan: Plan | None = None
    year: int | None = None
    side: str | None = None
    region: Collectivity | None = None
    theme: str | None = None  # slug of a theme (Axis of kind "theme")
    status: str | None = None

    def as_params(self) -> dict[str, str]:
        """The query string of the dashboard with these filters (for links and exports)."""
        params = {
            "plan": self.plan.slug if self.plan else None,
            "year": self.year,
            "side": self.side,
            "region": self.region.pk if self.region else None,
            "theme": self.theme,
            "status": self.status,
        }
        return {key: str(value) for key, value in params.items() if value not in (None, "")}

    def project_list_params(self) -> dict[str, str]:
        """The filters the projects list (/projets/) understands, as its query string:
        all of the dashboard's but the plan (a piste code or an axis slug names it)."""
        params = self.as_params()
        params.pop("plan", None)
        return params


# --- Result shapes -----------------------------------------------------------------------

@dataclass
class StatusCounts:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))


@dataclass
class PisteRow:
    piste: Piste
    counts: StatusCounts


@dataclass
class AxisRow:
    axis: Axis
    counts: StatusCounts  # distinct projects: one linked to two pistes of the axis counts once
    pistes: list[PisteRow]
    by_year: dict[int, int]  # projects active each year
    pistes_by_status: dict[str, int]  # follow-up status of the pistes (Piste.status)

    @property
    def pistes_with_project(self) -> int:
        return sum(1 for row in self.pistes if row.counts.total)


@dataclass
class Rate:
    cad_per_eur: Decimal
    valid_from: date | None  # None: the plan's convention, not a rate of the table
    reference_date: date

    @property
    def is_plan_convention(self) -> bool:
        return self.valid_from is None


@dataclass
class Amounts:
    """Sums kept per currency; conversion only through `in_eur` / `in_cad` with a rate."""

    eur: Decimal = Decimal("0.00")
    cad: Decimal = Decimal("0.00")

    def in_eur(self, rate: Rate) -> Decimal:
        return (self.eur + self.cad / rate.cad_per_eur).quantize(CENT, ROUND_HALF_UP)

    def in_cad(self, rate: Rate) -> Decimal:
        return (self.cad + self.eur * rate.cad_per_eur).quantize(CENT, ROUND_HALF_UP)


@dataclass
class CurrencyTotal:
    currency: str
    amount: Decimal
    lines: int
    projects: int


@dataclass
class SideBudget:
    side: str  # "fr", "qc" or "" (funder unknown or not a collectivity)
    amounts: Amounts


@dataclass
class Budgets:
    by_currency: list[CurrencyTotal]
    amounts: Amounts
    rate: Rate
    by_side: list[SideBudget]

    @property
    def total_in_eur(self) -> Decimal:
        return self.amounts.in_eur(self.rate)

    @property
    def total_in_cad(self) -> Decimal:
        return self.amounts.in_cad(self.rate)


@dataclass
class OutcomeRow:
    category: str
    indicators: int
    measured: int  # with at least one approved measurement
    reached: int  # latest approved value at or above the target


@dataclass
class AttentionProject:
    pk: int
    title: str
    status: str
    checks: list[str]


@dataclass
class Attention:
    total: int  # projects failing at least one check
    counts: dict[str, int]
    projects: list[AttentionProject]  # the first ATTENTION_LIST_SIZE, most recent first


@dataclass
class RegionRow:
    side: str
    region_id: int | None
    name: str
    partners: int  # distinct partner collectivities located in the region
    projects: int


@dataclass
class Dashboard:
    filters: Filters
    plan: Plan | None
    overall: StatusCounts
    unlinked: int  # projects linked to no piste of the plan
    axes: list[AxisRow]
    years: list[int]
    budgets: Budgets
    outcomes: list[OutcomeRow]
    attention: Attention
    regions: list[RegionRow]

    @property
    def pistes_without_project(self) -> list[Piste]:
        return [row.piste for axis in self.axes for row in axis.pistes if not row.counts.total]

    @property
    def piste_count(self) -> int:
        return sum(len(axis.pistes) for axis in self.axes)


ATTENTION_LIST_SIZE = 20


# --- Queries -----------------------------------------------------------------------------

def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.visible_to(user)


def filtered_projects(user, filters: Filters) -> QuerySet[Project]:
    """The projects the user may read that match the filters."""
    projects = visible_projects(user)
    # The same filters as the projects list, so that a figure's link lists its projects.
    if filters.year:
        projects = projects.active_in_year(filters.year)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.side:
        projects = projects.for_side(filters.side)
    if filters.theme:
        projects = projects.for_theme(filters.theme)
    if filters.region:
        projects = projects.in_region(filters.region.pk)
    return projects


def _ids(projects: QuerySet[Project]) -> QuerySet:
    return projects.order_by().values("pk")


def _status_aggregates(project_path: str, distinct: bool = False) -> dict:
    key = f"{project_path}_id" if project_path else "pk"
    status_field = f"{project_path}__status" if project_path else "status"
    aggregates = {"total": Count(key, distinct=distinct)}
    for status in STATUSES:
        aggregates[status] = Count(key, distinct=distinct, filter=Q(**{status_field: status}))
    return aggregates


def _status_counts(row: dict) -> StatusCounts:
    return StatusCounts(total=row["total"] or 0, by_status={s: row[s] or 0 for s in STATUSES})


def overall_counts(projects: QuerySet[Project], plan: Plan | None) -> tuple[StatusCounts, int]:
    """Projects by status, and how many are linked to no piste of the plan. One query."""
    aggregates = _status_aggregates("")
    links = Project.pistes.through.objects.filter(project_id=OuterRef("pk"))
    if plan:
        # Piste ids as a subquery the database hashes once, rather than a join per project.
        links = links.filter(piste_id__in=Piste.objects.filter(axis__plan=plan).values("pk"))
    aggregates["unlinked"] = Count("pk", filter=~Q(Exists(links)))
    row = projects.order_by().aggregate(**aggregates)
    return _status_counts(row), row["unlinked"] or 0


def piste_figures(
    projects: QuerySet[Project], plan: Plan | None
) -> tuple[dict[int, StatusCounts], dict[int, StatusCounts], list[tuple[int, int, int | None, int]]]:
    """Projects per piste by status; distinct projects per axis by status; and per axis,
    start and end year, as (axis id, start year, end year or None, projects). Two queries."""
    if plan is None:
        return {}, {}, []
    links = Project.pistes.through.objects.filter(project__in=_ids(projects), piste__axis__plan=plan)
    per_piste = {
        row["piste_id"]: _status_counts(row)
        for row in links.values("piste_id").annotate(**_status_aggregates("project"))
    }
    # One row per axis, status, start year and end year: a project falls in exactly one
    # row per axis, so summing rows gives distinct projects per axis, by status and by year.
    rows = links.values(
        "piste__axis_id",
        "project__status",
        start=Year("project__start_date"),
        end=Year("project__end_date"),
    ).annotate(n=Count("project_id", distinct=True))
    per_axis: dict[int, StatusCounts] = defaultdict(StatusCounts)
    spans: dict[tuple[int, int, int | None], int] = defaultdict(int)
    for row in rows:
        counts = per_axis[row["piste__axis_id"]]
        counts.total += row["n"]
        counts.by_status[row["project__status"]] += row["n"]
        spans[row["piste__axis_id"], row["start"], row["end"]] += row["n"]
    return per_piste, dict(per_axis), [(*span, n) for span, n in spans.items()]


def axis_rows(
    pistes: list[Piste],
    per_piste: dict[int, StatusCounts],
    per_axis: dict[int, StatusCounts],
    spans: list[tuple[int, int, int | None, int]],
    plan: Plan | None,
    filters: Filters,
) -> tuple[list[AxisRow], list[int]]:
    """Axes and pistes of the plan with their projects by status and by year (no query)."""
    if plan is None:
        return [], []
    years = _years(plan, filters, spans)
    by_year: dict[int, dict[int, int]] = defaultdict(lambda: dict.fromkeys(years, 0))
    this_year = timezone.localdate().year
    for axis_id, start, end, n in spans:
        for year in years:
            if start <= year <= (end or this_year):
                by_year[axis_id][year] += n

    rows: dict[int, AxisRow] = {}
    for piste in pistes:
        axis = piste.axis
        if axis.pk not in rows:
            rows[axis.pk] = AxisRow(
                axis=axis,
                counts=per_axis.get(axis.pk, StatusCounts()),
                pistes=[],
                by_year=by_year[axis.pk],
                pistes_by_status={status: 0 for status, _label in Piste.Status.choices},
            )
        rows[axis.pk].pistes.append(PisteRow(piste=piste, counts=per_piste.get(piste.pk, StatusCounts())))
        rows[axis.pk].pistes_by_status[piste.status] += 1
    return list(rows.values()), years


def _years(plan: Plan, filters: Filters, spans: list[tuple]) -> list[int]:
    if filters.year:
        return [filters.year]
    this_year = timezone.localdate().year
    first = min([plan.start_year] + [start for _axis, start, _end, _n in spans])
    last = max([plan.end_year] + [end or this_year for _axis, _start, end, _n in spans])
    first = max(first, last - MAX_YEARS + 1)
    return list(range(first, last + 1))


def rate_for(filters: Filters) -> Rate:
    """The EUR/CAD rate used for converted totals. One query.

    Rule: the rate in force on 1 January of the chosen year; without a year filter, the rate
    in force today. If the secretariat's table has no rate in force at that date, the plan's
    convention (1 € = 1,50 $)."""
    reference = date(filters.year, 1, 1) if filters.year else timezone.localdate()
    rate = ExchangeRate.objects.filter(valid_from__lte=reference).order_by("-valid_from").first()
    if rate is None:
        return Rate(cad_per_eur=PLAN_CAD_PER_EUR, valid_from=None, reference_date=reference)
    return Rate(cad_per_eur=rate.cad_per_eur, valid_from=rate.valid_from, reference_date=reference)


def budget_figures(projects: QuerySet[Project]) -> tuple[list[CurrencyTotal], list[SideBudget]]:
    """Budget lines of the projects summed per currency, and per funder's side and currency.
    Two queries."""
    lines = BudgetLine.objects.filter(project__in=_ids(projects)).order_by()
    totals = {
        row["currency"]: row
        for row in lines.values("currency").annotate(
            amount=Sum("amount"), lines=Count("pk"), projects=Count("project_id", distinct=True)
        )
    }
    by_currency = []
    for currency, _label in Currency.choices:
        row = totals.get(currency, {"amount": None, "lines": 0, "projects": 0})
        amount = (row["amount"] or Decimal("0")).quantize(CENT)
        by_currency.append(CurrencyTotal(currency, amount, row["lines"], row["projects"]))
    per_side: dict[str, Amounts] = {side: Amounts() for side in [*SIDES, ""]}
    # Partner.side copies its collectivity's side ("other" for an organisation).
    side_rows = lines.values("currency", side=Coalesce("funder__side", Value(""))).annotate(
        amount=Sum("amount")
    )
    for row in side_rows:
        target = per_side[row["side"] if row["side"] in per_side else ""]
        field_name = row["currency"].lower()
        setattr(target, field_name, getattr(target, field_name) + row["amount"].quantize(CENT))
    return by_currency, [SideBudget(side, side_amounts) for side, side_amounts in per_side.items()]


def budgets(by_currency: list[CurrencyTotal], by_side: list[SideBudget], rate: Rate) -> Budgets:
    amounts = Amounts()
    for total in by_currency:
        setattr(amounts, total.currency.lower(), total.amount)
    return Budgets(by_currency=by_currency, amounts=amounts, rate=rate, by_side=by_side)


def outcomes(projects: QuerySet[Project]) -> list[OutcomeRow]:
    """Indicators per category against their targets, approved measurements only. One query."""
    latest_approved = Measurement.objects.filter(
        indicator=OuterRef("pk"), status=Measurement.Status.APPROVED
    ).order_by("-period_end", "-pk").values("value")[:1]
    rows = (
        Indicator.objects.filter(project__in=_ids(projects))
        .annotate(latest=Subquery(latest_approved))
        .order_by()
        .values("category")
        .annotate(
            indicators=Count("pk"),
            measured=Count("pk", filter=Q(latest__isnull=False)),
            reached=Count("pk", filter=Q(latest__gte=F("target"))),
        )
    )
    found = {row["category"]: row for row in rows}
    return [
        OutcomeRow(
            category=category,
            indicators=found.get(category, {}).get("indicators", 0),
            measured=found.get(category, {}).get("measured", 0),
            reached=found.get(category, {}).get("reached", 0),
        )
        for category, _label in Indicator.Category.choices
    ]


def with_checks(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects annotated with one boolean per check of CHECKS (projects' own rules)."""
    return projects.with_checks()


def attention(projects: QuerySet[Project]) -> Attention:
    """How many projects fail each check, and the most recent of them. Two queries."""
    keys = [key for key, _label in CHECKS]
    checked = with_checks(projects).order_by()
    any_check = Q()
    for key in keys:
        any_check |= Q(**{key: True})
    # Grouping by the combination of flags (at most 2⁴ rows) evaluates each check once
    # per project, where one conditional count per check would evaluate them twice.
    counts = dict.fromkeys(keys, 0)
    total = 0
    for row in checked.values(*keys).annotate(n=Count("pk")):
        if any(row[key] for key in keys):
            total += row["n"]
        for key in keys:
            counts[key] += row["n"] if row[key] else 0
    listed = checked.filter(any_check).order_by("-start_date", "pk").values(
        "pk", "title", "status", *[key for key, _label in CHECKS]
    )[:ATTENTION_LIST_SIZE]
    return Attention(
        total=total,
        counts=counts,
        projects=[
            AttentionProject(
                pk=row["pk"], title=row["title"], status=row["status"],
                checks=[key for key, _label in CHECKS if row[key]],
            )
            for row in listed
        ],
    )


def regions(projects: QuerySet[Project]) -> list[RegionRow]:
    """Partner collectivities of both sides by région / région administrative. One query.

    A partner that is itself a région counts in that région."""
    is_region = Q(collectivity__kind=Kind.REGION)
    rows = (
        Partner.objects.filter(project__in=_ids(projects), collectivity__isnull=False)
        .annotate(
            region_key=Coalesce(
                "collectivity__region_id", Case(When(is_region, then=F("collectivity_id")))
            ),
            region_name=Coalesce(
                "collectivity__region__name", Case(When(is_region, then=F("collectivity__name"))), Value("")
            ),
        )
        .order_by()
        .values("collectivity__side", "region_key", "region_name")
        .annotate(partners=Count("collectivity_id", distinct=True), projects=Count("project_id", distinct=True))
    )
    result = [
        RegionRow(
            side=row["collectivity__side"], region_id=row["region_key"], name=row["region_name"],
            partners=row["partners"], projects=row["projects"],
        )
        for row in rows
    ]
    side_order = {side: index for index, side in enumerate([*SIDES, Side.OTHER])}
    result.sort(key=lambda row: (
        side_order.get(row.side, 9), row.region_id is None, -row.partners, -row.projects, row.name
    ))
    return result


def figures(user, filters: Filters) -> dict:
    """The results of the heavy aggregate queries, as plain data (one query per block)."""
    projects = filtered_projects(user, filters)
    overall, unlinked = overall_counts(projects, filters.plan)
    per_piste, per_axis, spans = piste_figures(projects, filters.plan)
    by_currency, by_side = budget_figures(projects)
    return {
        "overall": overall, "unlinked": unlinked, "per_piste": per_piste, "per_axis": per_axis, "spans": spans,
        "by_currency": by_currency, "by_side": by_side, "outcomes": outcomes(projects),
        "attention": attention(projects), "regions": regions(projects),
    }


# Tables whose changes the figures depend on: every write through the ORM adds a row to the
# history of the first ones (simple_history, deletions included), bulk inserts raise their
# largest id, and the links between projects and pistes or themes change their count.
_HISTORY_TABLES = [Project, Partner, BudgetLine, Indicator, Measurement, Update]
_LINK_TABLES = [Project.pistes.through, Project.themes.through]


def data_version() -> tuple:
    """A cheap fingerprint of the data behind the figures (one query of index lookups).

    What it cannot see (a direct `QuerySet.update()`, a collectivity moved to another
    région) shows when the cache entry expires, after CACHE_SECONDS."""
    parts = []
    for model in _HISTORY_TABLES:
        parts.append(f"(SELECT MAX(history_id) FROM {model.history.model._meta.db_table})")
        parts.append(f"(SELECT MAX(id) FROM {model._meta.db_table})")
    for model in _LINK_TABLES:
        parts.append(f"(SELECT COUNT(*) FROM {model._meta.db_table})")
        parts.append(f"(SELECT MAX(id) FROM {model._meta.db_table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def _cache_key(user, filters: Filters) -> str:
    # Users who see the same projects share an entry (the public, the committees and the
    # secretariat, the editors of the same collectivities): no one is ever served figures
    # computed over projects they may not read.
    who = visibility_scope(user)
    params = "&".join(f"{key}={value}" for key, value in sorted(filters.as_params().items()))
    digest = hashlib.sha256(f"{who}|{params}|{data_version()}".encode()).hexdigest()
    return f"dashboard:{digest}"


def build_dashboard(user, filters: Filters) -> Dashboard:
    """Every figure of the dashboard for this user and these filters.

    The heavy figures are cached until the data changes (see data_version) or for
    CACHE_SECONDS at most; the pistes and the exchange rate are always read afresh."""
    key = _cache_key(user, filters)
    found = cache.get(key)
    if found is None:
        found = figures(user, filters)
        cache.set(key, found, CACHE_SECONDS)
    plan = filters.plan
    pistes = (
        list(Piste.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__position", "position"))
        if plan else []
    )
    axes, years = axis_rows(pistes, found["per_piste"], found["per_axis"], found["spans"], plan, filters)
    return Dashboard(
        filters=filters,
        plan=plan,
        overall=found["overall"],
        unlinked=found["unlinked"],
        axes=axes,
        years=years,
        budgets=budgets(found["by_currency"], found["by_side"], rate_for(filters)),
        outcomes=found["outcomes"],
        attention=found["attention"],
        regions=found["regions"],
    )
