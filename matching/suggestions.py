"""Partner suggestions: for a collectivity (its profile, its projects, its registry entry)
or a project idea, the best candidates on the other side, ranked, each with its reasons.

The ranking reads the index (index_models.CandidateFeatures) held in memory per process:
each side's candidates, with an inverted index from each feature (a theme, a piste, a
term of an offer or a need, a créneau) to the candidates that have it, and per kind the
candidates sorted by population. A request looks up the stamp (one query), loads the rows
written since (usually none), then walks only the candidates that share a feature with
the query, plus those of comparable size, nearest first: never every row of a side. The
points of the shared features are summed for all candidates at once, packed in big
integers (`_packed_points`).

Scores are integers (sums of the points below), so the ranking is the same on every
database and every run; ties are broken by code, then by id.
"""
from __future__ import annotations

import heapq
import sys
import threading
from array import array
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plan.models import Axis, Piste
from territories.models import Collectivity

from . import indexing
from .index_models import CandidateFeatures
from .text import terms

THEME_POINTS = 10  # per theme both are interested in (profile or public projects)
PISTE_POINTS = 15  # per piste both are interested in
PROJECT_PISTE_POINTS = 12  # per piste of the query the candidate has carried projects on
EXCELLENCE_POINTS = 20  # per créneau d'excellence in common
TERM_POINTS = 6  # per term of an offer met by a need, or of a need met by an offer…
TERMS_CAP = 30  # …at most this much per direction
TWINNING_POINTS = 25  # already twinned (only with include_linked)
RURAL_POINTS = 4
RURAL_POPULATION = 2000
# Comparable size: peers by kind, population within a ratio (points per band).
SIZE_BANDS = ((1.25, 8), (1.5, 6), (2.0, 4))
PEER_KINDS = {
    "commune": "municipalite", "commune_deleguee": "municipalite", "commune_associee": "municipalite",
    "municipalite": "commune", "arrondissement_municipal": "arrondissement", "arrondissement": "arrondissement_municipal",
    "epci": "mrc", "ept": "mrc", "mrc": "epci", "region": "region", "departement": "region",
    "communaute_metropolitaine": "epci", "statut_particulier": "region", "outre_mer": "region",
    "administration_regionale": "region", "cre": "region",
}
RURAL_KINDS = {"commune", "municipalite", "commune_deleguee", "commune_associee"}
OTHER_SIDE = {"fr": "qc", "qc": "fr"}
MAX_LIMIT = 100


@dataclass(frozen=True)
class Candidate:
    id: int
    code: str
    kind: str
    population: int | None
    is_open: bool
    interest_themes: frozenset
    interest_pistes: frozenset
    project_pistes: frozenset
    excellence: dict
    offers: dict
    seeks: dict
    linked: frozenset
    twinned: frozenset

    def keys(self):
        """The inverted index's keys of this candidate."""
        yield from (("theme", t) for t in self.interest_themes)
        yield from (("piste", p) for p in self.interest_pistes)
        yield from (("project_piste", p) for p in self.project_pistes)
        yield from (("excellence", k) for k in self.excellence)
        yield from (("offer", t) for t in self.offers)
        yield from (("seek", t) for t in self.seeks)


def _candidate(row: CandidateFeatures) -> Candidate:
    return Candidate(
        id=row.collectivity_id, code=row.code, kind=row.kind, population=row.population, is_open=row.is_open,
        interest_themes=frozenset(row.themes) | frozenset(row.project_themes),
        interest_pistes=frozenset(row.pistes) | frozenset(row.project_pistes),
        project_pistes=frozenset(row.project_pistes), excellence=row.excellence, offers=row.offers,
        seeks=row.seeks, linked=frozenset(row.linked), twinned=frozenset(row.twinned))


@dataclass
class SideIndex:
    side: str
    token: str = ""
    stamp: int = -1
    candidates: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)
    postings: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)  # kind → sorted [(population, code, id)]
    closed: set = field(default_factory=set)  # candidates not open to partners now
    # Each candidate's place in the packed scores (see `_packed_points`), kept for good
    # once given, and each feature's packed mask, built when first asked for.
    places: dict = field(default_factory=dict)  # candidate id → place
    ids: list = field(default_factory=list)  # place → candidate id
    masks: dict = field(default_factory=dict)
    # (number of places, packed value) of `ones()` and of `closed_fields()`, kept while valid.
    _ones: tuple = (-1, 0)
    _closed_fields: tuple = (-1, 0)

    def apply(self, rows) -> None:
        for row in rows:
            self._remove(row.collectivity_id)
            if row.is_candidate:
                self._add(_candidate(row))
        self._closed_fields = (-1, 0)

    def warm(self) -> None:
        """Build every feature's mask now (a full load), not in the first requests that
        need them: 204 masks of 39 000 French candidates, 80 ms, 16 MB, once per process.
        Measured at national scale (SQLite, Québec profiles): the first 40 requests of a
        process took 22 to 25 ms of CPU (p95), 12 to 13 ms with the masks built at load."""
        for key in self.postings:
            self.mask(key)

    def _add(self, candidate: Candidate) -> None:
        self.candidates[candidate.id] = candidate
        self.by_code[candidate.code] = candidate.id
        if not candidate.is_open:
            self.closed.add(candidate.id)
        if candidate.id not in self.places:
            self.places[candidate.id] = len(self.ids)
            self.ids.append(candidate.id)
        for key in candidate.keys():
            self.postings.setdefault(key, set()).add(candidate.id)
            self.masks.pop(key, None)
        if candidate.population is not None:
            insort(self.by_kind.setdefault(candidate.kind, []), (candidate.population, candidate.code, candidate.id))

    def _remove(self, cid: int) -> None:
        old = self.candidates.pop(cid, None)
        if old is None:
            return
        if self.by_code.get(old.code) == cid:
            del self.by_code[old.code]
        self.closed.discard(cid)
        for key in old.keys():
            self.postings[key].discard(cid)
            self.masks.pop(key, None)
        if old.population is not None:
            ordered = self.by_kind[old.kind]
            del ordered[bisect_left(ordered, (old.population, old.code, cid))]


    def mask(self, key) -> int:
        """The candidates that have `key`, packed: 1 in the field of each (FIELD_BITS bits
        per place, the first place in the lowest bits)."""
        mask = self.masks.get(key)
        if mask is None:
            packed = bytearray(FIELD_BYTES * len(self.ids))
            places = self.places
            for cid in self.postings.get(key, ()):
                packed[FIELD_BYTES * places[cid]] = 1
            mask = self.masks[key] = int.from_bytes(packed, "little")
        return mask

    def ones(self) -> int:
        """1 in the field of every place."""
        places = len(self.ids)
        if self._ones[0] != places:
            self._ones = (places, _repunit(places))
        return self._ones[1]

    def closed_fields(self) -> int:
        """Every bit of the field of each candidate not open to partners now."""
        places = len(self.ids)
        if self._closed_fields[0] != places:
            self._closed_fields = (places, _fields(places, (self.places[cid] for cid in self.closed)))
        return self._closed_fields[1]


def _repunit(places: int) -> int:
    return int.from_bytes((b"\x01" + b"\x00" * (FIELD_BYTES - 1)) * places, "little")


def _fields(places: int, chosen) -> int:
    """Every bit of the fields of the `chosen` places, among `places`."""
    packed = bytearray(FIELD_BYTES * places)
    full = b"\xff" * FIELD_BYTES
    for place in chosen:
        packed[FIELD_BYTES * place:FIELD_BYTES * (place + 1)] = full
    return int.from_bytes(packed, "little")


FIELD_BITS = 16
FIELD_BYTES = FIELD_BITS // 8
FIELD_LIMIT = 1 << (FIELD_BITS - 1)  # every packed sum stays below, so that comparisons fit

_indexes: dict[str, SideIndex] = {}
_lock = threading.Lock()


def side_index(side: str, stamp: tuple[str, int]) -> SideIndex:
    """The in-memory index of `side`, brought up to `stamp` (the rows written since the
    last look: one query, none if nothing changed). A stamp of another generation (another
    stamp row: a new database, a test's) loads the side afresh."""
    token, value = stamp
    with _lock:
        index = _indexes.get(side)
        if index is None or index.token != token or value < index.stamp:
            index = _indexes[side] = SideIndex(side, token=token)
            rows = CandidateFeatures.objects.filter(side=side)
        else:
            rows = CandidateFeatures.objects.filter(side=side, stamp__gt=index.stamp).order_by("stamp")
        if index.stamp < value:
            fresh = index.stamp < 0
            index.apply(rows.iterator(chunk_size=5000))
            index.stamp = value
            if fresh:
                index.warm()
        return index


@dataclass
class Query:
    """What is looked for: a collectivity's features, or a project idea's terms."""

    side: str  # the side looking for partners
    candidate: Candidate | None = None
    text_terms: dict = field(default_factory=dict)


@dataclass
class Suggestion:
    id: int
    code: str
    score: int
    reasons: list = field(default_factory=list)
    side: str = ""
    name: str = ""
    kind: str = ""
    profile: int | None = None  # its published cooperation profile, if any (the page links to it)


class UnknownCollectivity(LookupError):
    pass


def for_collectivity(side: str, code: str, *, limit: int = 10, include_linked: bool = False) -> list[Suggestion]:
    """Suggestions on the other side for the current collectivity of `side` with `code`
    (UnknownCollectivity if there is none)."""
    stamp = indexing.current_stamp()
    own = side_index(side, stamp)
    cid = own.by_code.get(code)
    if cid is None:
        raise UnknownCollectivity(code)
    return rank(Query(side, candidate=own.candidates[cid]), stamp=stamp, limit=limit, include_linked=include_linked)


def for_text(side: str, text: str, *, limit: int = 10) -> list[Suggestion]:
    """Suggestions on the other side for a project idea written by `side`."""
    return rank(Query(side, text_terms=terms(text)), stamp=indexing.current_stamp(), limit=limit)


def rank(query: Query, *, stamp: tuple[str, int], limit: int, include_linked: bool = False) -> list[Suggestion]:
    """The `limit` best candidates, by score then code, with their reasons and names.

    Points of the shared features are summed for every candidate at once
    (`_packed_points`); size points, which need the pair, only for the candidates that
    could still reach the top `limit` with them. Measured at national scale on PostgreSQL:
    computing every pair's reasons instead cost 325 ms (p50) for a Québec profile among
    35 000 French candidates."""
    index = side_index(OTHER_SIDE[query.side], stamp)
    me = query.candidate
    excluded = {me.id} if me else set()
    if me and not include_linked:
        excluded |= me.linked
    bonus = {cid: TWINNING_POINTS for cid in me.twinned if cid in index.candidates} if me and include_linked else {}
    size_max = _max_size_points() if me else 0
    total, scores = _best_feature_points(index, query, limit=limit, slack=size_max, excluded=excluded, bonus=bonus)
    scored = []
    for cid, points in total.items():
        candidate = index.candidates[cid]
        if me:
            points += size_points(me, candidate) + (RURAL_POINTS if is_rural_pair(me, candidate) else 0)
        scored.append((-points, candidate.code, cid))
    best = heapq.nsmallest(limit, scored)
    if me and me.population and (len(best) < limit or -best[-1][0] <= size_max):
        best = heapq.nsmallest(limit, best + _by_size(index, me, limit, excluded, scores))
    suggestions = []
    for _points, code, cid in best:
        reasons = _reasons(query, index.candidates[cid])
        suggestions.append(Suggestion(id=cid, code=code, score=sum(p for p, _r in reasons), reasons=reasons,
                                      side=index.side, kind=index.candidates[cid].kind))
    _describe(suggestions)
    return suggestions


def _max_size_points() -> int:
    return SIZE_BANDS[0][1] + RURAL_POINTS


def _groups(query: Query) -> list[tuple[list, int, int | None]]:
    """(keys, points per shared key, cap) of the query: the same sums as `_reasons`."""
    groups = []
    me = query.candidate
    if me:
        groups += [
            ([("theme", t) for t in me.interest_themes], THEME_POINTS, None),
            ([("piste", p) for p in me.interest_pistes], PISTE_POINTS, None),
            ([("project_piste", p) for p in me.interest_pistes], PROJECT_PISTE_POINTS, None),
            ([("excellence", k) for k in me.excellence], EXCELLENCE_POINTS, None),
            ([("seek", t) for t in me.offers], TERM_POINTS, TERMS_CAP),
            ([("offer", t) for t in me.seeks], TERM_POINTS, TERMS_CAP),
        ]
    if query.text_terms:
        groups += [([("offer", t) for t in query.text_terms], TERM_POINTS, TERMS_CAP),
                   ([("seek", t) for t in query.text_terms], TERM_POINTS, TERMS_CAP)]
    return groups


def _best_feature_points(index: SideIndex, query: Query, *, limit: int, slack: int, excluded: set,
                         bonus: dict) -> tuple[dict[int, int], array]:
    """The points of the shared features (plus `bonus`) of the candidates that may rank
    among the `limit` best with up to `slack` points more (all of those that have some
    when they are `limit` or fewer), the `excluded` ones and those closed to partners
    aside; and every candidate's points, by place (SideIndex.places).

    Which candidates those are is found on the packed sums themselves (`_at_least`): the
    `limit`-th best score by bisection on the number of fields at or above a value, then
    the fields at or above the floor, read from their bytes. Measured at national scale
    (SQLite, Québec profiles among 39 000 French candidates, masks built): 5.2 to 5.4 ms
    of CPU (p50) with heapq.nlargest and a pass over every candidate in Python, 3.0 ms
    so; the same rankings (308 compared on the bench's data)."""
    groups = [(present, points, cap) for keys, points, cap in _groups(query)
              if (present := [key for key in keys if index.postings.get(key)])]
    packed, most = _packed_points(index, groups)
    places = index.places
    for cid, points in bonus.items():
        packed += points << (FIELD_BITS * places[cid])
    packed &= ~(index.closed_fields() | _fields(len(index.ids), (places[cid] for cid in excluded if cid in places)))
    ones = index.ones()
    floor = 1
    if _at_least(packed, 1, ones).bit_count() > limit:
        # The `limit`-th best score: the highest value that many fields reach.
        low, high = 1, most + max(bonus.values(), default=0)
        while low < high:
            middle = (low + high + 1) // 2
            if _at_least(packed, middle, ones).bit_count() >= limit:
                low = middle
            else:
                high = middle - 1
        floor = max(1, low - slack)
    scores = _unpack(packed, len(index.ids))
    chosen = _at_least(packed, floor, ones).to_bytes(FIELD_BYTES * len(index.ids), "little")
    ids, total = index.ids, {}
    position = chosen.find(1)
    while position >= 0:
        place = position // FIELD_BYTES
        total[ids[place]] = scores[place]
        position = chosen.find(1, position + FIELD_BYTES)
    return total, scores


def _at_least(packed: int, value: int, ones: int) -> int:
    """1 in the field of each place whose packed sum is `value` or more (0 < `value` ≤
    FIELD_LIMIT): the sum of the field and FIELD_LIMIT − `value` carries into its top bit
    exactly then, and stays below the next field."""
    return ((packed + (FIELD_LIMIT - value) * ones) >> (FIELD_BITS - 1)) & ones


def _unpack(packed: int, places: int) -> array:
    scores = array("H")
    scores.frombytes(packed.to_bytes(FIELD_BYTES * places, "little"))
    if sys.byteorder == "big":
        scores.byteswap()
    return scores


def _packed_points(index: SideIndex, groups: list) -> tuple[int, int]:
    """Every candidate's points, summed at once, packed; and the most a candidate may
    have. Each feature's candidates are a Python integer with a field of FIELD_BITS bits
    per candidate (SideIndex.mask), so adding a feature's points to all of them is one
    multiplication and one addition of big integers, and a group's cap one comparison of
    every field at once (`_at_least`). Measured at national scale (SQLite, a Québec profile
    among 39 000 French candidates): from 28 ms to 4 ms of CPU (p95) against the same sums
    in dicts."""
    most = sum(points * len(keys) if cap is None else min(cap, points * len(keys)) for keys, points, cap in groups)
    if most + TWINNING_POINTS >= FIELD_LIMIT:
        raise ValueError(f"Trop de caractéristiques communes possibles ({most} points) pour des champs de "
                         f"{FIELD_BITS} bits.")
    total = 0
    for keys, points, cap in groups:
        value = points * sum(index.mask(key) for key in keys)
        if cap is not None and points * len(keys) > cap:
            ones = index.ones()
            reached = _at_least(value, cap, ones)
            value = (value & ~(reached * (2 * FIELD_LIMIT - 1))) + cap * reached
        total += value
    return total, most


def size_points(me: Candidate, other: Candidate) -> int:
    if not (me.population and other.population) or PEER_KINDS.get(me.kind) != other.kind:
        return 0
    ratio = max(me.population, other.population) / min(me.population, other.population)
    return next((points for bound, points in SIZE_BANDS if ratio <= bound), 0)


def is_rural_pair(me: Candidate, other: Candidate) -> bool:
    return (me.kind in RURAL_KINDS and other.kind in RURAL_KINDS and me.population is not None
            and other.population is not None and me.population < RURAL_POPULATION
            and other.population < RURAL_POPULATION)


def _by_size(index: SideIndex, me: Candidate, limit: int, excluded: set, scores: array) -> list:
    """The best candidates by size alone (none of them shares another feature: no points
    in `scores`), nearest bands first: stops once `limit` are found that no farther band
    can pass."""
    ordered = index.by_kind.get(PEER_KINDS.get(me.kind), [])
    found, low_done, high_done = [], None, None
    population = me.population
    for number, (bound, points) in enumerate(SIZE_BANDS):
        low, high = population / bound, population * bound
        # The band's two slices, outside the previous band.
        start, end = bisect_left(ordered, (low,)), bisect_right(ordered, (high, "\uffff"))
        slices = [(start, end)] if low_done is None else [(start, low_done), (high_done, end)]
        for first, last in slices:
            for pop, code, cid in ordered[first:last]:
                if cid in excluded or scores[index.places[cid]] or not index.candidates[cid].is_open:
                    continue
                candidate = index.candidates[cid]
                total = size_points(me, candidate) + (RURAL_POINTS if is_rural_pair(me, candidate) else 0)
                if total:
                    found.append((-total, code, cid))
        low_done, high_done = start, end
        next_best = (SIZE_BANDS[number + 1][1] if number + 1 < len(SIZE_BANDS) else 0) + RURAL_POINTS
        if len([f for f in found if -f[0] > next_best]) >= limit:
            break
    return heapq.nsmallest(limit, found)


def _reasons(query: Query, other: Candidate) -> list[tuple[int, tuple]]:
    """(points, reason) pairs; a reason is a tuple (kind, data) described in French by
    `_describe` once the labels are fetched."""
    reasons = []
    me = query.candidate
    if me:
        themes = sorted(me.interest_themes & other.interest_themes)
        if themes:
            reasons.append((THEME_POINTS * len(themes), ("themes", themes)))
        pistes = sorted(me.interest_pistes & other.interest_pistes)
        if pistes:
            reasons.append((PISTE_POINTS * len(pistes), ("pistes", pistes)))
        carried = sorted(me.interest_pistes & other.project_pistes)
        if carried:
            reasons.append((PROJECT_PISTE_POINTS * len(carried), ("project_pistes", carried)))
        excellence = sorted(set(me.excellence) & set(other.excellence))
        if excellence:
            reasons.append((EXCELLENCE_POINTS * len(excellence), ("excellence", [other.excellence[k] for k in excellence])))
        # By term: the stored dicts' order is the database's (PostgreSQL's jsonb sorts the
        # keys its own way), and the reasons must read the same on every database.
        gives = [other.seeks[t] for t in sorted(me.offers) if t in other.seeks]
        if gives:
            reasons.append((min(TERMS_CAP, TERM_POINTS * len(gives)), ("meets_need", gives)))
        takes = [other.offers[t] for t in sorted(me.seeks) if t in other.offers]
        if takes:
            reasons.append((min(TERMS_CAP, TERM_POINTS * len(takes)), ("meets_offer", takes)))
        if other.id in me.twinned:
            reasons.append((TWINNING_POINTS, ("twinned", None)))
        size = size_points(me, other)
        if size:
            reasons.append((size, ("size", (me.population, other.population))))
        if is_rural_pair(me, other):
            reasons.append((RURAL_POINTS, ("rural", None)))
    if query.text_terms:
        offered = [other.offers[t] for t in query.text_terms if t in other.offers]
        if offered:
            reasons.append((min(TERMS_CAP, TERM_POINTS * len(offered)), ("idea_offer", offered)))
        sought = [other.seeks[t] for t in query.text_terms if t in other.seeks]
        if sought:
            reasons.append((min(TERMS_CAP, TERM_POINTS * len(sought)), ("idea_seek", sought)))
    return reasons


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


def _describe(suggestions: list[Suggestion]) -> None:
    """Names, published profiles and plain French reasons (three queries: names with
    profiles, themes, pistes)."""
    theme_ids, piste_ids = set(), set()
    for suggestion in suggestions:
        for _points, (kind, data) in suggestion.reasons:
            if kind == "themes":
                theme_ids.update(data)
            elif kind in {"pistes", "project_pistes"}:
                piste_ids.update(data)
    names, profiles = {}, {}
    # Unordered (dicts): the models' orderings would join the plans and the axes.
    for pk, name, profile, published in Collectivity.objects.filter(pk__in=[s.id for s in suggestions]).order_by(
            ).values_list("pk", "name", "cooperation_profile", "cooperation_profile__is_published"):
        names[pk] = name
        profiles[pk] = profile if published else None
    themes = dict(Axis.objects.filter(pk__in=theme_ids).order_by().values_list("pk", "title")) if theme_ids else {}
    pistes = {pk: f"{code} ({_short(text)})" for pk, code, text in Piste.objects.filter(pk__in=piste_ids)
              .order_by().values_list("pk", "code", "text")} if piste_ids else {}
    for suggestion in suggestions:
        suggestion.name = names.get(suggestion.id, suggestion.code)
        suggestion.profile = profiles.get(suggestion.id)
        suggestion.reasons = [_sentence(kind, data, themes, pistes) for _points, (kind, data) in suggestion.reasons]


def _sentence(kind: str, data, themes: dict, pistes: dict) -> str:
    if kind == "themes":
        return _("Thèmes d'intérêt en commun : %s") % ", ".join(themes.get(t, str(t)) for t in data)
    if kind == "pistes":
        return _("Pistes du plan en commun : %s") % ", ".join(pistes.get(p, str(p)) for p in data)
    if kind == "project_pistes":
        return _("A déjà mené des projets sur : %s") % ", ".join(pistes.get(p, str(p)) for p in data)
    if kind == "excellence":
        return _("Créneau d'excellence en commun : %s") % ", ".join(data)
    if kind == "meets_need":
        return _("Ce que vous offrez répond à ce qu'elle cherche : %s") % ", ".join(data)
    if kind == "meets_offer":
        return _("Elle offre ce que vous cherchez : %s") % ", ".join(data)
    if kind == "twinned":
        return _("Un jumelage vous unit déjà")
    if kind == "size":
        return _("Taille comparable : %(mine)s et %(theirs)s habitants") % {
            "mine": _number(data[0]), "theirs": _number(data[1])}
    if kind == "rural":
        return _("Toutes deux rurales (moins de %s habitants)") % _number(RURAL_POPULATION)
    if kind == "idea_offer":
        return _("Elle offre ce que l'idée demande : %s") % ", ".join(data)
    return _("Elle cherche ce que l'idée propose : %s") % ", ".join(data)

