"""Complementarity: what already exists near a collectivity, a territory or on a theme, where
links overlap, and which themes and pistes have none — the view the committee uses to guide
new agreements.

"Nearby" is the area of the chosen collectivity: its département and région (France), its
MRC and région administrative (Québec), read from `Collectivity.region` and the parents
`Link`s; a chosen territory (région, département, MRC) is its own area. A link is nearby
when one of its collectivities, *or the entity it became* (territories.Succession, one
step), lies in the area or is the area itself: the registry's read model stores it
(registry/places.py: LinkPlace, with the région of each collectivity today, and NearbyLink,
each link nearby an area with its themes, its partner régions and its publication). An
overlap is two or more nearby links on the same theme whose partner (the collectivity of
the other side) lies in the same région.

Every function issues a fixed number of queries, whatever the number of links; the
names of today come from the registry's read model (registry.models.todays_entities),
as on the lists.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Value

from core.urlprefix import url_prefix
from plan.models import Axis, Piste
from territories.models import Collectivity, Kind

from . import history
from .models import RECENT_FIRST, Agreement, AgreementParty, NearbyLink, Twinning, todays_entities

AREA_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.MRC)


# The agreements and twinnings listed on the page (the others are counted, and found in the
# lists), and the links named in each overlap.
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


def region_of(collectivity: Collectivity, area: list[int]) -> Collectivity | None:
    """The région the records' lists filter by for `collectivity`'s page: itself, its
    région (the form reads it with the collectivity), else the région among `area`."""
    if collectivity.kind == Kind.REGION:
        return collectivity
    if collectivity.kind in AREA_KINDS:
        return None
    return collectivity.region if collectivity.region_id else region_of_area(area)


def for_area(area: list[int], user) -> Complementarity:
    """Links nearby `area` that `user` may read, their overlaps and the gaps, from the rows
    of the read model (NearbyLink: each link nearby with its themes, its partner régions on
    the other side of the area and its publication), counted by the database in one query
    without joins: the links nearby (the rows without theme), the themes used (with a
    theme) and the overlaps (with a theme and a partner région)."""
    nearby = NearbyLink.objects.visible_to(user).filter(area_id__in=area)
    groups = _groups(nearby, region="partner")
    agreements, twinnings, _first = groups.pop((None, None), (0, 0, []))
    used = {axis for axis, _partner in groups}
    overlaps = {key: group for key, group in groups.items() if key[1] is not None}
    return _complementarity(
        Agreement.objects.filter(pk__in=nearby.filter(agreement__isnull=False).values("agreement_id")),
        Twinning.objects.filter(pk__in=nearby.filter(twinning__isnull=False).values("twinning_id")),
        overlaps, counts=(agreements, twinnings), used=used)


def for_theme(theme: Axis, user) -> Complementarity:
    """Links on `theme` that `user` may read and their overlaps (same theme, same pair of
    régions); the gaps are the theme's pistes that no agreement serves. From the read
    model's rows of the theme: one for each link (without area: the counts), one for each
    région of today of the link's collectivities, on either side (NearbyLink.is_region:
    the overlaps)."""
    rows = NearbyLink.objects.visible_to(user).filter(axis=theme)
    links = rows.filter(area__isnull=True)
    groups = _groups(rows.filter(is_region=True), links, region="area")
    agreements, twinnings, _first = groups.pop((theme.pk, None), (0, 0, []))
    return _complementarity(
        Agreement.objects.filter(pk__in=links.filter(agreement__isnull=False).values("agreement_id")),
        Twinning.objects.filter(pk__in=links.filter(twinning__isnull=False).values("twinning_id")),
        groups, counts=(agreements, twinnings), theme=theme)


# The two kinds of link, as the read model names them: (its field, short name).
KINDS = (("agreement", "a"), ("twinning", "t"))


def _groups(*rows, region: str) -> dict[tuple, tuple[int, int, list]]:
    """{(theme, région): (agreements, twinnings, examples)} of NearbyLink `rows` (one or more
    querysets, in one query), counted by the database (a link in two territories of an
    area counts once), the région read from the field `region`; the examples are up to
    `EXAMPLES` links (kind, pk) among the first and the last agreement and twinning by
    record, read with the counts (a window ranking the links of each overlap cost 3.8 ms
    more for a région, 10.2 ms for a theme at national scale)."""
    grouped = [part.values_list("axis_id", f"{region}_id").annotate(
        a=Count("agreement_id", distinct=True), t=Count("twinning_id", distinct=True),
        a_first=Min("agreement_id"), a_last=Max("agreement_id"),
        t_first=Min("twinning_id"), t_last=Max("twinning_id")).order_by() for part in rows]
    found = {}
    for axis, place, agreements, twinnings, *ends in grouped[0].union(*grouped[1:], all=True):
        examples = {("a", pk) for pk in ends[:2] if pk} | {("t", pk) for pk in ends[2:] if pk}
        found[(axis, place)] = (agreements, twinnings, sorted(examples)[:EXAMPLES])
    return found


def _complementarity(agreements, twinnings, overlaps: dict, *, counts: tuple[int, int],
                     used: set[int] | None = None, theme=None) -> Complementarity:
    """The page's figures from the links `agreements` and `twinnings` (those the reader
    may read), their overlaps ({(theme, région): (agreements, twinnings, examples)}) and,
    for an area, the counts of links and the themes they have (read with the overlaps);
    only what the page shows is fetched whole: the first `SHOWN` agreements and twinnings
    and the examples of the overlaps shown. The same queries whatever the number of links: the overlaps' counts; the
    themes; the names of the examples; the partner régions shown; the agreements shown,
    their parties and themes; the twinnings shown; today's entities of what is shown
    (registry.models.todays_entities, when a former record is among them); the pistes no
    agreement nearby serves. The first version fetched the régions, themes and pistes of
    every link in separate queries and the shown links with prefetches: 25 queries and
    110–220 ms at national scale (bench/README); the next joined the places, the themes
    and the partner régions of a région's 2 500 links in one query and grouped them in
    Python, 23 ms of its 80."""
    themes_qs = Axis.objects.filter(kind="theme").select_related("plan").order_by("plan__start_year", "position")
    themes = {t.pk: t for t in themes_qs}
    position = {pk: index for index, pk in enumerate(themes)}
    # The overlaps shown: most links first, then by theme (its position), then région id.
    found = sorted(((key, a + t) for key, (a, t, _links) in overlaps.items() if a + t > 1 and key[0] in themes),
                   key=lambda item: (-item[1], position[item[0][0]], item[0][1]))
    shown = dict(found[:OVERLAPS_SHOWN])
    first = {key: overlaps[key][2] for key in shown}
    examples, regions = _names(first)

    shown_agreements = list(agreements.only("title", "status", "since_year").order_by(
        RECENT_FIRST, "title", "pk")[:SHOWN])
    parties = list(AgreementParty.objects.filter(agreement_id__in=[a.pk for a in shown_agreements]).select_related(
        "collectivity").only("agreement_id", "side", "kind", "name", "collectivity_id",
                             *[f"collectivity__{name}" for name in history.FIELDS]).order_by("agreement", "side", "pk"))
    # The first twinnings chosen in a subquery before their collectivities are joined (a
    # theme's 5 000 twinnings joined to theirs, then sorted: 10 ms in SQLite).
    first_twinnings = twinnings.order_by(RECENT_FIRST, "pk").values("pk")[:SHOWN]
    shown_twinnings = list(Twinning.objects.filter(pk__in=first_twinnings).select_related("french", "quebec").only(
        "kind", "status", "since_year", "french_id", "quebec_id", "french__name", "quebec__name",
        *[f"{side}__{name}" for side in ("french", "quebec") for name in history.FIELDS]).order_by(
        RECENT_FIRST, "pk"))
    agreement_themes = _themes_of(shown_agreements, themes)
    today = todays_entities([p.collectivity for p in parties if p.collectivity_id]
                            + [c for t in shown_twinnings for c in (t.french, t.quebec)])

    def changed(collectivity):
        entity = today[collectivity.pk]
        return entity if entity.pk != collectivity.pk else None

    by_agreement = defaultdict(list)
    for party in parties:
        party.today = changed(party.collectivity) if party.collectivity_id else None
        by_agreement[party.agreement_id].append(party)
    # The labels of the choices, once for the page (get_FIELD_display builds the choices'
    # dictionary at each call).
    agreement_status, twinning_kind, twinning_status = (dict(choices) for choices in (
        Agreement.Status.choices, Twinning.Kind.choices, Twinning.Status.choices))
    for agreement in shown_agreements:
        agreement.party_list = by_agreement[agreement.pk]
        agreement.theme_list = agreement_themes[agreement.pk]
        agreement.status_label = agreement_status.get(agreement.status, agreement.status)
    for twinning in shown_twinnings:
        twinning.french_today, twinning.quebec_today = changed(twinning.french), changed(twinning.quebec)
        twinning.kind_label = twinning_kind.get(twinning.kind, twinning.kind)
        twinning.status_label = twinning_status.get(twinning.status, twinning.status)
    if theme is None:
        gaps = [t for t in themes.values() if t.pk not in used]
        pistes = Piste.objects.order_by("axis__position", "position")
    else:
        gaps = []
        pistes = Piste.objects.filter(axis=theme).order_by("position")
    served = Agreement.pistes.through.objects.filter(agreement_id__in=agreements.order_by().values("pk"),
                                                     piste_id=OuterRef("pk"))
    overlaps = [Overlap(themes[axis], regions[region], count=count, links=[examples[link] for link in
                                                                            first.get((axis, region), ())])
                for (axis, region), count in shown.items()]
    return Complementarity(
        agreements=shown_agreements,
        twinnings=shown_twinnings,
        agreement_count=counts[0],
        twinning_count=counts[1],
        overlaps=sorted(overlaps, key=lambda o: (-o.count, o.theme.title, o.partner_region.name)),
        overlap_count=len(found),
        themes_without_links=gaps,
        pistes_without_agreements=list(pistes.filter(~Exists(served)).only("code", "text")),
    )


@dataclass
class Example:
    """A link named in an overlap: its label and its page."""

    label: str
    url: str

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return self.url


def _names(shown: dict) -> tuple[dict[tuple[str, int], Example], dict[int, Collectivity]]:
    """The links of the overlaps `shown` ({(theme, région): [(kind, pk)]}) named, and their
    partner régions (Collectivity with its name only): one query for the three."""
    wanted = {kind: {pk for links in shown.values() for k, pk in links if k == kind} for _field, kind in KINDS}
    agreements = Agreement.objects.filter(pk__in=wanted["a"]).annotate(link_kind=Value("a"), other=Value("")).values_list(
        "link_kind", "pk", "title", "other").order_by()
    twinnings = Twinning.objects.filter(pk__in=wanted["t"]).annotate(link_kind=Value("t")).values_list(
        "link_kind", "pk", "french__name", "quebec__name").order_by()
    regions = Collectivity.objects.filter(pk__in={region for _axis, region in shown}).annotate(
        link_kind=Value("r"), other=Value("")).values_list("link_kind", "pk", "name", "other").order_by()
    urls = {"a": url_prefix("registry:agreement_detail"), "t": url_prefix("registry:twinning_detail")}
    examples, names = {}, {}
    for kind, pk, *labels in agreements.union(twinnings, regions, all=True):
        if kind == "r":
            names[pk] = Collectivity(pk=pk, name=labels[0])
        else:
            examples[(kind, pk)] = Example(" – ".join(filter(None, labels)), f"{urls[kind]}{pk}/")
    return examples, names


def _themes_of(agreements: list, themes: dict) -> dict[int, list[Axis]]:
    """The themes of the agreements shown, in the themes' order (the page names no
    twinning's)."""
    position = {pk: index for index, pk in enumerate(themes)}
    found: dict[int, list[Axis]] = defaultdict(list)
    rows = Agreement.themes.through.objects.filter(agreement_id__in=[a.pk for a in agreements]).values_list(
        "agreement_id", "axis_id")
    for pk, axis in sorted(rows, key=lambda row: position.get(row[1], len(position))):
        if axis in themes:
            found[pk].append(themes[axis])
    return found
