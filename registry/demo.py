"""Demonstration agreements and twinnings, run by `maillage demo` after the reference data.

The cases are those the registry must tell well: the successive plans of action of the
région Rhône-Alpes with the Gouvernement du Québec (the 7th and 8th signed by
Rhône-Alpes, the 9th and 10th by Auvergne-Rhône-Alpes, each renewing the one before); an
agreement signed by Aquitaine before 2016; a tripartite agreement with a party of a third
country; a twinning of Chicoutimi, now an arrondissement of Saguenay; a Québec town
twinned with seven communes of the canton of Marennes (Charente-Maritime), two of them
now communes déléguées of Marennes-Hiers-Brouage; a dormant twinning to revive; an
unpublished agreement in preparation. Names and codes of collectivities are the official
ones; the records' dates, themes and contacts are illustrative (is_demo, and their
source says so).

Collectivities are looked up by their official code, and created (is_demo) only when the
registry lacks them. Running it again replaces the demo records (found by their source)."""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Link, Side, Succession

from . import actions
from .models import Agreement, AgreementParty, Twinning

SOURCE = "Maillage, données de démonstration"
FR, QC = Side.FRANCE, Side.QUEBEC
GOUVERNEMENT_DU_QUEBEC = "Gouvernement du Québec"

# key: (side, kind, code, name if missing, population, région code, parent key, valid_until, successor key)
COLLECTIVITIES = {
    "ara": (FR, Kind.REGION, "84", "Auvergne-Rhône-Alpes", 8235923, None, None, None, None),
    "naq": (FR, Kind.REGION, "75", "Nouvelle-Aquitaine", 6154772, None, None, None, None),
    "rhone_alpes": (FR, Kind.REGION, "82", "Rhône-Alpes", None, None, None, datetime.date(2015, 12, 31), "ara"),
    "aquitaine": (FR, Kind.REGION, "72", "Aquitaine", None, None, None, datetime.date(2015, 12, 31), "naq"),
    "lyon": (FR, Kind.COMMUNE, "69123", "Lyon", 519127, "84", None, None, None),
    "bordeaux": (FR, Kind.COMMUNE, "33063", "Bordeaux", 267991, "75", None, None, None),
    "chambery": (FR, Kind.COMMUNE, "73065", "Chambéry", 59964, "84", None, None, None),
    "marennes_hb": (FR, Kind.COMMUNE, "17219", "Marennes-Hiers-Brouage", 6163, "75", None, None, None),
    "hiers_brouage": (FR, Kind.COMMUNE_DELEGUEE, "17189", "Hiers-Brouage", None, "75", "marennes_hb", None, None),
    "marennes": (FR, Kind.COMMUNE_DELEGUEE, "17219", "Marennes", None, "75", "marennes_hb", None, None),
    "bourcefranc": (FR, Kind.COMMUNE, "17058", "Bourcefranc-le-Chapus", 3486, "75", None, None, None),
    "le_gua": (FR, Kind.COMMUNE, "17185", "Le Gua", 2129, "75", None, None, None),
    "nieulle": (FR, Kind.COMMUNE, "17265", "Nieulle-sur-Seudre", 1220, "75", None, None, None),
    "saint_just": (FR, Kind.COMMUNE, "17351", "Saint-Just-Luzac", 2136, "75", None, None, None),
    "saint_sornin": (FR, Kind.COMMUNE, "17406", "Saint-Sornin", 415, "75", None, None, None),
    "montreal": (QC, Kind.MUNICIPALITE, "66023", "Montréal", 1913561, "06", None, None, None),
    "quebec": (QC, Kind.MUNICIPALITE, "23027", "Québec", 549459, "03", None, None, None),
    "trois_rivieres": (QC, Kind.MUNICIPALITE, "37067", "Trois-Rivières", 139163, "04", None, None, None),
    "saguenay": (QC, Kind.MUNICIPALITE, "94068", "Saguenay", 151946, "02", None, None, None),
    "chicoutimi": (QC, Kind.ARRONDISSEMENT, "RES01", "Chicoutimi", None, "02", "saguenay", None, None),
    "montmagny": (QC, Kind.MUNICIPALITE, "18050", "Montmagny", 11000, "12", None, None, None),
}


def _party(key=None, *, name="", side=None, kind=AgreementParty.Kind.COLLECTIVITY, country="", signatory="",
           title=""):
    return {"key": key, "name": name, "side": side, "kind": kind, "country": country, "signatory": signatory,
            "signatory_title": title}


QUEBEC_GOVERNMENT = _party(name=GOUVERNEMENT_DU_QUEBEC, side=QC, kind=AgreementParty.Kind.GOVERNMENT,
                           signatory="Ministre des Relations internationales et de la Francophonie")

# key, title, kind, status, signed, valid (from, until), sequence, renews key, parties, themes, pistes, published
AGREEMENTS = [
    ("ra7", "7e plan d'action Québec – Rhône-Alpes (2012-2014)", Agreement.Kind.PLAN_OF_ACTION,
     Agreement.Status.EXPIRED, "2012-03-22", ("2012-01-01", "2014-12-31"), 7, None,
     [_party("rhone_alpes", signatory="Président du Conseil régional"), QUEBEC_GOVERNMENT],
     ["creneaux-excellence-poles-competitivite", "francophonie"], ["dd-1", "ci-2"], True),
    ("ra8", "8e plan d'action Québec – Rhône-Alpes (2015-2017)", Agreement.Kind.PLAN_OF_ACTION,
     Agreement.Status.EXPIRED, "2015-04-09", ("2015-01-01", "2017-12-31"), 8, "ra7",
     [_party("rhone_alpes", signatory="Président du Conseil régional"), QUEBEC_GOVERNMENT],
     ["creneaux-excellence-poles-competitivite"], ["dd-1", "creneaux-1"], True),
    ("ra9", "9e plan d'action Québec – Auvergne-Rhône-Alpes (2018-2020)", Agreement.Kind.PLAN_OF_ACTION,
     Agreement.Status.EXPIRED, "2018-05-14", ("2018-01-01", "2020-12-31"), 9, "ra8",
     [_party("ara", signatory="Président du Conseil régional"), QUEBEC_GOVERNMENT],
     ["creneaux-excellence-poles-competitivite"], [], True),
    ("ra10", "10e plan d'action Québec – Auvergne-Rhône-Alpes (2024-2026)", Agreement.Kind.PLAN_OF_ACTION,
     Agreement.Status.IN_FORCE, "2024-06-03", ("2024-01-01", "2026-12-31"), 10, "ra9",
     [_party("ara", signatory="Président du Conseil régional"), QUEBEC_GOVERNMENT],
     ["tourisme", "creneaux-excellence-poles-competitivite"], [], True),
    ("aquitaine", "Entente de coopération Aquitaine – Québec", Agreement.Kind.ENTENTE, Agreement.Status.EXPIRED,
     "2009-10-02", ("2009-10-02", "2013-10-01"), None, None,
     [_party("aquitaine"), QUEBEC_GOVERNMENT], ["ruralite"], ["dd-3"], True),
    ("lyon_montreal", "Entente de coopération Lyon – Montréal", Agreement.Kind.ENTENTE, Agreement.Status.IN_FORCE,
     "2019-09-25", ("2019-09-25", None), None, None,
     [_party("lyon", signatory="Maire de Lyon"), _party("montreal", signatory="Mairesse de Montréal")],
     ["francophonie", "tourisme"], ["ci-1"], True),
    ("tripartite", "Accord tripartite Bordeaux – Québec – Province de Liège sur les musées", Agreement.Kind.ACCORD,
     Agreement.Status.PREPARATION, None, (None, None), None, None,
     [_party("bordeaux"), _party("quebec"),
      _party(name="Province de Liège", side=Side.OTHER, kind=AgreementParty.Kind.GOVERNMENT, country="BE")],
     ["francophonie"], ["ci-3"], True),
    ("trois_rivieres_lyon", "Protocole d'entente Lyon – Trois-Rivières sur les échanges de personnel",
     Agreement.Kind.PROTOCOL, Agreement.Status.PREPARATION, None, (None, None), None, None,
     [_party("lyon"), _party("trois_rivieres")], [], [], False),
]

# french key, québec key, kind, since year, status, last exchange, themes, committees, published
MARENNES = ["hiers_brouage", "marennes", "bourcefranc", "le_gua", "nieulle", "saint_just", "saint_sornin"]
TWINNINGS = [
    ("chambery", "chicoutimi", Twinning.Kind.TWINNING, 1989, Twinning.Status.DORMANT, "2016-06-18", ["francophonie"],
     [(FR, "Comité de jumelage Chambéry – Chicoutimi"), (QC, "Association Saguenay – Savoie")], True),
    ("bordeaux", "quebec", Twinning.Kind.TWINNING, 1962, Twinning.Status.ACTIVE, "2025-05-20",
     ["francophonie", "tourisme"], [(FR, "Association Bordeaux – Québec"), (QC, "Comité Québec – Bordeaux")], True),
    ("lyon", "trois_rivieres", Twinning.Kind.FRIENDSHIP, 2010, Twinning.Status.ACTIVE, "2025-10-02", [],
     [(FR, "Lyon – Trois-Rivières, amitiés")], True),
    *[(key, "montmagny", Twinning.Kind.TWINNING, 1984 + index, Twinning.Status.ACTIVE if index < 5 else
       Twinning.Status.DORMANT, "2024-08-15" if index < 5 else "2012-07-01", ["tourisme"],
       [(FR, "Comité de jumelage du canton de Marennes"), (QC, "Comité de jumelage de Montmagny")], True)
      for index, key in enumerate(MARENNES)],
]


def _secretariat():
    User = get_user_model()
    user = User.objects.filter(username="secretariat").first()
    if user is None:
        user = User(username="secretariat", last_name="(démo)", is_secretariat=True, is_staff=True)
        user.set_unusable_password()
        user.save()
    return user


def _collectivities() -> dict[str, Collectivity]:
    found = {}
    for key, (side, kind, code, name, population, region, parent, until, successor) in COLLECTIVITIES.items():
        rows = Collectivity.objects.filter(side=side, kind=kind, code=code)
        record = (rows.filter(valid_until__isnull=False) if until else rows.current()).order_by("-valid_until").first()
        if record is None:
            record = Collectivity(side=side, kind=kind, code=code, population=population, valid_until=until,
                                  is_demo=True, country="FR" if side == FR else "CA", source=SOURCE)
            record.set_name(name)
            if region:
                record.region = Collectivity.objects.current().filter(side=side, kind=Kind.REGION, code=region).first()
            record.save()
            if parent:
                Link.objects.get_or_create(child=record, parent=found[parent])
            if successor:
                Succession.objects.get_or_create(predecessor=record, successor=found[successor], defaults={
                    "event": Succession.Event.MERGER, "date": until + datetime.timedelta(days=1)})
        found[key] = record
    return found


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_demo() -> str:
    """Replace the demo agreements and twinnings with the set above (idempotent)."""
    by = _secretariat()
    Agreement.objects.filter(source=SOURCE).delete()
    Twinning.objects.filter(source=SOURCE).delete()
    places = _collectivities()
    themes = {axis.slug: axis for axis in Axis.objects.filter(kind=Axis.Kind.THEME)}
    pistes = {piste.code: piste for piste in Piste.objects.filter(axis__plan__slug="2008-2010")}
    created = {}
    for key, title, kind, status, signed, (start, end), sequence, renews, parties, theme_slugs, codes, published \
            in AGREEMENTS:
        agreement = actions.create_agreement(
            by=by, title=title, kind=kind, status=status, signed_on=_date(signed), valid_from=_date(start),
            valid_until=_date(end), sequence=sequence, renews=created.get(renews), is_published=published,
            source=SOURCE, is_demo=True, parties=[
                {**{k: v for k, v in party.items() if k != "key"}, "collectivity": places.get(party["key"])}
                for party in parties],
            themes=[themes[s] for s in theme_slugs if s in themes], pistes=[pistes[c] for c in codes if c in pistes])
        created[key] = agreement
    for french, quebec, kind, year, status, last, theme_slugs, committees, published in TWINNINGS:
        actions.create_twinning(
            by=by, kind=kind, french=places[french], quebec=places[quebec], since_year=year, status=status,
            last_exchange=_date(last), is_published=published, source=SOURCE, is_demo=True,
            themes=[themes[s] for s in theme_slugs if s in themes],
            committees=[{"side": side, "name": name, "contact_name": "Présidence du comité (démo)",
                         "email": f"jumelage-{index}-{places[french].code}@demo.maillage.invalid"}
                        for index, (side, name) in enumerate(committees)])
    return _("%(agreements)s ententes, %(twinnings)s jumelages") % {
        "agreements": len(AGREEMENTS), "twinnings": len(TWINNINGS)}
