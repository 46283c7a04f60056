"""Complementarity: what already exists near a collectivity, a territory or on a theme, where
links overlap, and which themes and pistes have none — the view the committee uses to guide
new agreements.

"Nearby" is the area of the chosen collectivity: its département and région (France), its
MRC and région administrative (Québec), read from `Collectivity.region` and the parents
`Link`s; a chosen territory (région, département, MRC) is its own area. A link is nearby
when one of its collectivities, *or the entity it became* (territories.Succession, one
step), lies in the area or is the area itself. An overlap is two or more nearby links on the
same theme whose partner (the collectivity of the other side) lies in the same région.

Every function issues a fixed number of queries, whatever the number of links.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Side, Succession

from .models import Agreement, AgreementParty, Twinning

AREA_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.MRC)


@dataclass
class Overlap:
    theme: Axis
    partner_region: Collectivity
    links: list = field(default_factory=list)


@dataclass
class Complementarity:
    agreements: list
    twinnings: list
    overlaps: list[Overlap]
    themes_without_links: list[Axis]
    pistes_without_agreements: list[Piste]


def area_of(collectivity: Collectivity) -> list[int]:
    """Ids of the territories around `collectivity` (itself when it is a territory)."""
    if collectivity.kind in AREA_KINDS:
        return [collectivity.pk]
    parents = Collectivity.objects.filter(
        child_links__child=collectivity, kind__in=AREA_KINDS
    ).values_list("pk", flat=True)
    ids = set(parents)
    if collectivity.region_id:
        ids.add(collectivity.region_id)
    return sorted(ids)


def _with_predecessors(current: Q) -> Q:
    """Collectivities matching `current`, or whose successor matches it."""
    in_area = Collectivity.objects.filter(current).values("pk")
    return Q(pk__in=in_area) | Q(
        pk__in=Succession.objects.filter(successor__in=in_area).values("predecessor")
    )


def _collectivities_in(area: list[int]) -> Q:
    return _with_predecessors(
        Q(pk__in=area) | Q(region_id__in=area) | Q(parent_links__parent_id__in=area)
    )


def for_area(area: list[int], user) -> Complementarity:
    """Links nearby `area` that `user` may read, their overlaps and the gaps."""
    nearby = Collectivity.objects.filter(_collectivities_in(area)).values("pk")
    agreements = Agreement.objects.visible_to(user).filter(
        pk__in=AgreementParty.objects.filter(collectivity__in=nearby).values("agreement_id")
    )
    twinnings = Twinning.objects.visible_to(user).filter(
        Q(french__in=nearby) | Q(quebec__in=nearby)
    )
    return _complementarity(agreements, twinnings, area=area)


def for_theme(theme: Axis, user) -> Complementarity:
    """Links on `theme` that `user` may read and their overlaps (same theme, same pair of
    régions); the gaps are the theme's pistes that no agreement serves."""
    agreements = Agreement.objects.visible_to(user).filter(themes=theme)
    twinnings = Twinning.objects.visible_to(user).filter(themes=theme)
    return _complementarity(agreements, twinnings, area=None, theme=theme)


def _complementarity(agreements, twinnings, *, area, theme=None) -> Complementarity:
    # Queries: agreements, their parties (with collectivity and région), their themes, their
    # pistes; twinnings (with both collectivities and their régions), their themes; the
    # themes; the pistes without agreements; the successions of the collectivities shown.
    themes_qs = Axis.objects.filter(kind="theme").select_related("plan")
    agreements = list(
        agreements.distinct()
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related(
                    "collectivity", "collectivity__region"
                ),
            ),
            Prefetch("themes", queryset=Axis.objects.only("pk", "title", "plan_id")),
            Prefetch("pistes", queryset=Piste.objects.only("pk", "code", "axis_id")),
        )
        .order_by("title", "pk")
    )
    twinnings = list(
        twinnings.distinct()
        .select_related("french", "quebec", "french__region", "quebec__region")
        .prefetch_related(Prefetch("themes", queryset=Axis.objects.only("pk", "title", "plan_id")))
        .order_by("french__name", "quebec__name", "pk")
    )
    current = _successors(
        {p.collectivity_id for a in agreements for p in a.parties.all() if p.collectivity_id}
        | {t.french_id for t in twinnings}
        | {t.quebec_id for t in twinnings}
    )
    # Today's entity beside the one that signed, for the template (shows both names).
    for agreement in agreements:
        for party in agreement.parties.all():
            party.today = current.get(party.collectivity_id)
    for twinning in twinnings:
        twinning.french_today = current.get(twinning.french_id)
        twinning.quebec_today = current.get(twinning.quebec_id)
    overlaps: dict[tuple[int, int], Overlap] = {}
    seen_in: dict[tuple[int, int], set] = {}
    for link, partners in _partners(agreements, twinnings, area, current):
        for theme_of_link in link.themes.all():
            if theme is not None and theme_of_link.pk != theme.pk:
                continue
            for region in partners:
                key = (theme_of_link.pk, region.pk)
                seen = seen_in.setdefault(key, set())
                overlap = overlaps.setdefault(key, Overlap(theme_of_link, region))
                if (type(link), link.pk) not in seen:  # a set: a list scan is quadratic
                    seen.add((type(link), link.pk))
                    overlap.links.append(link)
    used_themes = {t.pk for link in [*agreements, *twinnings] for t in link.themes.all()}
    used_pistes = {p.pk for a in agreements for p in a.pistes.all()}
    if theme is None:
        gaps = [t for t in themes_qs.order_by("plan__start_year", "position") if t.pk not in used_themes]
        pistes = Piste.objects.select_related("axis").order_by("axis__position", "position")
    else:
        gaps = []
        pistes = Piste.objects.filter(axis=theme).select_related("axis").order_by("position")
    return Complementarity(
        agreements=agreements,
        twinnings=twinnings,
        overlaps=sorted(
            (o for o in overlaps.values() if len(o.links) > 1),
            key=lambda o: (o.theme.title, o.partner_region.name),
        ),
        themes_without_links=gaps,
        pistes_without_agreements=[p for p in pistes if p.pk not in used_pistes],
    )


def _successors(ids: set[int]) -> dict[int, Collectivity]:
    """Today's entity (one step of Succession) of each former collectivity among `ids`."""
    return {
        s.predecessor_id: s.successor
        for s in Succession.objects.filter(predecessor_id__in=ids).select_related(
            "successor", "successor__region"
        )
    }


def _region(collectivity: Collectivity, current: dict[int, Collectivity]) -> Collectivity | None:
    today = current.get(collectivity.pk, collectivity)
    if today.kind == Kind.REGION:
        return today
    return today.region


def _partners(agreements, twinnings, area, current):
    """(link, partner régions) for every link: the régions of its collectivities on the
    side(s) the area is not on (both sides for a theme)."""
    area_sides = (
        None if area is None
        else set(Collectivity.objects.filter(pk__in=area).values_list("side", flat=True))
    )
    for agreement in agreements:
        regions = defaultdict(set)
        for party in agreement.parties.all():
            if party.collectivity_id:
                region = _region(party.collectivity, current)
                if region is not None:
                    regions[party.side].add(region)
        yield agreement, _pick(regions, area_sides)
    for twinning in twinnings:
        regions = defaultdict(set)
        for side, collectivity in ((Side.FRANCE, twinning.french), (Side.QUEBEC, twinning.quebec)):
            region = _region(collectivity, current)
            if region is not None:
                regions[side].add(region)
        yield twinning, _pick(regions, area_sides)


def _pick(regions: dict[str, set], area_sides: set[str] | None) -> list[Collectivity]:
    sides = [s for s in (Side.FRANCE, Side.QUEBEC) if area_sides is None or s not in area_sides]
    return sorted({r for s in sides for r in regions.get(s, ())}, key=lambda r: r.pk)
