"""Today's entity of the collectivity a record names, and back.

A party or a twinning points to the Collectivity record as it was when it signed. Today's
entity follows territories' history, the same rule as territories.resolve (the import):

- a former record (valid_until set) goes to its successor (territories.Succession):
  Rhône-Alpes → Auvergne-Rhône-Alpes, Chicoutimi → Saguenay, step after step
  (a commune merged twice);
- a commune déléguée or associée, or a Québec arrondissement, goes to the current commune
  or municipality it belongs to (its parent Link): a commune déléguée inside its commune
  nouvelle, the arrondissement of Chicoutimi inside Saguenay;
- a record with several successors (a split) or none stays itself: there is no single
  entity of today to name.

`current_entities(collectivities)` answers for many records at once, one or two queries a
step of history (MAX_STEPS at most), none when every record is current. `with_former_ids(ids)`
is the reverse: the given ids and every record whose today's entity is one of them, so that
a filter on Auvergne-Rhône-Alpes finds what Rhône-Alpes signed, and an editor of Saguenay
reads what Chicoutimi signed.
"""
from __future__ import annotations

from collections.abc import Iterable

from territories.models import Collectivity, Kind, Link, Succession

# Part of a commune or municipality of today, though still a record of its own.
PART_KINDS = (Kind.COMMUNE_DELEGUEE, Kind.COMMUNE_ASSOCIEE, Kind.ARRONDISSEMENT)
WHOLE_KINDS = (Kind.COMMUNE, Kind.MUNICIPALITE)
# Deeper histories than this are not followed (the registry's longest is two steps: a
# commune merged into a commune nouvelle later merged again).
MAX_STEPS = 6
FIELDS = ("side", "kind", "code", "name", "valid_until", "region_id", "population", "is_demo")


def is_former(collectivity: Collectivity) -> bool:
    """Whether `collectivity` has a different entity of today to look for."""
    return collectivity.valid_until is not None or collectivity.kind in PART_KINDS


def current_entities(collectivities: Iterable[Collectivity]) -> dict[int, Collectivity]:
    """{pk: today's entity} for each of `collectivities` (itself when it is current or has
    no single successor). Successors come with `FIELDS` and their région (select_related)."""
    result = {c.pk: c for c in collectivities}
    todo = {pk: c for pk, c in result.items() if is_former(c)}
    # pk of the record asked for → the record reached so far
    reached = dict(todo)
    for _step in range(MAX_STEPS):
        if not reached:
            break
        following = _next_step(reached.values())
        still = {}
        for origin, record in reached.items():
            nxt = following.get(record.pk)
            if nxt is None:
                continue
            result[origin] = nxt
            if is_former(nxt) and nxt.pk != record.pk:
                still[origin] = nxt
        reached = still
    return result


def _next_step(records: Iterable[Collectivity]) -> dict[int, Collectivity]:
    """{pk: the next record} for the records that have exactly one next (a query for the
    successions of former ones, one for the parents of parts)."""
    records = list(records)
    former = [r.pk for r in records if r.valid_until is not None]
    parts = [r.pk for r in records if r.valid_until is None and r.kind in PART_KINDS]
    found: dict[int, list[Collectivity]] = {}
    if former:
        for succession in Succession.objects.filter(predecessor_id__in=former).select_related(
                "successor__region").only(*[f"successor__{f}" for f in FIELDS], "predecessor_id",
                                          "successor__region__name", "successor__region__code",
                                          "successor__region__side", "successor__region__kind"):
            found.setdefault(succession.predecessor_id, []).append(succession.successor)
    # A former part with no succession: its parent commune, as the importer of the COG does.
    without = [pk for pk in former if pk not in found and _kind_of(records, pk) in PART_KINDS]
    if parts or without:
        links = Link.objects.filter(
            child_id__in=parts + without, parent__kind__in=WHOLE_KINDS, parent__valid_until__isnull=True,
        ).select_related("parent__region").only(
            *[f"parent__{f}" for f in FIELDS], "child_id", "parent__region__name", "parent__region__code",
            "parent__region__side", "parent__region__kind")
        for link in links:
            found.setdefault(link.child_id, []).append(link.parent)
    return {pk: nexts[0] for pk, nexts in found.items() if len(nexts) == 1}


def _kind_of(records: list[Collectivity], pk: int) -> str:
    return next(r.kind for r in records if r.pk == pk)


def current_entity(collectivity: Collectivity) -> Collectivity:
    return current_entities([collectivity])[collectivity.pk]


def with_former_ids(ids: Iterable[int]) -> set[int]:
    """`ids` and the ids of every record whose today's entity is one of them (their
    predecessors, their communes déléguées and arrondissements, and theirs in turn): one
    query a step of history, MAX_STEPS at most, one in all when none has a past."""
    found = set(ids)
    frontier = set(found)
    for _step in range(MAX_STEPS):
        if not frontier:
            break
        predecessors = Succession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True)
        parts = Link.objects.filter(parent_id__in=frontier, parent__kind__in=WHOLE_KINDS,
                                    child__kind__in=PART_KINDS).values_list("child_id", flat=True)
        frontier = set(predecessors.union(parts)) - found
        found |= frontier
    return found

