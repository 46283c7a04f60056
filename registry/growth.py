"""Growth of twinning: new twinnings per year and cumulative, per région of each side, by
activity; the dormant twinnings to revive; the invitation list of a meeting of every twinned
collectivity.

A twinning *to revive* is one marked dormant, or one still marked active whose last
exchange is more than `DORMANT_AFTER_YEARS` years old (a twinning with no recorded exchange
is judged by its status alone). Ended twinnings are neither counted as active nor invited.

A twinning's région is the région of its collectivity's entity today (territories
Succession, one step), or the collectivity itself when it is a région: the registry's read
model stores it (registry/places.py).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.collation import french
from territories.models import Collectivity, Side

from .models import LinkPlace, Twinning, TwinningCommittee

DORMANT_AFTER_YEARS = 3


@dataclass
class YearRow:
    year: int
    new: int
    cumulative: int


@dataclass
class RegionRow:
    region: Collectivity
    active: int
    dormant: int
    ended: int

    @property
    def total(self) -> int:
        return self.active + self.dormant + self.ended


@dataclass(frozen=True)
class TwinningCounts:
    """Twinnings by activity (their status)."""

    active: int = 0
    dormant: int = 0
    ended: int = 0

    @property
    def total(self) -> int:
        return self.active + self.dormant + self.ended


def by_status(twinnings) -> TwinningCounts:
    """`twinnings` (a QuerySet) counted by status. One query."""
    counts = twinnings.order_by().aggregate(
        active=Count("pk", filter=Q(status=Twinning.Status.ACTIVE)),
        dormant=Count("pk", filter=Q(status=Twinning.Status.DORMANT)),
        ended=Count("pk", filter=Q(status=Twinning.Status.ENDED)),
    )
    return TwinningCounts(**counts)


def per_year(twinnings) -> list[YearRow]:
    """New twinnings per year of `since_year` (or of `since`), with the running total.
    One query."""
    counts = (
        twinnings.annotate(year=Coalesce("since_year", F("since__year")))
        .exclude(year=None)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    rows, total = [], 0
    for row in counts:
        total += row["n"]
        rows.append(YearRow(row["year"], row["n"], total))
    return rows


def per_region(twinnings, side_field: str) -> list[RegionRow]:
    """Twinnings per région of their `side_field` ("french" or "quebec") collectivity today
    (the registry's read model, LinkPlace), by status. Two queries: the counts, the
    régions."""
    side = Side.FRANCE if side_field == "french" else Side.QUEBEC
    counts = (
        LinkPlace.objects.filter(is_region=True, side=side, twinning__in=twinnings.order_by().values("pk"))
        .values("area_id", "twinning__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = list(counts)
    regions = Collectivity.objects.in_bulk({c["area_id"] for c in counts})
    rows: dict[int, RegionRow] = {}
    for c in counts:
        region = regions[c["area_id"]]
        row = rows.setdefault(region.pk, RegionRow(region, 0, 0, 0))
        status = {Twinning.Status.ACTIVE: "active", Twinning.Status.DORMANT: "dormant"}.get(
            c["twinning__status"], "ended"
        )
        setattr(row, status, getattr(row, status) + c["n"])
    return sorted(rows.values(), key=lambda r: (-r.total, r.region.name))


def to_revive(twinnings, *, today: datetime.date | None = None):
    """The twinnings to revive (see the module's docstring), oldest exchange first."""
    today = today or datetime.date.today()
    limit = today.replace(year=today.year - DORMANT_AFTER_YEARS)
    return (
        twinnings.filter(
            Q(status=Twinning.Status.DORMANT)
            | Q(status=Twinning.Status.ACTIVE, last_exchange__lt=limit)
        )
        .select_related("french", "quebec")
        .order_by(F("last_exchange").asc(nulls_first=True), "pk")
    )


def invitations(twinnings):
    """Every twinning not ended, with both collectivities and their committees (two
    queries)."""
    return (
        twinnings.exclude(status=Twinning.Status.ENDED)
        .select_related("french", "quebec")
        .prefetch_related(Prefetch("committees", queryset=TwinningCommittee.objects.order_by("side", "pk")))
        .order_by(french("french__name"), french("quebec__name"), "pk")
    )


def _committee(twinning, side: str) -> TwinningCommittee | None:
    return next((c for c in twinning.committees.all() if c.side == side), None)


def _field(side: str, name: str):
    def value(twinning):
        committee = _committee(twinning, side)
        return getattr(committee, name) if committee else ""
    return value


def invitation_columns():
    columns = [
        (_("Collectivité française"), lambda t: t.french.name),
        (_("Code France"), lambda t: t.french.code),
        (_("Collectivité québécoise"), lambda t: t.quebec.name),
        (_("Code Québec"), lambda t: t.quebec.code),
        (_("Nature"), lambda t: t.get_kind_display()),
        (_("Activité"), lambda t: t.get_status_display()),
        (_("Depuis"), lambda t: t.since_year or ""),
    ]
    for side, label in (("fr", _("France")), ("qc", _("Québec"))):
        columns += [
            (_("Comité %(side)s") % {"side": label}, _field(side, "name")),
            (_("Contact %(side)s") % {"side": label}, _field(side, "contact_name")),
            (_("Courriel %(side)s") % {"side": label}, _field(side, "email")),
            (_("Téléphone %(side)s") % {"side": label}, _field(side, "phone")),
        ]
    return columns
