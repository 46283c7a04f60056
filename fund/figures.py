"""The fund's figures, one definition each, read by the pages, the API and the exports:
per year and side the envelope, what is committed, disbursed and remaining; the leverage
(what the collectivities bring per unit of the fund, per currency, never across); the
applications per stage and per call; the success rates by side, région and theme. The
envelopes page and the reports page (/fonds/bilan/), their exports, the API and the
tableau de bord (the envelopes) read these.

They are computed live (a few grouped queries); the report's (`report()`) are cached
until the data version moves. The fund's sources are declared on the read model
(FUND_FIGURES) so that every change moves the data version the report and the tableau de
bord key their cached figures on."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from projects.facts import ReadModel, data_version
from territories.models import Collectivity

from .models import (
    Application, ApplicationYear, Call, CoApplicant, Commitment, Decision, Disbursement, Envelope, FundSide, Stage,
)
from .money import CENT, Money

ZERO = Decimal("0")
AMOUNT = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class EnvelopeFigures:
    year: int
    side: str
    currency: str
    amount: Decimal
    committed: Decimal
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal:
        """What can still be committed."""
        return self.amount - self.committed

    def money(self, figure: str) -> Money:
        return Money(getattr(self, figure), self.currency)


def _total(model, **where):
    rows = model.objects.filter(side=OuterRef("side"), year=OuterRef("year"), **where).order_by().values(
        "side").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(rows, output_field=AMOUNT), Value(ZERO), output_field=AMOUNT)


def envelopes(*, year: int | None = None, side: str | None = None):
    """The envelopes (a QuerySet) annotated with `committed` and `disbursed`: one query."""
    rows = Envelope.objects.all()
    if year is not None:
        rows = rows.filter(year=year)
    if side is not None:
        rows = rows.filter(side=side)
    return rows.annotate(committed=_total(Commitment), disbursed=_total(Disbursement)).order_by("year", "side")


def _cents(value) -> Decimal:
    # SQLite's SUM loses the scale of a decimal ("12000.5", "0"): every figure in cents.
    return Decimal(value).quantize(CENT)


def figures_of(envelope: Envelope) -> EnvelopeFigures:
    """The figures of one envelope read through `envelopes()`."""
    return EnvelopeFigures(envelope.year, envelope.side, envelope.currency, _cents(envelope.amount),
                           _cents(envelope.committed), _cents(envelope.disbursed))


def envelope_figures(*, year: int | None = None, side: str | None = None) -> list[EnvelopeFigures]:
    return [figures_of(envelope) for envelope in envelopes(year=year, side=side)]


@dataclass(frozen=True)
class Leverage:
    """For one currency: what the fund committed, what the collectivities of that side
    bring themselves for the same years, and how much they bring per unit of the fund."""

    currency: str
    fund: Decimal
    own: Decimal

    @property
    def ratio(self) -> Decimal | None:
        return (self.own / self.fund).quantize(Decimal("0.01"), ROUND_HALF_UP) if self.fund else None


def leverage(*, year: int | None = None) -> dict[str, Leverage]:
    """Per currency (EUR, CAD), over the commitments (of `year` if given): one query."""
    schedule = ApplicationYear.objects.filter(application=OuterRef("application"), year=OuterRef("year"))
    own = Case(When(side="fr", then=Subquery(schedule.values("own_eur")[:1])),
               default=Subquery(schedule.values("own_cad")[:1]), output_field=AMOUNT)
    rows = Commitment.objects.all() if year is None else Commitment.objects.filter(year=year)
    rows = rows.annotate(own=Coalesce(own, Value(ZERO), output_field=AMOUNT)).order_by().values(
        "currency").annotate(fund=Sum("amount"), own_total=Sum(F("own"))).order_by("currency")
    return {row["currency"]: Leverage(row["currency"], _cents(row["fund"]), _cents(row["own_total"])) for row in rows}


# A draft is its applicants' working copy until it is submitted: the figures count it only
# for those who read every application (`drafts=True`), never for the public.
def _applications(*, drafts: bool):
    return Application.objects.all() if drafts else Application.objects.exclude(stage=Stage.DRAFT)


def stages(*, drafts: bool = True) -> list[str]:
    """The stages the figures show, in order."""
    return list(Stage.values) if drafts else [stage for stage in Stage.values if stage != Stage.DRAFT]


def applications_per_stage(*, call: Call | None = None, drafts: bool = True) -> dict[str, int]:
    """Every stage (in order) with its number of applications, zero included: one query."""
    rows = _applications(drafts=drafts)
    if call is not None:
        rows = rows.filter(call=call)
    counts = dict(rows.order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage: counts.get(stage, 0) for stage in stages(drafts=drafts)}


@dataclass(frozen=True)
class CallFigures:
    call_id: int
    title: str
    applications: int
    per_stage: dict[str, int]

    @property
    def funded(self) -> int:
        return sum(self.per_stage.get(stage, 0) for stage in FUNDED_STAGES)

    @property
    def not_funded(self) -> int:
        return sum(self.per_stage.get(stage, 0) for stage in UNFUNDED_STAGES)

    @property
    def stages_held(self) -> list[tuple[str, int]]:
        """(label, number) of the stages that hold applications of the call, in order."""
        return [(Stage(stage).label, n) for stage, n in self.per_stage.items() if n]

    @property
    def pending(self) -> int:
        """Applications without an outcome yet (drafts included when counted)."""
        return self.applications - self.funded - self.not_funded


def applications_per_call(*, drafts: bool = True) -> list[CallFigures]:
    """Each call, newest first, with its applications in all and per stage: two queries."""
    counts: dict[int, dict[str, int]] = {}
    for call_id, stage, n in _applications(drafts=drafts).order_by().values_list("call_id", "stage").annotate(
            n=Count("pk")):
        counts.setdefault(call_id, {})[stage] = n
    shown = stages(drafts=drafts)
    return [CallFigures(call.pk, call.title, sum(counts.get(call.pk, {}).values()),
                        {stage: counts.get(call.pk, {}).get(stage, 0) for stage in shown})
            for call in Call.objects.for_list().only("title", "opens_at")]


# An application's outcome: funded (by at least one side) or not; the others are pending.
FUNDED_STAGES = (Stage.DECIDED, Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT,
                 Stage.CLOSED)
UNFUNDED_STAGES = (Stage.INELIGIBLE, Stage.NOT_SELECTED, Stage.REFUSED)
OUTCOME_STAGES = FUNDED_STAGES + UNFUNDED_STAGES
SUCCESS_GROUPS = ("side", "region", "theme")


@dataclass(frozen=True)
class SuccessRate:
    key: str | int
    label: str
    decided: int  # applications with an outcome
    funded: int
    side: str = ""  # a région's side

    @property
    def rate(self) -> Decimal | None:
        """Percent of the decided applications that were funded."""
        return (Decimal(100 * self.funded) / self.decided).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if self.decided else None


def _counts(funded: Q, application: str = "pk", *, distinct: bool = False, where: Q | None = None) -> dict:
    """Applications with an outcome and those funded (among the rows `where` selects)."""
    where = where if where is not None else Q()
    return {"decided": Count(application, distinct=distinct, filter=where),
            "funded": Count(application, filter=where & funded, distinct=distinct)}


def _in_groups(key: str) -> dict:
    """Per group (`key` of the lead, of the co-applicant: side or région), the applications
    with an applicant in it, each once: |leads ∪ partners| = |leads| + |partners| − |both|,
    where "both" are the co-applicants in the group of the application's lead. Two grouped
    queries on the fund's own tables (the applicants' side and territory are copied there):
    the collectivities are never read. Returns {group: [decided, funded]}."""
    lead_key = {"side": "lead_side", "region": "lead_region"}[key]
    funded = Q(application__stage__in=FUNDED_STAGES)
    of_leads = Application.objects.filter(stage__in=OUTCOME_STAGES).exclude(**{lead_key: None}).order_by().values(
        lead_key).annotate(**_counts(Q(stage__in=FUNDED_STAGES)))
    both = Q(**{key: F(f"application__{lead_key}")})
    of_partners = CoApplicant.objects.filter(application__stage__in=OUTCOME_STAGES).exclude(**{key: None}).order_by(
        ).values(key).annotate(**_counts(funded, "application_id", distinct=True),
                               both_decided=Count("application_id", filter=both, distinct=True),
                               both_funded=Count("application_id", filter=both & funded, distinct=True))
    totals: dict = {}
    for row in of_leads:
        totals[row[lead_key]] = [row["decided"], row["funded"]]
    for row in of_partners:
        total = totals.setdefault(row[key], [0, 0])
        total[0] += row["decided"] - row["both_decided"]
        total[1] += row["funded"] - row["both_funded"]
    return totals


def _by_side() -> list[SuccessRate]:
    """Three queries: per side, the applications with an applicant of that side, and those
    of them that side granted its share (its granted decisions on them)."""
    totals = _in_groups("side")
    applicant = Q(application__lead_side=F("side")) | Q(Exists(CoApplicant.objects.filter(
        application=OuterRef("application_id"), side=OuterRef("side"))))
    granted = dict(Decision.objects.filter(granted=True, application__stage__in=OUTCOME_STAGES).filter(
        applicant).order_by().values_list("side").annotate(n=Count("application_id")))
    return [SuccessRate(side, str(label), totals[side][0], granted.get(side, 0))
            for side, label in FundSide.choices if totals.get(side, [0])[0]]


def _by_region() -> list[SuccessRate]:
    """Three queries. An application counts in each région of its applicants once, whether
    its lead, a co-applicant or several of them are there (their territories when they
    applied, copied on the application and its co-applicants)."""
    totals = _in_groups("region")
    regions = Collectivity.objects.filter(pk__in=list(totals)).only("name", "side")
    return [SuccessRate(region.pk, region.name, *totals[region.pk], side=region.side) for region in regions]


def _by_theme() -> list[SuccessRate]:
    """One query: per theme title (a call's themes; the same title in two calls is one theme)."""
    rows = Application.themes.through.objects.filter(application__stage__in=OUTCOME_STAGES).order_by().values(
        "calltheme__title").annotate(**_counts(Q(application__stage__in=FUNDED_STAGES), "application_id",
                                               distinct=True))
    return [SuccessRate(row["calltheme__title"], row["calltheme__title"], row["decided"], row["funded"])
            for row in rows]


def success_rates(by: str) -> list[SuccessRate]:
    """Success of the applications that have an outcome (funded: DECIDED or later;
    not funded: ineligible, not selected, refused by both sides), grouped `by`:
    - "side": the applications with an applicant of that side, funded when that side
      granted its share;
    - "region": the territory (région, région administrative) of each applicant;
    - "theme": each theme of the call the application chose.
    Sorted by side then label; a few grouped queries, whatever the number of applications."""
    groups = {"side": _by_side, "region": _by_region, "theme": _by_theme}
    if by not in groups:
        raise ValueError(f"success_rates: by side, region or theme, not {by!r}")
    return sorted(groups[by](), key=lambda rate: (rate.side, rate.label))


@dataclass(frozen=True)
class FundReport:
    """The reports page's figures (/fonds/bilan/) and its exports'."""

    drafts: bool  # drafts counted (for those who read every application)
    per_stage: dict[str, int]
    per_call: list[CallFigures]
    success: dict[str, list[SuccessRate]]  # by side, région, theme


REPORT_CACHE_SECONDS = 3600


def report(*, drafts: bool = False) -> FundReport:
    """Applications per stage and per call, success rates by side, région and theme.

    Cached until the data version moves (every change of a source declared below, in its
    writer's transaction; one query to read it) or for REPORT_CACHE_SECONDS at most:
    computing them reads every application (about ten grouped queries)."""
    key = f"fund-report:1:{int(drafts)}:{data_version()}"
    found = cache.get(key)
    if found is None:
        per_call = applications_per_call(drafts=drafts)
        # Summed from the calls' (every application has a call): one query less.
        per_stage = {stage: sum(row.per_stage[stage] for row in per_call) for stage in stages(drafts=drafts)}
        found = FundReport(drafts, per_stage, per_call, {by: success_rates(by) for by in SUCCESS_GROUPS})
        cache.set(key, found, REPORT_CACHE_SECONDS)
    return found


def _computed_live(ids, *, create: bool = True) -> None:
    """Nothing is stored: the figures above are computed on reading."""


FUND_FIGURES = ReadModel("fund-figures", refresh=_computed_live)
for model, fields in (
    ("fund.Envelope", ("side", "year", "amount", "currency")),
    ("fund.Commitment", ("side", "year", "amount", "currency")),
    ("fund.Disbursement", ("side", "year", "amount", "currency")),
    ("fund.ApplicationYear", ("year", "fund_eur", "fund_cad", "own_eur", "own_cad")),
    ("fund.Application", ("stage", "call", "project", "lead_side", "lead_region")),
    ("fund.Application_themes", ("calltheme",)),
    ("fund.CoApplicant", ("application", "side", "region")),
    ("fund.Decision", ("application", "side", "granted")),
    ("fund.Call", ("title", "opens_at")),
    ("fund.CallTheme", ("title",)),
):
    FUND_FIGURES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready)."""
    FUND_FIGURES.connect()
