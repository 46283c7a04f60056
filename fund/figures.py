"""The fund's figures, one definition each, read by the pages, the API and the exports:
per year and side the envelope, what is committed, disbursed and remaining; the leverage
(what the collectivities bring per unit of the fund, per currency, never across); the
applications per stage and per call; the success rates by side, région and theme. The
envelopes page and the reports page (/fonds/bilan/), their exports, the API and the
tableau de bord (the envelopes) read these.

The envelopes' figures are computed live (a few grouped queries). The report's
(`report()`: per stage, per call, success rates) are stored per call in CallFacts, the
read model CALL_FACTS declares (what each figure is computed from, and which calls a
changed row touches: the signals that keep it current are derived from it), then cached
until the data version moves. Every source of both (CALL_FACTS, FUND_FIGURES) moves the
data version the report and the tableau de bord key their cached figures on."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from projects.facts import ReadModel, bump_version, data_version, of_project
from territories.models import Collectivity

from .models import (
    Application, ApplicationYear, Call, CallFacts, CallTheme, CoApplicant, Commitment, Decision, Disbursement, Envelope,
    FundSide, Stage,
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
    # Unordered: ApplicationYear's default order would join each application for nothing.
    schedule = ApplicationYear.objects.filter(application=OuterRef("application"), year=OuterRef("year")).order_by()
    own = Case(When(side="fr", then=Subquery(schedule.values("own_eur")[:1])),
               default=Subquery(schedule.values("own_cad")[:1]), output_field=AMOUNT)
    rows = Commitment.objects.all() if year is None else Commitment.objects.filter(year=year)
    rows = rows.annotate(own=Coalesce(own, Value(ZERO), output_field=AMOUNT)).order_by().values(
        "currency").annotate(fund=Sum("amount"), own_total=Sum(F("own"))).order_by("currency")
    return {row["currency"]: Leverage(row["currency"], _cents(row["fund"]), _cents(row["own_total"])) for row in rows}


# A draft is its applicants' working copy until it is submitted: the figures count it only
# for those who read every application (`drafts=True`), never for the public.

def stages(*, drafts: bool = True) -> list[str]:
    """The stages the figures show, in order."""
    return list(Stage.values) if drafts else [stage for stage in Stage.values if stage != Stage.DRAFT]


# An application's outcome: funded (by at least one side) or not; the others are pending.
FUNDED_STAGES = (Stage.DECIDED, Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT,
                 Stage.CLOSED)
UNFUNDED_STAGES = (Stage.INELIGIBLE, Stage.NOT_SELECTED, Stage.REFUSED)
OUTCOME_STAGES = FUNDED_STAGES + UNFUNDED_STAGES
SUCCESS_GROUPS = ("side", "region", "theme")


# --- The stored figures (CallFacts) and how they are computed ----------------------------

def _counts(funded: Q, application: str = "pk", *, distinct: bool = False, where: Q | None = None) -> dict:
    """Applications with an outcome and those funded (among the rows `where` selects)."""
    where = where if where is not None else Q()
    return {"decided": Count(application, distinct=distinct, filter=where),
            "funded": Count(application, filter=where & funded, distinct=distinct)}


def _in_groups(key: str, call_ids: list[int], apps=global_apps) -> dict:
    """Per call and group (`key` of the lead, of the co-applicant: side or région), the
    applications with an applicant in it, each once: |leads ∪ partners| = |leads| +
    |partners| − |both|, where "both" are the co-applicants in the group of the
    application's lead. Two grouped queries on the fund's own tables (the applicants' side
    and territory are copied there): the collectivities are never read. Returns
    {(call id, group): [decided, funded]}."""
    lead_key = {"side": "lead_side", "region": "lead_region"}[key]
    Application, CoApplicant = (apps.get_model("fund", name) for name in ("Application", "CoApplicant"))
    funded = Q(application__stage__in=FUNDED_STAGES)
    of_leads = Application.objects.filter(call_id__in=call_ids, stage__in=OUTCOME_STAGES).exclude(
        **{lead_key: None}).order_by().values("call_id", lead_key).annotate(**_counts(Q(stage__in=FUNDED_STAGES)))
    both = Q(**{key: F(f"application__{lead_key}")})
    of_partners = CoApplicant.objects.filter(application__call_id__in=call_ids,
                                             application__stage__in=OUTCOME_STAGES).exclude(**{key: None}).order_by(
        ).values("application__call_id", key).annotate(
        **_counts(funded, "application_id", distinct=True),
        both_decided=Count("application_id", filter=both, distinct=True),
        both_funded=Count("application_id", filter=both & funded, distinct=True))
    totals: dict = {}
    for row in of_leads:
        totals[(row["call_id"], row[lead_key])] = [row["decided"], row["funded"]]
    for row in of_partners:
        total = totals.setdefault((row["application__call_id"], row[key]), [0, 0])
        total[0] += row["decided"] - row["both_decided"]
        total[1] += row["funded"] - row["both_funded"]
    return totals


def _granted_per_side(call_ids: list[int], apps=global_apps) -> dict:
    """{(call id, side): applications with an outcome and an applicant of that side, whose
    share that side granted}: one query."""
    CoApplicant, Decision = (apps.get_model("fund", name) for name in ("CoApplicant", "Decision"))
    applicant = Q(application__lead_side=F("side")) | Q(Exists(CoApplicant.objects.filter(
        application=OuterRef("application_id"), side=OuterRef("side"))))
    rows = Decision.objects.filter(granted=True, application__call_id__in=call_ids,
                                   application__stage__in=OUTCOME_STAGES).filter(applicant).order_by().values_list(
        "application__call_id", "side").annotate(n=Count("application_id"))
    return {(call_id, side): n for call_id, side, n in rows}


def compute(call_ids, apps=global_apps) -> list:
    """The unsaved CallFacts of the existing calls among `call_ids`: seven grouped queries,
    whatever the number of calls and applications. The definition of every figure of the
    report:
    - per stage: the applications at that stage (drafts included; the public's figures
      leave them out);
    - success, among the applications with an outcome (funded: DECIDED or later; not
      funded: ineligible, not selected, refused by both sides):
      - "side": those with an applicant of that side, funded when that side granted its
        share;
      - "region": an application counts in each territory (région, région
        administrative) of its applicants once, whether its lead, a co-applicant or
        several of them are there (their territories when they applied);
      - "theme": each theme of the call the application chose (by title)."""
    Application, Call, Facts, Themes = (apps.get_model("fund", name) for name in (
        "Application", "Call", "CallFacts", "Application_themes"))
    call_ids = list(Call.objects.filter(pk__in=list(call_ids)).values_list("pk", flat=True))
    if not call_ids:
        return []
    Group = CallFacts.Group
    rows = [Facts(call_id=call_id, group=Group.STAGE, key=stage, applications=n)
            for call_id, stage, n in Application.objects.filter(call_id__in=call_ids).order_by().values_list(
                "call_id", "stage").annotate(n=Count("pk"))]
    granted = _granted_per_side(call_ids, apps)
    rows += [Facts(call_id=call_id, group=Group.SIDE, key=side, applications=decided,
                       funded=granted.get((call_id, side), 0))
             for (call_id, side), (decided, _funded) in _in_groups("side", call_ids, apps).items()
             if side in FundSide.values and decided]
    rows += [Facts(call_id=call_id, group=Group.REGION, key=str(region), applications=decided, funded=funded)
             for (call_id, region), (decided, funded) in _in_groups("region", call_ids, apps).items() if decided]
    themes = Themes.objects.filter(
        application__call_id__in=call_ids, application__stage__in=OUTCOME_STAGES).order_by().values(
        "application__call_id", "calltheme__title").annotate(
        **_counts(Q(application__stage__in=FUNDED_STAGES), "application_id", distinct=True))
    rows += [Facts(call_id=row["application__call_id"], group=Group.THEME, key=row["calltheme__title"],
                       applications=row["decided"], funded=row["funded"]) for row in themes]
    return rows


def refresh(call_ids, *, create: bool = True) -> None:
    """Recompute the stored figures of these calls (a call deleted has none left).
    Moves the data version. `create` is the read model's (projects.facts.ReadModel): a
    call's rows are rewritten whether it had some or not."""
    call_ids = set(call_ids)
    with transaction.atomic():
        bump_version()
        rows = compute(call_ids)
        CallFacts.objects.filter(call_id__in=call_ids).delete()
        CallFacts.objects.bulk_create(rows, batch_size=2000)


def refresh_all(apps=global_apps) -> int:
    """Rebuild every row (after bulk writes: `maillage seed_scale`; the migration that
    created the table, with its historical models). Returns the number of calls."""
    Call, CallFacts = (apps.get_model("fund", name) for name in ("Call", "CallFacts"))
    call_ids = list(Call.objects.values_list("pk", flat=True))
    with transaction.atomic():
        bump_version(apps)
        CallFacts.objects.all().delete()
        CallFacts.objects.bulk_create(compute(call_ids, apps), batch_size=2000)
    return len(call_ids)


# --- Reading the stored figures -----------------------------------------------------------

def applications_per_stage(*, call: Call | None = None, drafts: bool = True) -> dict[str, int]:
    """Every stage (in order) with its number of applications, zero included: one query."""
    rows = CallFacts.objects.filter(group=CallFacts.Group.STAGE)
    if call is not None:
        rows = rows.filter(call=call)
    counts = dict(rows.order_by().values_list("key").annotate(n=Sum("applications")))
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
    for call_id, stage, n in CallFacts.objects.filter(group=CallFacts.Group.STAGE).values_list(
            "call_id", "key", "applications"):
        counts.setdefault(call_id, {})[stage] = n
    shown = stages(drafts=drafts)
    rows = []
    for call in Call.objects.for_list().only("title", "opens_at"):
        per_stage = {stage: counts.get(call.pk, {}).get(stage, 0) for stage in shown}
        rows.append(CallFigures(call.pk, call.title, sum(per_stage.values()), per_stage))
    return rows


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


def _success_rows(groups) -> dict[str, list[tuple[str, int, int]]]:
    """{group: [(key, decided, funded)]} summed over the calls: one grouped query."""
    found: dict[str, list] = {group: [] for group in groups}
    rows = CallFacts.objects.filter(group__in=groups).order_by().values_list("group", "key").annotate(
        decided=Sum("applications"), funded=Sum("funded"))
    for group, key, decided, funded in rows:
        found[group].append((key, decided, funded))
    return found


def _rates(by: str, rows: list[tuple[str, int, int]], regions: dict | None = None) -> list[SuccessRate]:
    if by == "side":
        labels = dict(FundSide.choices)
        rates = [SuccessRate(key, str(labels[key]), decided, funded) for key, decided, funded in rows]
    elif by == "region":
        rates = [SuccessRate(region.pk, region.name, decided, funded, side=region.side)
                 for key, decided, funded in rows if (region := regions.get(int(key))) is not None]
    else:
        rates = [SuccessRate(key, key, decided, funded) for key, decided, funded in rows]
    return sorted(rates, key=lambda rate: (rate.side, rate.label))


def _region_names(rows) -> dict:
    ids = [int(key) for key, _decided, _funded in rows]
    return {region.pk: region for region in Collectivity.objects.filter(pk__in=ids).only("name", "side")} \
        if ids else {}


def all_success_rates() -> dict[str, list[SuccessRate]]:
    """success_rates(by) for each of SUCCESS_GROUPS: two queries (the stored figures, the
    régions' names)."""
    rows = _success_rows(SUCCESS_GROUPS)
    regions = _region_names(rows["region"])
    return {by: _rates(by, rows[by], regions) for by in SUCCESS_GROUPS}


def success_rates(by: str) -> list[SuccessRate]:
    """Success of the applications that have an outcome, grouped `by` "side", "region" or
    "theme" (as `compute` defines them), sorted by side then label; read from the stored
    figures: one query (two for the régions, their names)."""
    if by not in SUCCESS_GROUPS:
        raise ValueError(f"success_rates: by side, region or theme, not {by!r}")
    rows = _success_rows([by])[by]
    return _rates(by, rows, _region_names(rows) if by == "region" else None)


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

    Read from the stored figures (CallFacts: four queries, whatever the number of
    applications), and cached until the data version moves (every change of a source
    declared below, in its writer's transaction; one query to read it) or for
    REPORT_CACHE_SECONDS at most."""
    key = f"fund-report:2:{int(drafts)}:{data_version()}"
    found = cache.get(key)
    if found is None:
        per_call = applications_per_call(drafts=drafts)
        # Summed from the calls' (every application has a call): one query less.
        per_stage = {stage: sum(row.per_stage[stage] for row in per_call) for stage in stages(drafts=drafts)}
        found = FundReport(drafts, per_stage, per_call, all_success_rates())
        cache.set(key, found, REPORT_CACHE_SECONDS)
    return found


# --- The declaration ------------------------------------------------------------------------

def _calls_of_applications(column: str = "application_id"):
    """`projects` (here: the calls) of rows that name their application in `column`."""
    def calls(rows):
        if isinstance(rows, models.QuerySet):
            ids = rows.order_by().values(column)
        else:
            ids = [getattr(row, column) for row in rows]
        return set(Application.objects.filter(pk__in=ids).values_list("call_id", flat=True))
    return calls


def _calls_of_themes(rows):
    ids = rows.order_by().values("pk") if isinstance(rows, models.QuerySet) else [row.pk for row in rows]
    return set(CallTheme.objects.filter(pk__in=ids).values_list("call_id", flat=True))


def _computed_live(ids, *, create: bool = True) -> None:
    """The envelopes' figures are computed on reading: nothing is stored."""


# The report's figures, stored per call (CallFacts): each source names the calls whose
# figures its rows change; an application never moves to another call (key).
CALL_FACTS = ReadModel("fund-call-facts", refresh=refresh)
CALL_FACTS.depends_on("fund.Application", fields=("stage", "call", "lead_side", "lead_region"), key=("call",),
                      projects=of_project("call_id"))
CALL_FACTS.depends_on("fund.Application_themes", fields=("calltheme",), key=("application",),
                      projects=_calls_of_applications())
CALL_FACTS.depends_on("fund.CoApplicant", fields=("application", "side", "region"), key=("application",),
                      projects=_calls_of_applications())
CALL_FACTS.depends_on("fund.Decision", fields=("application", "side", "granted"), key=("application",),
                      projects=_calls_of_applications())
CALL_FACTS.depends_on("fund.CallTheme", fields=("title",), key=("call",), projects=of_project("call_id"))
# Read live beside the stored figures: the calls' titles and order, the régions' names.
CALL_FACTS.depends_on("fund.Call", fields=("title", "opens_at"))
CALL_FACTS.depends_on("territories.Collectivity", fields=("name",))

# The envelopes, the leverage and the tableau de bord's fund figures, computed live.
FUND_FIGURES = ReadModel("fund-figures", refresh=_computed_live)
for model, fields in (
    ("fund.Envelope", ("side", "year", "amount", "currency")),
    ("fund.Commitment", ("side", "year", "amount", "currency")),
    ("fund.Disbursement", ("side", "year", "amount", "currency")),
    ("fund.ApplicationYear", ("year", "fund_eur", "fund_cad", "own_eur", "own_cad")),
    ("fund.Application", ("project",)),
):
    FUND_FIGURES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready)."""
    CALL_FACTS.connect()
    FUND_FIGURES.connect()
