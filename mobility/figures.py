"""The balance of mobility, one definition read by the pages, the API, the exports and the
tableau de bord: participants per direction, per year, per kind and per région, the
imbalance (France → Québec less Québec → France), its trend over the years and the
committee's target.

The figures are computed on reading with a few grouped queries, whatever the number of
exchanges. Their sources are declared on the read model (MOBILITY_FIGURES), so that every
change of an exchange or a target moves the data version the tableau de bord keys its
cached figures on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from projects.facts import ReadModel
from territories.models import Kind

from .models import Direction, Exchange, ExchangeKind, Target


@dataclass(frozen=True)
class Counts:
    """Participants each way."""

    fr_to_qc: int = 0
    qc_to_fr: int = 0

    @property
    def total(self) -> int:
        return self.fr_to_qc + self.qc_to_fr

    @property
    def imbalance(self) -> int:
        """France → Québec less Québec → France: positive when more leave France."""
        return self.fr_to_qc - self.qc_to_fr


@dataclass(frozen=True)
class KindBalance(Counts):
    kind: str = ""

    @property
    def label(self) -> str:
        return str(ExchangeKind(self.kind).label)


@dataclass(frozen=True)
class RegionBalance:
    """A région of either side: the participants its collectivities send, and those they host."""

    region_id: int
    name: str
    side: str
    sent: int = 0
    hosted: int = 0

    @property
    def imbalance(self) -> int:
        return self.sent - self.hosted


class Trend:
    NARROWING = "narrowing"
    WIDENING = "widening"
    STEADY = "steady"


@dataclass(frozen=True)
class YearBalance(Counts):
    year: int = 0
    target: Target | None = None
    # How the imbalance (its size) moved since the year before (None: the first year).
    trend: str | None = None

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.target.is_met(self.fr_to_qc, self.qc_to_fr)


@dataclass(frozen=True)
class Balance(Counts):
    year: int | None = None
    by_kind: list[KindBalance] = field(default_factory=list)
    by_region: list[RegionBalance] = field(default_factory=list)
    target: Target | None = None

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.target.is_met(self.fr_to_qc, self.qc_to_fr)


def _per_direction(prefix: str = "") -> dict:
    return {name: Coalesce(Sum(f"{prefix}participants", filter=Q(direction=direction)), Value(0))
            for name, direction in (("fr_to_qc", Direction.FR_TO_QC), ("qc_to_fr", Direction.QC_TO_FR))}


def _exchanges(year: int | None):
    rows = Exchange.objects.order_by()
    return rows.for_year(year) if year is not None else rows


def by_kind(year: int | None = None) -> list[KindBalance]:
    """Every kind, in the order of ExchangeKind, zero where no exchange (one query)."""
    found = {row["kind"]: row for row in _exchanges(year).values("kind").annotate(**_per_direction())}
    return [KindBalance(kind=kind, fr_to_qc=found.get(kind, {}).get("fr_to_qc", 0),
                        qc_to_fr=found.get(kind, {}).get("qc_to_fr", 0)) for kind in ExchangeKind.values]


def _region_of(role: str) -> dict:
    """The région of the `role` ("sending", "host") collectivity: itself when it is a région."""
    collectivity = f"{role}_collectivity"
    is_region = Q(**{f"{collectivity}__kind": Kind.REGION})
    return {
        "region_id": Case(When(is_region, then=F(f"{collectivity}_id")), default=F(f"{collectivity}__region_id"),
                          output_field=IntegerField()),
        "region_name": Case(When(is_region, then=F(f"{collectivity}__name")),
                            default=F(f"{collectivity}__region__name")),
        "region_side": F(f"{collectivity}__side"),
    }


def by_region(year: int | None = None) -> list[RegionBalance]:
    """The régions with participants sent or hosted, by side then name (two queries).
    Exchanges whose collectivity lies in no known région (a named body) are left out."""
    regions: dict[int, dict] = {}
    for role, figure in (("sending", "sent"), ("host", "hosted")):
        rows = (_exchanges(year).filter(**{f"{role}_collectivity__isnull": False}).values(**_region_of(role))
                .annotate(count=Sum("participants")).filter(region_id__isnull=False))
        for row in rows:
            entry = regions.setdefault(row["region_id"], {"name": row["region_name"], "side": row["region_side"]})
            entry[figure] = entry.get(figure, 0) + row["count"]
    return sorted((RegionBalance(region_id=pk, name=e["name"], side=e["side"], sent=e.get("sent", 0),
                                 hosted=e.get("hosted", 0)) for pk, e in regions.items()),
                  key=lambda r: (r.side, r.name))


def balance(year: int | None = None) -> Balance:
    """The balance of `year` (every year when None): per direction, per kind, per région,
    with the year's target. Four queries."""
    kinds = by_kind(year)
    target = Target.objects.filter(year=year).first() if year is not None else None
    return Balance(year=year, fr_to_qc=sum(k.fr_to_qc for k in kinds), qc_to_fr=sum(k.qc_to_fr for k in kinds),
                   by_kind=kinds, by_region=by_region(year), target=target)


def _trend(previous: int | None, current: int) -> str | None:
    if previous is None:
        return None
    if abs(current) < abs(previous):
        return Trend.NARROWING
    return Trend.WIDENING if abs(current) > abs(previous) else Trend.STEADY


def trend(*, year: int | None = None) -> list[YearBalance]:
    """Every year with an exchange or a target, oldest first: participants each way, the
    imbalance and how it moved since the year before, the target and whether it is met.
    `year` keeps that year only (its trend still compares with the year before). Two queries."""
    rows = {row["year"]: row for row in Exchange.objects.order_by().annotate(year=ExtractYear("start_date"))
            .values("year").annotate(**_per_direction())}
    targets = {t.year: t for t in Target.objects.all()}
    found, previous = [], None
    for each in sorted(set(rows) | set(targets)):
        counts = rows.get(each, {})
        fr_to_qc, qc_to_fr = counts.get("fr_to_qc", 0), counts.get("qc_to_fr", 0)
        found.append(YearBalance(year=each, fr_to_qc=fr_to_qc, qc_to_fr=qc_to_fr, target=targets.get(each),
                                 trend=_trend(previous, fr_to_qc - qc_to_fr)))
        previous = fr_to_qc - qc_to_fr
    return [row for row in found if year is None or row.year == year]


def years() -> list[int]:
    """The years with an exchange, latest first (one query)."""
    return sorted({d.year for d in Exchange.objects.dates("start_date", "year")}, reverse=True)


def _computed_live(ids, *, create: bool = True) -> None:
    """Nothing is stored: the figures above are computed on reading."""


MOBILITY_FIGURES = ReadModel("mobility-figures", refresh=_computed_live)
for model, fields in (
    ("mobility.Exchange", ("kind", "direction", "start_date", "participants", "sending_collectivity",
                           "host_collectivity")),
    ("mobility.Target", ("year", "max_imbalance", "min_per_direction")),
    # The régions are read from the collectivities.
    ("territories.Collectivity", ("kind", "region", "name", "side")),
):
    MOBILITY_FIGURES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready)."""
    MOBILITY_FIGURES.connect()
