"""The CSV/XLSX exports of the lists of agreements and twinnings (core.exports): the same
rows as the page, filters included, each collectivity under today's name with the one it
signed as beside it. Contacts of twinning committees are not in them (the invitation
list of growth.py carries them, for the secretariat and the committees)."""
from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from territories.models import Side

from .models import follow_history

CHUNK = 2000


def rows_with_history(rows, chunk: int = CHUNK) -> Iterator:
    """`rows` (a QuerySet with its for_list() prefetches) read `chunk` at a time, each
    chunk given today's entities: a constant number of queries per chunk."""
    batch = []
    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            yield from follow_history(batch)
            batch = []
    yield from follow_history(batch)


def party_label(party) -> str:
    """« Auvergne-Rhône-Alpes (signée par Rhône-Alpes) », or the government's name."""
    if party.current is None:
        return party.name
    if party.former is not None:
        return _("%(now)s (signée par %(former)s)") % {"now": party.current.name, "former": party.former.name}
    return party.current.name


def _parties(side: str):
    return lambda a: " ; ".join(party_label(p) for p in a.parties.all() if p.side == side)


def _themes(record) -> str:
    return " ; ".join(theme.title for theme in record.themes.all())


def _former(collectivity) -> str:
    return collectivity.name if collectivity is not None else ""


AGREEMENT_COLUMNS = [
    (gettext_lazy("Numéro"), lambda a: a.pk),
    (gettext_lazy("Titre"), lambda a: a.title),
    (gettext_lazy("Nature"), lambda a: a.get_kind_display()),
    (gettext_lazy("Statut"), lambda a: a.get_status_display()),
    (gettext_lazy("Depuis"), lambda a: a.since),
    (gettext_lazy("Jusqu'au"), lambda a: a.until),
    (gettext_lazy("Parties françaises"), _parties(Side.FRANCE)),
    (gettext_lazy("Parties québécoises"), _parties(Side.QUEBEC)),
    (gettext_lazy("Parties d'autres pays"), _parties(Side.OTHER)),
    (gettext_lazy("Thèmes"), _themes),
    (gettext_lazy("Renouvelle l'entente n°"), lambda a: a.renews_id),
    (gettext_lazy("Rang dans la suite"), lambda a: a.sequence),
    (gettext_lazy("Publiée"), lambda a: _("oui") if a.is_published else _("non")),
]

TWINNING_COLUMNS = [
    (gettext_lazy("Numéro"), lambda t: t.pk),
    (gettext_lazy("Nature"), lambda t: t.get_kind_display()),
    (gettext_lazy("Collectivité française"), lambda t: t.french_now.name),
    (gettext_lazy("Code France"), lambda t: t.french_now.code),
    (gettext_lazy("Signé par (France)"), lambda t: _former(t.french_former)),
    (gettext_lazy("Collectivité québécoise"), lambda t: t.quebec_now.name),
    (gettext_lazy("Code Québec"), lambda t: t.quebec_now.code),
    (gettext_lazy("Signé par (Québec)"), lambda t: _former(t.quebec_former)),
    (gettext_lazy("Depuis"), lambda t: t.since_value),
    (gettext_lazy("Jusqu'au"), lambda t: t.until_value),
    (gettext_lazy("Activité"), lambda t: t.get_status_display()),
    (gettext_lazy("Dernier échange"), lambda t: t.last_exchange),
    (gettext_lazy("Thèmes"), _themes),
    (gettext_lazy("Publié"), lambda t: _("oui") if t.is_published else _("non")),
]

