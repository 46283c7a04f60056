"""The map of agreements and twinnings: one circle per région of each side, sized by the
number of links, drawn server-side as SVG from the coordinates shipped in
registry/data/regions.csv (see SOURCES.md) — no tile, no script, no network.

Projection: equirectangular, each panel (metropolitan France | Québec) scaled to its box,
longitudes shrunk by cos(mean latitude) so that shapes keep their proportions. Overseas
régions have no place on the panels; they keep theirs in the table (the text alternative).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count

from territories.models import Collectivity, Side

from .models import LinkPlace

DATA = Path(__file__).parent / "data" / "regions.csv"
PANEL_WIDTH, PANEL_HEIGHT, MARGIN = 360, 320, 24
# The boxes of the panels: (min longitude, max longitude, min latitude, max latitude).
BOXES = {Side.FRANCE: (-5.5, 10.0, 41.0, 51.5), Side.QUEBEC: (-80.0, -63.5, 44.8, 50.5)}
MAX_RADIUS, MIN_RADIUS = 22.0, 3.0


@dataclass(frozen=True)
class Place:
    side: str
    code: str
    name: str
    chef_lieu: str
    latitude: float
    longitude: float


@dataclass
class Point:
    place: Place
    agreements: int
    twinnings: int
    x: float | None = None
    y: float | None = None
    r: float = 0.0

    @property
    def total(self) -> int:
        return self.agreements + self.twinnings


@cache
def places() -> dict[tuple[str, str], Place]:
    """The shipped coordinates, by (side, code)."""
    with DATA.open(encoding="utf-8") as file:
        return {
            (row["side"], row["code"]): Place(
                row["side"], row["code"], row["name"], row["chef_lieu"],
                float(row["latitude"]), float(row["longitude"]),
            )
            for row in csv.DictReader(file)
        }


def project(side: str, latitude: float, longitude: float) -> tuple[float, float] | None:
    """(x, y) in the panel of `side`, None outside its box."""
    west, east, south, north = BOXES[side]
    if not (west <= longitude <= east and south <= latitude <= north):
        return None
    shrink = math.cos(math.radians((south + north) / 2))
    scale = min(
        (PANEL_WIDTH - 2 * MARGIN) / ((east - west) * shrink),
        (PANEL_HEIGHT - 2 * MARGIN) / (north - south),
    )
    return (
        round(MARGIN + (longitude - west) * shrink * scale, 1),
        round(MARGIN + (north - latitude) * scale, 1),
    )


def figures(agreements, twinnings) -> dict[str, list[Point]]:
    """Points per side: each shipped région with the number of visible agreements one of
    whose parties lies in it, and of visible twinnings whose collectivity of that side lies
    in it (today's région, Succession followed one step: the registry's read model,
    LinkPlace). Three queries."""
    regions = LinkPlace.objects.filter(is_region=True)
    counts = {
        "agreements": dict(
            regions.filter(agreement__in=agreements.order_by().values("pk")).values("area_id")
            .annotate(n=Count("agreement_id", distinct=True)).order_by().values_list("area_id", "n")),
        "twinnings": dict(
            regions.filter(twinning__in=twinnings.order_by().values("pk")).values("area_id")
            .annotate(n=Count("twinning_id", distinct=True)).order_by().values_list("area_id", "n")),
    }
    codes = dict(
        (pk, (side, code)) for pk, side, code in Collectivity.objects.filter(
            pk__in=set(counts["agreements"]) | set(counts["twinnings"])).values_list("pk", "side", "code")
    )
    by_place: dict[tuple[str, str], list[int]] = {key: [0, 0] for key in places()}
    for kind, index in (("agreements", 0), ("twinnings", 1)):
        for pk, n in counts[kind].items():
            key = codes.get(pk)
            if key in by_place:
                by_place[key][index] += n
    return _points(by_place)


def _points(by_place) -> dict[str, list[Point]]:
    points = [Point(places()[key], a, t) for key, (a, t) in by_place.items()]
    biggest = max((p.total for p in points), default=0) or 1
    for point in points:
        xy = project(point.place.side, point.place.latitude, point.place.longitude)
        if xy:
            point.x, point.y = xy
        # Area proportional to the count; an empty région keeps a dot.
        point.r = round(max(MIN_RADIUS, MAX_RADIUS * math.sqrt(point.total / biggest)), 1)
    return {
        side: sorted((p for p in points if p.place.side == side), key=lambda p: p.place.name)
        for side in (Side.FRANCE, Side.QUEBEC)
    }
