"""Complementarity: what already exists near a collectivity, a territory or on a theme, where
links overlap, and which themes and pistes have none — the view the committee uses to guide
new agreements.

"Nearby" is the area of the chosen collectivity: its département and région (France), its
MRC and région administrative (Québec), read from `Collectivity.region` and the parents
`Link`s; a chosen territory (région, département, MRC) is its own area. A link is nearby
when one of its collectivities, *or the entity it became* (territories.Succession, one
step), lies in the area or is the area itself: the registry's read model stores it
(registry/places.py, LinkPlace), with the région of each collectivity today. An overlap is
two or more nearby links on the same theme whose partner (the collectivity of the other
side) lies in the same région.

Every function issues a fixed number of queries, whatever the number of links.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Side, Succession

from .models import Agreement, AgreementParty, LinkPlace, Twinning

AREA_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.MRC)


# The agreements and twinnings listed on the page, the most recent first as in the records'
# lists (their index gives the first ones without sorting every link nearby; the others
# are counted, and found in the lists), and the links named in each overlap.
SHOWN = 20
EXAMPLES = 3
# The overlaps listed, most links first (a région's page at national scale has over a
# hundred: each theme × each partner région).
OVERLAPS_SHOWN = 25


@dataclass
class Overlap:
    theme: Axis
    partner_region: Collectivity
    count: int = 0
    links: list = field(default_factory=list)  # the first EXAMPLES


@dataclass
class Complementarity:
    agreements: list  # the first SHOWN
    twinnings: list  # the first SHOWN
    agreement_count: int
    twinning_count: int
    overlaps: list[Overlap]  # the first OVERLAPS_SHOWN, most links first
    overlap_count: int
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


def region_of_area(area: list[int]) -> Collectivity | None:
    """The région among the territories of `area` (the records' lists filter by région),
    if any."""
    return Collectivity.objects.filter(pk__in=area, kind=Kind.REGION).only("pk", "side", "code").first()


def for_area(area: list[int], user) -> Complementarity:
    """Links nearby `area` that `user` may read, their overlaps and the gaps."""
    places = LinkPlace.objects.filter(area_id__in=area)
    agreements = Agreement.objects.visible_to(user).filter(
        pk__in=places.filter(agreement__isnull=False).values("agreement_id"))
    twinnings = Twinning.objects.visible_to(user).filter(
        pk__in=places.filter(twinning__isnull=False).values("twinning_id"))
    return _complementarity(agreements, twinnings, area=area)


def for_theme(theme: Axis, user) -> Complementarity:
    """Links on `theme` that `user` may read and their overlaps (same theme, same pair of
    régions); the gaps are the theme's pistes that no agreement serves."""
    agreements = Agreement.objects.visible_to(user).filter(
        pk__in=Agreement.themes.through.objects.filter(axis=theme).values("agreement_id"))
    twinnings = Twinning.objects.visible_to(user).filter(
        pk__in=Twinning.themes.through.objects.filter(axis=theme).values("twinning_id"))
    return _complementarity(agreements, twinnings, area=None, theme=theme)


def _complementarity(agreements, twinnings, *, area, theme=None) -> Complementarity:
    """The overlaps and gaps are computed over every link from narrow rows (ids, régions,
    themes: no model instances), whatever their number; only the first `SHOWN` agreements
    and twinnings, and `EXAMPLES` links of each overlap, are fetched whole.

    Queries: the sides of the area; the partner régions of the agreements, of the
    twinnings; the themes of both; the pistes of the agreements; the themes; the agreements
    shown (with parties, themes, pistes), the twinnings shown (with their themes), the
    examples of the overlaps (two), the partner régions, the successions of what is shown;
    the pistes; the two counts."""
    agreement_ids = agreements.order_by().values("pk")  # subqueries, never fetched
    twinning_ids = twinnings.order_by().values("pk")
    area_sides = (
        None if area is None
        else set(Collectivity.objects.filter(pk__in=area).values_list("side", flat=True))
    )
    sides = [s for s in (Side.FRANCE, Side.QUEBEC) if area_sides is None or s not in area_sides]
    # The partner régions: those of the links' collectivities on the other side(s).
    partners: dict[tuple[str, int], set[int]] = defaultdict(set)
    regions_of = LinkPlace.objects.filter(is_region=True, side__in=sides)
    for agreement_id, region in regions_of.filter(agreement_id__in=agreement_ids).values_list(
            "agreement_id", "area_id"):
        partners[("a", agreement_id)].add(region)
    for twinning_id, region in regions_of.filter(twinning_id__in=twinning_ids).values_list("twinning_id", "area_id"):
        partners[("t", twinning_id)].add(region)
    agreement_themes = list(
        Agreement.themes.through.objects.filter(agreement_id__in=agreement_ids).values_list("agreement_id", "axis_id"))
    twinning_themes = list(
        Twinning.themes.through.objects.filter(twinning_id__in=twinning_ids).values_list("twinning_id", "axis_id"))
    used_pistes = set(
        Agreement.pistes.through.objects.filter(agreement_id__in=agreement_ids).values_list("piste_id", flat=True))

    found: dict[tuple[int, int], list] = defaultdict(list)
    link_themes = [(("a", a), axis) for a, axis in agreement_themes] + [(("t", t), axis) for t, axis in twinning_themes]
    for link, axis_id in sorted(link_themes):
        if theme is not None and axis_id != theme.pk:
            continue
        for region in partners.get(link, ()):
            found[(axis_id, region)].append(link)
    found = {key: links for key, links in found.items() if len(links) > 1}
    overlap_count = len(found)
    themes_qs = Axis.objects.filter(kind="theme").select_related("plan").order_by("plan__start_year", "position")
    themes = {t.pk: t for t in themes_qs}
    # The overlaps shown: most links first, then by theme (its position), then région id;
    # the régions' names come after, for these only.
    position = {pk: index for index, pk in enumerate(themes)}
    found = dict(sorted(((key, links) for key, links in found.items() if key[0] in themes),
                        key=lambda item: (-len(item[1]), position[item[0][0]], item[0][1]))[:OVERLAPS_SHOWN])

    used_themes = {axis for _link, axis in link_themes}
    shown_agreements = list(
        agreements.prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("collectivity", "collectivity__region")),
            Prefetch("themes", queryset=Axis.objects.only("pk", "title", "plan_id")),
            Prefetch("pistes", queryset=Piste.objects.only("pk", "code", "axis_id")),
        ).order_by("-since_year", "title", "pk")[:SHOWN]
    )
    shown_twinnings = list(
        twinnings.select_related("french", "quebec", "french__region", "quebec__region")
        .prefetch_related(Prefetch("themes", queryset=Axis.objects.only("pk", "title", "plan_id")))
        .order_by("-since_year", "pk")[:SHOWN]
    )
    examples = {kind: sorted({pk for links in found.values() for k, pk in links[:EXAMPLES] if k == kind})
                for kind in ("a", "t")}
    example_links = {("a", a.pk): a for a in Agreement.objects.filter(pk__in=examples["a"]).only("pk", "title")}
    example_links.update(
        (("t", t.pk), t) for t in Twinning.objects.filter(pk__in=examples["t"]).select_related("french", "quebec")
        .only("pk", "french__name", "quebec__name"))
    regions = Collectivity.objects.in_bulk({region for _axis, region in found})
    overlaps = [
        Overlap(themes[axis], regions[region], count=len(links),
                links=[example_links[link] for link in links[:EXAMPLES]])
        for (axis, region), links in found.items() if axis in themes
    ]
    current = _successors(
        {p.collectivity_id for a in shown_agreements for p in a.parties.all() if p.collectivity_id}
        | {t.french_id for t in shown_twinnings}
        | {t.quebec_id for t in shown_twinnings}
    )
    # Today's entity beside the one that signed, for the template (shows both names).
    for agreement in shown_agreements:
        for party in agreement.parties.all():
            party.today = current.get(party.collectivity_id)
    for twinning in shown_twinnings:
        twinning.french_today = current.get(twinning.french_id)
        twinning.quebec_today = current.get(twinning.quebec_id)
    if theme is None:
        gaps = [t for t in themes.values() if t.pk not in used_themes]
        pistes = Piste.objects.select_related("axis").order_by("axis__position", "position")
    else:
        gaps = []
        pistes = Piste.objects.filter(axis=theme).select_related("axis").order_by("position")
    return Complementarity(
        agreements=shown_agreements,
        twinnings=shown_twinnings,
        agreement_count=agreements.order_by().count(),
        twinning_count=twinnings.order_by().count(),
        overlaps=sorted(overlaps, key=lambda o: (-o.count, o.theme.title, o.partner_region.name)),
        overlap_count=overlap_count,
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
