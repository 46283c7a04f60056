"""Where a collectivity lies, for the open-data exports.

The registry of collectivities (territories.Collectivity) stores no latitude, longitude or
centroid. The only coordinates the project ships are those of registry/data/regions.csv:
the chef-lieu of each French région and a main town of each Québec région administrative
(registry.geo.places). A collectivity is placed there: at its région's town (itself when
it is a région), the région followed to today's (Rhône-Alpes → Auvergne-Rhône-Alpes). A
collectivity with no région, or a région without shipped coordinates, has no place.
"""
from __future__ import annotations

from collections.abc import Iterable

from registry import history
from registry.geo import Place, places
from territories.models import Collectivity, Kind


def region_id(collectivity: Collectivity) -> int | None:
    return collectivity.pk if collectivity.kind == Kind.REGION else collectivity.region_id


def region_places(collectivities: Iterable[Collectivity]) -> dict[int, Place]:
    """{collectivity id: the place of its région} for those that have one. One query for
    the régions, and none more unless one of them is a former région (then one or two a
    step of history, registry.history)."""
    collectivities = list(collectivities)
    ids = {region_id(c) for c in collectivities} - {None}
    if not ids:
        return {}
    regions = Collectivity.objects.filter(pk__in=ids).only(*history.FIELDS)
    today = history.current_entities(regions)
    shipped = places()
    found = {}
    for collectivity in collectivities:
        region = today.get(region_id(collectivity))
        place = shipped.get((region.side, region.code)) if region and region.kind == Kind.REGION else None
        if place is not None:
            found[collectivity.pk] = place
    return found
