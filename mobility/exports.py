"""The columns of the mobility's exports (CSV and XLSX through core.exports): the
exchanges, and the balance by year, by kind and by région (mobility.figures)."""
from django.utils.translation import gettext_lazy as _

from territories.models import Side

from . import figures
from .models import AGE_BANDS, SEXES, Exchange

EXCHANGE_COLUMNS = [
    (_("Numéro"), lambda e: e.pk),
    (_("Intitulé"), lambda e: e.title),
    (_("Nature"), lambda e: e.get_kind_display()),
    (_("Sens"), lambda e: e.get_direction_display()),
    (_("Envoi"), lambda e: e.sending),
    (_("Code de la collectivité d'envoi"), lambda e: e.sending_collectivity.code if e.sending_collectivity_id else ""),
    (_("Accueil"), lambda e: e.host),
    (_("Code de la collectivité d'accueil"), lambda e: e.host_collectivity.code if e.host_collectivity_id else ""),
    (_("Début"), lambda e: e.start_date.isoformat()),
    (_("Fin"), lambda e: e.end_date.isoformat() if e.end_date else ""),
    (_("Participants"), lambda e: e.participants),
    *[(Exchange._meta.get_field(name).verbose_name.capitalize(), lambda e, name=name: getattr(e, name))
      for name in (*AGE_BANDS, *SEXES)],
]


def _met(row) -> str:
    return {None: "", True: str(_("oui")), False: str(_("non"))}[row.target_met]


def years_table(year=None):
    return figures.trend(year=year), [
        (_("Année"), lambda r: r.year),
        (_("France → Québec"), lambda r: r.fr_to_qc),
        (_("Québec → France"), lambda r: r.qc_to_fr),
        (_("Total"), lambda r: r.total),
        (_("Écart"), lambda r: r.imbalance),
        (_("Écart maximal visé"), lambda r: r.target.max_imbalance if r.target else None),
        (_("Minimum visé par sens"), lambda r: r.target.min_per_direction if r.target else None),
        (_("Objectif atteint"), _met),
    ]


def kinds_table(year=None):
    return figures.by_kind(year), [
        (_("Nature"), lambda r: r.label),
        (_("France → Québec"), lambda r: r.fr_to_qc),
        (_("Québec → France"), lambda r: r.qc_to_fr),
        (_("Total"), lambda r: r.total),
        (_("Écart"), lambda r: r.imbalance),
    ]


def regions_table(year=None):
    return figures.by_region(year), [
        (_("Région"), lambda r: r.name),
        (_("Côté"), lambda r: Side(r.side).label),
        (_("Participants envoyés"), lambda r: r.sent),
        (_("Participants accueillis"), lambda r: r.hosted),
        (_("Écart"), lambda r: r.imbalance),
    ]


# The balance's tables, by the name their export URL carries.
BALANCE_TABLES = {"annees": years_table, "natures": kinds_table, "regions": regions_table}
