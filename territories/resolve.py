"""Match a name found in a partner's spreadsheet to a collectivity of the registry.

A wrong match is worse than none: `Resolver.resolve` answers MATCHED only when exactly one
current collectivity fits the name (and the code, and the area given); otherwise it answers
AMBIGUOUS or UNMATCHED with the candidates a person can choose from. Former entities (a
commune now déléguée, a municipality merged into a city, a pre-2016 région) are found under
their own name and lead to today's entity through Succession or their current parent.

Likely typos are offered as candidates (never matched) with difflib from the standard
library: rapidfuzz is not installed and difflib is fast enough on the keys of one side.
The resolver loads one side's names once (a few SQL queries), then answers in memory, so
an import of 10 000 rows costs the same queries as one of ten.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Collectivity, Kind, Link, Side, Succession
from .names import normalize

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"

# Words partners put before a name: "Ville de Lyon", "Commune du Bourg", "Région Bretagne".
_PREFIX = re.compile(
    r"^(?:(?:la )?ville|commune|municipalite|paroisse|canton|village|cite|region"
    r"|departement|conseil (?:departemental|regional)|mrc|agglomeration)"
    r"(?: (?:de la|de l|des|du|de|d))?\s+"
)
_ARTICLE = re.compile(r"^(?:le|la|les|l) ")
TYPO_CUTOFF = 0.85
AREA_KINDS = {Kind.REGION, Kind.DEPARTEMENT, Kind.MRC}


def name_key(text: str) -> str:
    """The comparison key of a name: normalised, without prefix or leading article."""
    key = normalize(text)
    stripped = _PREFIX.sub("", key)
    if stripped:
        key = stripped
    return _ARTICLE.sub("", key) or key


@dataclass
class Entry:
    pk: int
    name: str
    code: str
    siren: str
    kind: str
    is_current: bool
    parents: set[int] = field(default_factory=set)

    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass
class Resolution:
    status: str
    collectivity_id: int | None = None
    former_id: int | None = None  # the entity named, when it is not today's
    candidates: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


class Resolver:
    """Resolves names of one side (France or Québec) against the registry."""

    def __init__(self, side: str):
        self.side = side
        self.entries: dict[int, Entry] = {}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_code: dict[str, list[int]] = defaultdict(list)
        rows = Collectivity.objects.filter(side=side).values_list(
            "pk", "name", "code", "siren", "kind", "valid_until", "region_id"
        )
        for pk, name, code, siren, kind, valid_until, region_id in rows:
            entry = Entry(pk, name, code, siren, kind, valid_until is None)
            if region_id:
                entry.parents.add(region_id)
            self.entries[pk] = entry
            self.by_key[name_key(name)].append(pk)
            self.by_code[code].append(pk)
            if siren:
                self.by_code[siren].append(pk)
        links = Link.objects.filter(child__side=side).values_list("child_id", "parent_id")
        for child_id, parent_id in links:
            self.entries[child_id].parents.add(parent_id)
        self.successor: dict[int, int] = {}
        for pred, succ in Succession.objects.filter(predecessor__side=side).values_list(
            "predecessor_id", "successor_id"
        ):
            self.successor[pred] = succ
        self.keys_by_length: dict[int, list[str]] = defaultdict(list)
        for key in self.by_key:
            self.keys_by_length[len(key)].append(key)

    # -- areas ---------------------------------------------------------------------------
    def ancestors(self, pk: int) -> set[int]:
        seen, todo = set(), [pk]
        while todo:
            for parent in self.entries[todo.pop()].parents:
                if parent not in seen and parent in self.entries:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def area_ids(self, text: str) -> set[int] | None:
        """The départements, régions or MRC a column names (code or name); None if none."""
        text = (text or "").strip()
        if not text:
            return None
        found = {pk for pk in self.by_code.get(text.upper(), []) + self.by_code.get(text, [])
                 if self.entries[pk].kind in AREA_KINDS}
        if not found:
            found = {pk for pk in self.by_key.get(name_key(text), [])
                     if self.entries[pk].kind in AREA_KINDS}
        # A former région stands for today's: Rhône-Alpes means Auvergne-Rhône-Alpes.
        return found | {self.current(pk) for pk in found}

    def current(self, pk: int) -> int:
        """Today's entity of a former one: its successor, else its current parent commune
        (a commune déléguée or associée), else itself."""
        seen = set()
        while not self.entries[pk].is_current and pk not in seen:
            seen.add(pk)
            if pk in self.successor:
                pk = self.successor[pk]
                continue
            parents = [p for p in self.entries[pk].parents
                       if p in self.entries and self.entries[p].kind in (Kind.COMMUNE, Kind.MUNICIPALITE)]
            if len(parents) != 1:
                break
            pk = parents[0]
        return pk

    def _is_former(self, entry: Entry) -> bool:
        return not entry.is_current or entry.kind in (
            Kind.COMMUNE_DELEGUEE, Kind.COMMUNE_ASSOCIEE, Kind.ARRONDISSEMENT
        )

    def _today(self, pk: int) -> int:
        entry = self.entries[pk]
        if entry.kind in (Kind.COMMUNE_DELEGUEE, Kind.COMMUNE_ASSOCIEE, Kind.ARRONDISSEMENT):
            parents = [p for p in entry.parents if p in self.entries and self.entries[p].is_current
                       and self.entries[p].kind in (Kind.COMMUNE, Kind.MUNICIPALITE)]
            if len(parents) == 1:
                return parents[0]
        return self.current(pk)

    def _keys_near(self, length: int) -> list[str]:
        # A ratio of at least TYPO_CUTOFF needs lengths within that proportion
        # (ratio <= 2·min/(a+b)), so the other keys cannot qualify: skipping them loses nothing.
        low = int(length * TYPO_CUTOFF / (2 - TYPO_CUTOFF))
        high = int(length * (2 - TYPO_CUTOFF) / TYPO_CUTOFF) + 1
        return [k for n in range(low, high + 1) for k in self.keys_by_length.get(n, ())]

    # -- names ---------------------------------------------------------------------------
    def resolve(self, name: str, *, code: str = "", area: str = "") -> Resolution:
        key = name_key(name)
        code = (code or "").strip()
        messages = []
        area_ids = self.area_ids(area)
        if area.strip() and not area_ids:
            messages.append(_("« %(area)s » n'est pas un territoire connu.") % {"area": area})
        named = list(self.by_key.get(key, []))
        if area_ids:
            named = [pk for pk in named if self.ancestors(pk) & area_ids or pk in area_ids]
        # Where today's entity and a former one share the name (Saguenay), keep today's.
        todays = {self._today(pk) for pk in named}
        named = [pk for pk in named if not (self._is_former(self.entries[pk]) and pk in todays)]
        by_today: dict[int, int] = {}
        for pk in named:
            today = self._today(pk)
            if today in by_today and not self._is_former(self.entries[pk]):
                by_today[today] = pk
            by_today.setdefault(today, pk)
        if code:
            coded = [pk for pk in self.by_code.get(code, []) + self.by_code.get(code.upper(), [])]
            coded_today = {self._today(pk) for pk in coded}
            if not coded:
                messages.append(_("Le code « %(code)s » ne correspond à aucune collectivité.")
                                % {"code": code})
            elif by_today and not (coded_today & set(by_today)):
                messages.append(
                    _("Le code « %(code)s » désigne %(other)s, pas « %(name)s ».")
                    % {"code": code, "other": ", ".join(self.entries[pk].label() for pk in coded),
                       "name": name}
                )
                candidates = sorted(set(by_today) | coded_today)
                return Resolution(AMBIGUOUS, candidates=candidates, messages=messages)
            elif coded_today & set(by_today):
                by_today = {t: p for t, p in by_today.items() if t in coded_today}
            elif not by_today:
                messages.append(
                    _("Le code « %(code)s » désigne %(other)s, pas « %(name)s ».")
                    % {"code": code, "other": ", ".join(self.entries[pk].label() for pk in coded),
                       "name": name}
                )
                return Resolution(AMBIGUOUS, candidates=sorted(coded_today), messages=messages)
        if len(by_today) == 1:
            today, named_pk = next(iter(by_today.items()))
            return Resolution(MATCHED, collectivity_id=today,
                              former_id=named_pk if named_pk != today else None,
                              messages=messages)
        if by_today:
            return Resolution(AMBIGUOUS, candidates=sorted(by_today), messages=messages)
        close = difflib.get_close_matches(key, self._keys_near(len(key)), n=5, cutoff=TYPO_CUTOFF)
        candidates = []
        for close_key in close:
            for pk in self.by_key[close_key]:
                if not area_ids or self.ancestors(pk) & area_ids:
                    candidates.append(self._today(pk))
        candidates = list(dict.fromkeys(candidates))
        return Resolution(AMBIGUOUS if candidates else UNMATCHED, candidates=candidates,
                          messages=messages)


def resolvers() -> dict[str, Resolver]:
    return {Side.FRANCE: Resolver(Side.FRANCE), Side.QUEBEC: Resolver(Side.QUEBEC)}
