"""GeoJSON (RFC 7946) of what is published: the collectivities partner of a published
project (`partners`), the published agreements and twinnings (`links`).

Coordinates are [longitude, latitude] (WGS 84), those of the collectivity's région
(places.py: the registry has no coordinates of its own), each feature saying so in
`location` ({"precision": "region", "name": the town}). A feature with no place has a null
geometry, as RFC 7946 allows, rather than being left out."""
from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse

from projects.models import Partner, Project
from registry.geo import Place
from registry import history
from registry.models import Agreement, AgreementParty, Twinning, follow_history
from territories.models import Collectivity, Side
from territories.views import detail_url

from .places import region_places

CONTENT_TYPE = "application/geo+json"
# Two decimals are what registry/data/regions.csv holds (about 1 km).
PRECISION = 2

AbsoluteUrl = Callable[[str], str]


def response(collection: dict) -> HttpResponse:
    return HttpResponse(json.dumps(collection, ensure_ascii=False), content_type=CONTENT_TYPE)


def _position(place: Place) -> list[float]:
    return [round(place.longitude, PRECISION), round(place.latitude, PRECISION)]


def _location(place: Place | None) -> dict | None:
    return {"precision": "region", "name": place.chef_lieu} if place else None


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def published_partners():
    """The collectivities partner of at least one published project, each with `projects`,
    the number of published projects it is partner of (one query)."""
    published = Project.objects.visible_to(None).values("pk")
    partnered = Partner.objects.filter(project__in=published, collectivity__isnull=False)
    return (Collectivity.objects.filter(pk__in=partnered.values("collectivity_id"))
            .annotate(projects=Count("project_partners__project", distinct=True,
                                     filter=Q(project_partners__project__in=published)))
            .only("side", "kind", "code", "name", "valid_until", "region_id")
            .order_by("side", "kind", "code", "pk"))


def partners(absolute: AbsoluteUrl) -> dict:
    """A Point feature per collectivity partner of a published project. Two queries (the
    collectivities, their régions), more only for a former région (places.py)."""
    collectivities = list(published_partners())
    located = region_places(collectivities)
    features = []
    for collectivity in collectivities:
        place = located.get(collectivity.pk)
        features.append({
            "type": "Feature",
            "id": f"{collectivity.side}:{collectivity.kind}:{collectivity.code}",
            "geometry": {"type": "Point", "coordinates": _position(place)} if place else None,
            "properties": {
                "side": collectivity.side,
                "kind": collectivity.kind,
                "code": collectivity.code,
                "name": collectivity.name,
                "projects": collectivity.projects,
                "url": absolute(detail_url(collectivity)),
                "location": _location(place),
            },
        })
    return _collection(features)


def _date(value: datetime.date | int | None) -> str | int | None:
    """A date as ISO text, a year alone as a number (the registry often knows only the year)."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def _geometry(ends: dict[str, list[Place]]) -> dict | None:
    """The line from the French side's place to the Québec side's: a LineString for one
    place a side, a MultiLineString of every pair when an agreement's parties of a side
    lie in several régions, None when a side has no place."""
    french, quebec = ends.get(Side.FRANCE, []), ends.get(Side.QUEBEC, [])
    pairs = [[_position(a), _position(b)] for a in french for b in quebec]
    if not pairs:
        return None
    if len(pairs) == 1:
        return {"type": "LineString", "coordinates": pairs[0]}
    return {"type": "MultiLineString", "coordinates": pairs}


def _distinct(found: list[Place]) -> list[Place]:
    return list(dict.fromkeys(found))


def links(absolute: AbsoluteUrl) -> dict:
    """A feature per published agreement and twinning, between its parties of each side,
    placed as today's entities (what Rhône-Alpes signed lies in Auvergne-Rhône-Alpes).
    Four queries (agreements, their parties, twinnings with their collectivities, the
    régions), and one or two a step of history when a party has merged since."""
    # The lists' fetch shapes, without their themes.
    parties = AgreementParty.objects.select_related("collectivity").only(
        "agreement_id", "side", "kind", "name", "collectivity_id",
        *(f"collectivity__{name}" for name in history.FIELDS)).order_by("side", "pk")
    agreements = follow_history(Agreement.objects.published().prefetch_related(
        Prefetch("parties", queryset=parties)).order_by("pk"))
    twinnings = follow_history(Twinning.objects.published().for_list().prefetch_related(None).order_by("pk"))
    today = [party.current for agreement in agreements for party in agreement.parties.all() if party.current]
    today += [entity for twinning in twinnings for entity in (twinning.french_now, twinning.quebec_now)]
    located = region_places(today)
    features = []
    for agreement in agreements:
        ends: dict[str, list[Place]] = {}
        for party in agreement.parties.all():
            place = located.get(party.current.pk) if party.current else None
            if place:
                ends.setdefault(party.side, []).append(place)
        features.append(_feature(
            f"agreement:{agreement.pk}", _geometry({side: _distinct(found) for side, found in ends.items()}),
            record="agreement", kind=agreement.kind, status=agreement.status, title=agreement.title,
            since=_date(agreement.since), until=_date(agreement.until),
            names=[str(party) for party in agreement.parties.all()],
            url=absolute(agreement.get_absolute_url())))
    for twinning in twinnings:
        ends = {side: [located[entity.pk]] for side, entity in (
            (Side.FRANCE, twinning.french_now), (Side.QUEBEC, twinning.quebec_now)) if entity.pk in located}
        features.append(_feature(
            f"twinning:{twinning.pk}", _geometry(ends),
            record="twinning", kind=twinning.kind, status=twinning.status, title=str(twinning),
            since=_date(twinning.since_value), until=_date(twinning.until_value),
            names=[twinning.french.name, twinning.quebec.name],
            url=absolute(twinning.get_absolute_url())))
    return _collection(features)


def _feature(identifier: str, geometry: dict | None, **properties) -> dict:
    return {"type": "Feature", "id": identifier, "geometry": geometry, "properties": properties}
