"""Demonstration exchanges of 2009 and 2010 between the demo collectivities, and the
committee's targets for those years. `load_demo()` replaces the demo exchanges (and sets
the two targets); a collectivity missing from the registry is named as a body instead."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from territories.models import Collectivity

from .models import Direction, Exchange, ExchangeKind, Target

FR, QC = Direction.FR_TO_QC, Direction.QC_TO_FR
# (title, kind, direction, (side, code, name) sending, (side, code, name) host, start, end, participants, breakdown)
EXCHANGES = [
    ("Stages d'été en urbanisme", ExchangeKind.INTERNSHIP, FR, ("fr", "69123", "Lyon"),
     ("qc", "37067", "Trois-Rivières"), (2009, 6, 1), (2009, 8, 31), 12, {"age_18_25": 9, "age_26_35": 3}),
    ("Saison touristique au Vieux-Québec", ExchangeKind.SEASONAL, FR, ("fr", "33063", "Bordeaux"),
     ("qc", "23027", "Québec"), (2009, 5, 15), (2009, 9, 15), 20, {"women": 11, "men": 9}),
    ("Échange de cégépiens", ExchangeKind.STUDY, QC, ("qc", "37067", "Trois-Rivières"),
     ("fr", "69123", "Lyon"), (2009, 9, 1), (2010, 1, 31), 8, {"under_18": 2, "age_18_25": 6}),
    ("Personnels des bibliothèques", ExchangeKind.STAFF, QC, ("qc", "66023", "Montréal"),
     ("fr", "33063", "Bordeaux"), (2010, 3, 1), (2010, 3, 21), 4, {"over_35": 3, "age_26_35": 1}),
    ("Résidence d'artistes du fleuve", ExchangeKind.RESIDENCY, FR, ("fr", "33063", "Bordeaux"),
     ("qc", "25213", "Lévis"), (2010, 4, 1), (2010, 6, 30), 3, {}),
    ("Chantiers jeunesse Rhône–Saint-Laurent", ExchangeKind.YOUTH, QC, ("qc", "23027", "Québec"),
     ("fr", "69123", "Lyon"), (2010, 7, 1), (2010, 7, 28), 15, {"under_18": 6, "age_18_25": 9, "women": 8, "men": 7}),
    ("Stages en gestion de l'eau", ExchangeKind.INTERNSHIP, QC, ("qc", "25213", "Lévis"),
     ("fr", "69123", "Lyon"), (2010, 9, 1), (2010, 12, 15), 6, {}),
]
TARGETS = [(2009, 10, 5, "Ateliers 2008 : réduire l'écart entre les deux sens."),
           (2010, 5, 5, "Comité technique 2009 : au moins cinq participants par sens.")]


def _party(side: str, code: str, name: str) -> dict:
    found = Collectivity.objects.current().filter(side=side, code=code).order_by("kind").first()
    return {"collectivity": found, "body": "" if found else name}


@transaction.atomic
def load_demo() -> str:
    Exchange.objects.filter(is_demo=True).delete()
    for title, kind, direction, sending, host, start, end, participants, breakdown in EXCHANGES:
        sent, hosted = _party(*sending), _party(*host)
        exchange = Exchange(
            title=title, kind=kind, direction=direction, sending_collectivity=sent["collectivity"],
            sending_body=sent["body"], host_collectivity=hosted["collectivity"], host_body=hosted["body"],
            start_date=datetime.date(*start), end_date=datetime.date(*end), participants=participants,
            is_demo=True, **breakdown)
        exchange.full_clean()
        exchange.save()
    for year, max_imbalance, minimum, note in TARGETS:
        Target.objects.update_or_create(year=year, defaults={
            "max_imbalance": max_imbalance, "min_per_direction": minimum, "note": note})
    return _("%(exchanges)s échanges, %(targets)s objectifs") % {"exchanges": len(EXCHANGES), "targets": len(TARGETS)}
