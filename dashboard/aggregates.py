"""The figures of the tableau de bord, computed once for the page, its exports and the API.

Guarantees:
- the figures are read from the stored facts of the projects (projects/facts_models.py):
  one narrow row per project, per link to a piste and per partner, kept equal to the
  records by projects/facts.py; each block is one aggregate query over one of them
  (conditional aggregation, no per-piste or per-project query), so the number of queries
  does not grow with the data;
- figures are computed over the projects the user may read (the rules of
  `Project.objects.visible_to`): the public sees published projects only;
- amounts in euros and Canadian dollars are never added as such: each currency is summed
  on its own, and a converted total names the rate used and its date (see `rate_for`);
- the plan's span of years (or the year filtered) bounds the yearly figures: a chart of
  the plan 2008-2010 shows 2008 to 2010, not every year since its oldest project;
- what the fund brought (its envelopes per year and side, with what is committed,
  disbursed and remaining, each side in its own currency) is read from fund.figures, the
  definition the fund's API and exports read; its sources are declared on the read model
  (fund.figures.FUND_FIGURES), so a decision or a payment moves the data version and the
  cached figures are recomputed at once.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from fund.figures import EnvelopeFigures, envelope_figures
from governance.figures import ActionFigures, action_figures
from mobility.figures import Counts as MobilityCounts
from mobility.figures import YearBalance
from mobility.figures import trend as mobility_trend
from plan.models import Axis, Piste, Plan
from projects.facts import OUTCOME_FIGURES, data_version
from projects.models import CHECKS as PROJECT_CHECKS
from projects.models import (
    Currency, ExchangeRate, Indicator, PartnerFacts, PisteFacts, Project, ProjectFacts, visibility_scope,
)
from registry.growth import TwinningCounts, by_status
from registry.models import Twinning
from territories.models import Collectivity, Kind, Side

# The plan d'action 2008-2010 counts 1 € as 1,50 $; used when the secretariat has entered
# no rate in force at the reference date.
PLAN_CAD_PER_EUR = Decimal("1.50")
CENT = Decimal("0.01")
STATUSES = [status for status, _label in Project.Status.choices]
CURRENCIES = [currency for currency, _label in Currency.choices]
CATEGORIES = [category for category, _label in Indicator.Category.choices]
SIDES = [Side.FRANCE, Side.QUEBEC]
# How long the figures stay cached at most (they are recomputed as soon as the data changes).
CACHE_SECONDS = 300

# (field or annotation of ProjectFacts.objects.with_checks(), label) for each of the plan's checks.
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


@dataclass(frozen=True)
class Region:
    """A current région (France) or région administrative (Québec): the dashboard's map
    draws one tile per région of both sides."""

    pk: int
    side: str
    code: str
    name: str


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
    fund: list[EnvelopeFigures] = field(default_factory=list)  # per year and side, oldest first
    mobility: list[YearBalance] = field(default_factory=list)  # participants per year, oldest first
    actions: ActionFigures = field(default_factory=ActionFigures)  # the governance's action items
    twinnings: TwinningCounts = field(default_factory=TwinningCounts)  # the registry's, by activity
    region_list: list[Region] = field(default_factory=list)  # every current région of both sides

    @property
    def pistes_covered(self) -> int:
        """Pistes of the plan with at least one project."""
        return sum(axis.pistes_with_project for axis in self.axes)

    @property
    def indicators(self) -> int:
        return sum(row.indicators for row in self.outcomes)

    @property
    def outcomes_reached(self) -> int:
        """Indicators whose latest approved measurement reaches the target."""
        return sum(row.reached for row in self.outcomes)

    @property
    def fund_year(self) -> list[EnvelopeFigures]:
        """The fund's envelopes of one year, one per side: the year filtered, else this
        year, else the latest year before it with an envelope (else the first after)."""
        years = {row.year for row in self.fund}
        if not years:
            return []
        this_year = timezone.localdate().year
        past = [year for year in years if year <= this_year]
        year = self.filters.year if self.filters.year in years else (max(past) if past else min(years))
        return [row for row in self.fund if row.year == year]

    @property
    def mobility_total(self) -> MobilityCounts:
        """The participants each way over the years the mobility block shows."""
        return MobilityCounts(fr_to_qc=sum(row.fr_to_qc for row in self.mobility),
                              qc_to_fr=sum(row.qc_to_fr for row in self.mobility))

    @property
    def pistes_without_project(self) -> list[Piste]:
        return [row.piste for axis in self.axes for row in axis.pistes if not row.counts.total]

    @property
    def piste_count(self) -> int:
        return sum(len(axis.pistes) for axis in self.axes)


ATTENTION_LIST_SIZE = 20


# --- Queries -----------------------------------------------------------------------------

def facts(model, user, filters: Filters) -> QuerySet:
    """Rows of a facts table (ProjectFacts, PisteFacts, PartnerFacts) for the projects the
    user may read that match the filters: the projects list's rules, so that a figure's
    link lists its projects."""
    return model.objects.matching(
        user=user, year=filters.year, status=filters.status, side=filters.side, theme=filters.theme,
        region_id=filters.region.pk if filters.region else None,
    )


def project_figures(user, filters: Filters) -> dict:
    """Projects by status, budgets per currency and funder's side, outcomes per category and
    the plan's checks: one aggregate over ProjectFacts (one row per project)."""
    aggregates = {"total": Count("*")}
    for status in STATUSES:
        aggregates[f"status_{status}"] = Count("project_id", filter=Q(status=status))
    for currency in CURRENCIES:
        code = currency.lower()
        aggregates[f"sum_{code}"] = Sum(code)
        aggregates[f"sum_{code}_lines"] = Sum(f"{code}_lines")
        aggregates[f"{code}_projects"] = Count("project_id", filter=Q(**{f"{code}_lines__gt": 0}))
        for side in SIDES:
            aggregates[f"sum_{side}_{code}"] = Sum(f"{side}_{code}")
    for category in CATEGORIES:
        for figure in OUTCOME_FIGURES:
            aggregates[f"sum_{category}_{figure}"] = Sum(f"{category}_{figure}")
    any_check = Q()
    for key, _label in CHECKS:
        aggregates[f"check_{key}"] = Count("project_id", filter=Q(**{key: True}))
        any_check |= Q(**{key: True})
    aggregates["check_any"] = Count("project_id", filter=any_check)
    row = facts(ProjectFacts, user, filters).with_checks().order_by().aggregate(**aggregates)
    # (Sums are named sum_<field> in SQL, a name no field has; the result uses the fields' names.)
    return {key.removeprefix("sum_"): value or 0 for key, value in row.items()}


def piste_figures(user, filters: Filters) -> tuple[dict[int, StatusCounts], dict[int, StatusCounts], list, int]:
    """Projects per piste by status; distinct projects per axis by status; per axis, start
    and end year, as (axis id, start year, end year or None, projects); and the number of
    projects linked to the plan. Two queries over PisteFacts (one row per link)."""
    plan = filters.plan
    if plan is None:
        return {}, {}, [], 0
    links = facts(PisteFacts, user, filters).filter(plan=plan).order_by()
    # One link per project and axis is marked first_in_axis, one per project and plan
    # first_in_plan: counting them counts distinct projects. Grouped per piste (and its
    # axis, which adds no group), their sums over an axis's pistes count its projects.
    per_piste: dict[int, StatusCounts] = defaultdict(StatusCounts)
    per_axis: dict[int, StatusCounts] = defaultdict(StatusCounts)
    linked = 0
    # "Projects per piste" is PisteFacts.per_piste, which the plan's pages read too.
    rows = links.per_piste("axis_id", "status").annotate(
        in_axis=Count("pk", filter=Q(first_in_axis=True)), in_plan=Count("pk", filter=Q(first_in_plan=True)),
    ).values_list("piste_id", "axis_id", "status", "projects", "in_axis", "in_plan")
    for piste_id, axis_id, status, n, in_axis, in_plan in rows:
        counts = per_piste[piste_id]
        counts.total += n
        counts.by_status[status] += n
        counts = per_axis[axis_id]
        counts.total += in_axis
        counts.by_status[status] += in_axis
        linked += in_plan
    # Years of activity per axis: distinct projects per (start, end) span, whatever their
    # status (684 groups on the bench data, where adding the status made 2 849).
    spans: list[tuple[int, int, int | None, int]] = list(
        links.filter(first_in_axis=True).values("axis_id", "start_year", "end_year").annotate(n=Count("*"))
        .values_list("axis_id", "start_year", "end_year", "n"))
    return dict(per_piste), dict(per_axis), spans, linked


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
    years = _years(plan, filters)
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


def _years(plan: Plan, filters: Filters) -> list[int]:
    """The year filtered, else the plan's span: the years the plan is about (a project
    that started before the plan or runs after it counts in the plan's years it covers)."""
    if filters.year:
        return [filters.year]
    return list(range(plan.start_year, plan.end_year + 1))


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


def budget_figures(row: dict) -> tuple[list[CurrencyTotal], list[SideBudget]]:
    """Budget lines summed per currency, and per funder's side and currency (no query)."""
    by_currency = [
        CurrencyTotal(currency, Decimal(row[currency.lower()]).quantize(CENT), row[f"{currency.lower()}_lines"],
                      row[f"{currency.lower()}_projects"])
        for currency in CURRENCIES
    ]
    by_side = []
    for side in [*SIDES, ""]:
        amounts = Amounts()
        for currency in CURRENCIES:
            code = currency.lower()
            if side:
                value = Decimal(row[f"{side}_{code}"])
            else:  # funder unknown or not a collectivity: what the two sides do not fund
                value = Decimal(row[code]) - sum(Decimal(row[f"{other}_{code}"]) for other in SIDES)
            setattr(amounts, code, value.quantize(CENT))
        by_side.append(SideBudget(side, amounts))
    return by_currency, by_side


def budgets(by_currency: list[CurrencyTotal], by_side: list[SideBudget], rate: Rate) -> Budgets:
    amounts = Amounts()
    for total in by_currency:
        setattr(amounts, total.currency.lower(), total.amount)
    return Budgets(by_currency=by_currency, amounts=amounts, rate=rate, by_side=by_side)


def outcomes(row: dict) -> list[OutcomeRow]:
    """Indicators per category against their targets, approved measurements only (no query)."""
    return [
        OutcomeRow(category=category, indicators=row[f"{category}_indicators"],
                   measured=row[f"{category}_measured"], reached=row[f"{category}_reached"])
        for category in CATEGORIES
    ]


def attention(user, filters: Filters, row: dict) -> Attention:
    """How many projects fail each check (from project_figures), and the most recent of
    them. Two queries: the list, then the titles of its projects."""
    keys = [key for key, _label in CHECKS]
    any_check = Q()
    for key in keys:
        any_check |= Q(**{key: True})
    rows = facts(ProjectFacts, user, filters).with_checks().filter(any_check)
    if filters.year:
        # Implied by the year filter (started by the end of that year), on the column the
        # list is ordered by: the walk of the (-start_date) index starts at that year instead
        # of reading every later project first (SQLite, year=2006: 35 → 1 ms). Only here:
        # in every year filter (active_in_year), SQLite then reads the counts and sums
        # through that index too, 3–4 times slower for recent years.
        rows = rows.filter(start_date__lte=date(filters.year, 12, 31))
    listed = list(rows.order_by("-start_date", "project_id").values("project_id", "status", *keys)[
        :ATTENTION_LIST_SIZE])
    titles = dict(Project.objects.filter(pk__in=[item["project_id"] for item in listed]).values_list(
        "pk", "title")) if listed else {}
    return Attention(
        total=row["check_any"],
        counts={key: row[f"check_{key}"] for key in keys},
        projects=[
            AttentionProject(
                pk=item["project_id"], title=titles[item["project_id"]], status=item["status"],
                checks=[key for key in keys if item[key]],
            )
            for item in listed
        ],
    )


def regions(user, filters: Filters) -> tuple[list[RegionRow], list[Region]]:
    """Partner collectivities of both sides by région / région administrative: distinct
    collectivities and distinct projects; and every current région of both sides (the
    map's tiles). Two queries: one over PartnerFacts' covering index (grouped in its order,
    région then side then collectivity: no sort; every filter read from the entry; one row
    per project, région and side is flagged, so projects need no COUNT(DISTINCT)), and the
    régions: those counted (a former région may be) and the current ones, read through the
    (side, kind, code) index.

    PostgreSQL walks the index only if it prices its pages as cached (random_page_cost
    1.1, maillage/settings.py); at its default of 4 it read the table and sorted every
    matching row instead (150 000 projects, status=en_cours: 131 ms against 53 ms).

    A partner that is itself a région counts in that région."""
    partners = facts(PartnerFacts, user, filters).order_by()
    counts: dict[tuple[str, int | None], dict[str, int]] = {}
    for region_id, side, partners_count, projects_count in partners.values("region_id", "side").annotate(
            partners=Count("collectivity_id", distinct=True),
            projects=Count("project_id", filter=Q(first_in_region=True))).values_list(
            "region_id", "side", "partners", "projects"):
        counts[side, region_id] = {"partners": partners_count, "projects": projects_count}
    counted = [region for _side, region in counts if region]
    found = Collectivity.objects.filter(
        Q(pk__in=counted) | Q(side__in=SIDES, kind=Kind.REGION, valid_until__isnull=True)
    ).order_by().values_list("pk", "side", "code", "name", "kind", "valid_until")
    names, current = {}, []
    for pk, side, code, name, kind, valid_until in found:
        names[pk] = name
        if kind == Kind.REGION and valid_until is None and side in SIDES:
            current.append(Region(pk=pk, side=side, code=code, name=name))
    result = [
        RegionRow(side=side, region_id=region_id, name=names.get(region_id, ""), **figures)
        for (side, region_id), figures in counts.items()
    ]
    side_order = {side: index for index, side in enumerate([*SIDES, Side.OTHER])}
    result.sort(key=lambda row: (
        side_order.get(row.side, 9), row.region_id is None, -row.partners, -row.projects, row.name
    ))
    current.sort(key=lambda region: (side_order[region.side], region.code))
    return result, current


def fund_figures(filters: Filters) -> list[EnvelopeFigures]:
    """The fund's envelopes per year and side with what is committed, disbursed and
    remaining, in each side's currency (fund.figures: one query). The year and side
    filters apply; the others select projects, not envelopes."""
    side = filters.side if filters.side in SIDES else None
    return envelope_figures(year=filters.year, side=side)


def figures(user, filters: Filters) -> dict:
    """The results of the aggregate queries, as plain data (a fixed number of queries)."""
    row = project_figures(user, filters)
    per_piste, per_axis, spans, linked = piste_figures(user, filters)
    by_currency, by_side = budget_figures(row)
    overall = StatusCounts(total=row["total"], by_status={status: row[f"status_{status}"] for status in STATUSES})
    region_rows, region_list = regions(user, filters)
    return {
        "overall": overall, "unlinked": overall.total - linked if filters.plan else overall.total,
        "per_piste": per_piste, "per_axis": per_axis, "spans": spans,
        "by_currency": by_currency, "by_side": by_side, "outcomes": outcomes(row),
        "attention": attention(user, filters, row), "regions": region_rows, "region_list": region_list,
        "fund": fund_figures(filters),
        # The balance of mobility (mobility.figures: two queries); only the year filter applies.
        "mobility": mobility_trend(year=filters.year),
        # The governance's action items by status (governance.figures: two queries); no
        # filter applies, the meetings the reader may read do.
        "actions": action_figures(user),
        # The registry's twinnings by activity (registry.growth: one query); the région
        # and theme filters apply (every twinning joins both sides).
        "twinnings": twinning_figures(user, filters),
    }


def twinning_figures(user, filters: Filters) -> TwinningCounts:
    """The twinnings `user` may read, by activity, in the région and theme filtered."""
    reader = user or AnonymousUser()  # the aggregates take None for the public
    return by_status(Twinning.objects.visible_to(reader).matching(region=filters.region, theme=filters.theme))


def _cache_key(user, filters: Filters) -> str:
    # Users who see the same projects share an entry (the public, the committees and the
    # secretariat, the editors of the same collectivities): no one is ever served figures
    # computed over projects they may not read. The data version (projects.facts) moves
    # with every change of a declared source, in the writer's transaction. The same scope
    # reads the same twinnings too (registry.models.reader_scope: the same collectivities,
    # and their former records, which the data version follows).
    who = visibility_scope(user)
    params = "&".join(f"{key}={value}" for key, value in sorted(filters.as_params().items()))
    # The day too: an open action item becomes late at midnight, no data changed.
    digest = hashlib.sha256(f"{who}|{params}|{data_version()}|{timezone.localdate()}".encode()).hexdigest()
    # "5": the cached figures hold the fund's block since "2", the mobility's since "3",
    # the action items since "4", the twinnings and the régions of the map since "5";
    # older entries are not read.
    return f"dashboard:5:{digest}"


def build_dashboard(user, filters: Filters) -> Dashboard:
    """Every figure of the dashboard for this user and these filters.

    The heavy figures are cached until the data changes (projects.facts.data_version) or for
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
        fund=found["fund"],
        mobility=found["mobility"],
        actions=found["actions"],
        twinnings=found["twinnings"],
        region_list=found["region_list"],
    )
