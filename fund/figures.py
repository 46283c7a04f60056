"""The fund's figures, one definition each, read by the pages, the API and the exports:
per year and side the envelope, what is committed, disbursed and remaining; the leverage
(what the collectivities bring per unit of the fund, per currency, never across); the
applications per stage and per call.

They are computed live (a few grouped queries). The fund's sources are declared on the
read model (FUND_FIGURES) so that every change moves the data version the tableau de bord
keys its cached figures on."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from projects.facts import ReadModel
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


def applications_per_stage(*, call: Call | None = None) -> dict[str, int]:
    """Every stage (in order) with its number of applications, zero included."""
    rows = Application.objects.all() if call is None else Application.objects.filter(call=call)
    counts = dict(rows.order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage: counts.get(stage, 0) for stage in Stage.values}


@dataclass(frozen=True)
class CallFigures:
    call_id: int
    title: str
    applications: int
    per_stage: dict[str, int]


def applications_per_call() -> list[CallFigures]:
    """Each call, newest first, with its applications in all and per stage: two queries."""
    counts: dict[int, dict[str, int]] = {}
    for call_id, stage, n in Application.objects.order_by().values_list("call_id", "stage").annotate(n=Count("pk")):
        counts.setdefault(call_id, {})[stage] = n
    return [CallFigures(call.pk, call.title, sum(counts.get(call.pk, {}).values()),
                        {stage: counts.get(call.pk, {}).get(stage, 0) for stage in Stage.values})
            for call in Call.objects.for_list().only("title", "opens_at")]


# An application's outcome: funded (by at least one side) or not; the others are pending.
FUNDED_STAGES = (Stage.DECIDED, Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT,
                 Stage.CLOSED)
UNFUNDED_STAGES = (Stage.INELIGIBLE, Stage.NOT_SELECTED, Stage.REFUSED)


@dataclass(frozen=True)
class SuccessRate:
    key: str | int
    label: str
    decided: int  # applications with an outcome
    funded: int

    @property
    def rate(self) -> Decimal | None:
        """Percent of the decided applications that were funded."""
        return (Decimal(100 * self.funded) / self.decided).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if self.decided else None


def success_rates(by: str) -> list[SuccessRate]:
    """Success of the applications that have an outcome (funded: DECIDED or later;
    not funded: ineligible, not selected, refused by both sides), grouped `by`:
    - "side": the applications with an applicant of that side, funded when that side
      granted its share;
    - "region": the territory (région, région administrative) of each applicant;
    - "theme": each theme of the call the application chose.
    A few queries, whatever the number of applications."""
    outcomes = dict(Application.objects.filter(stage__in=FUNDED_STAGES + UNFUNDED_STAGES).values_list("pk", "stage"))
    funded = {pk for pk, stage in outcomes.items() if stage in FUNDED_STAGES}
    groups: dict[object, set[int]] = {}
    wins: dict[object, set[int]] = {}
    labels: dict[object, str] = {}
    if by == "theme":
        links = Application.themes.through.objects.filter(application_id__in=outcomes).values_list(
            "application_id", "calltheme__title")
        for pk, title in links:
            groups.setdefault(title, set()).add(pk)
            labels[title] = title
        wins = {key: members & funded for key, members in groups.items()}
    elif by in {"side", "region"}:
        applicants = list(Application.objects.filter(pk__in=outcomes).values_list(
            "pk", "lead__side", "lead__kind", "lead_id", "lead__region_id"))
        applicants += list(CoApplicant.objects.filter(application_id__in=outcomes).values_list(
            "application_id", "side", "collectivity__kind", "collectivity_id", "collectivity__region_id"))
        for pk, side, kind, collectivity_id, region_id in applicants:
            key = side if by == "side" else (collectivity_id if kind == "region" else region_id)
            if key is not None:
                groups.setdefault(key, set()).add(pk)
        if by == "side":
            granted = Decision.objects.filter(application_id__in=outcomes, granted=True).values_list(
                "side", "application_id")
            for side, pk in granted:
                wins.setdefault(side, set()).add(pk)
            labels = {side: str(label) for side, label in FundSide.choices}
        else:
            wins = {key: members & funded for key, members in groups.items()}
            labels = dict(Collectivity.objects.filter(pk__in=groups).values_list("pk", "name"))
    else:
        raise ValueError(f"success_rates: by side, region or theme, not {by!r}")
    return sorted((SuccessRate(key, labels.get(key, str(key)), len(members), len(wins.get(key, set()) & members))
                   for key, members in groups.items()), key=lambda rate: rate.label)


def _computed_live(ids, *, create: bool = True) -> None:
    """Nothing is stored: the figures above are computed on reading."""


FUND_FIGURES = ReadModel("fund-figures", refresh=_computed_live)
for model, fields in (
    ("fund.Envelope", ("side", "year", "amount", "currency")),
    ("fund.Commitment", ("side", "year", "amount", "currency")),
    ("fund.Disbursement", ("side", "year", "amount", "currency")),
    ("fund.ApplicationYear", ("year", "fund_eur", "fund_cad", "own_eur", "own_cad")),
    ("fund.Application", ("stage", "call", "project")),
    ("fund.Call", ("title",)),
):
    FUND_FIGURES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready)."""
    FUND_FIGURES.connect()
