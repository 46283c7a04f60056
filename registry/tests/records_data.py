"""Test data of the records' pages, the API and the actions, beside the root personas and
territories' small real registry (territories/tests/registry_fixtures.py):

- history: Saguenay (94068) with the former municipality of Chicoutimi merged into it in
  2002; Annecy (74010) with its commune déléguée Annecy-le-Vieux (74011); Rhône-Alpes
  (82) merged into Auvergne-Rhône-Alpes (84) in 2016;
- `saguenay_editor`: an editor of Saguenay (not of Chicoutimi's former record);
- `records`: the 7th plan of action Québec – Rhône-Alpes (published, signed by Rhône-Alpes
  and the Gouvernement du Québec) and the 8th renewing it, the 9th signed by
  Auvergne-Rhône-Alpes (unpublished), Lyon – Trois-Rivières (unpublished); twinnings
  Chicoutimi – Villeurbanne (unpublished, with committees and contacts), Annecy-le-Vieux –
  Lévis (published) and Lyon – Trois-Rivières (published).

Import its fixtures into a test module: `from .records_data import *  # noqa: F403`.
"""
import datetime

import pytest

from conftest import make_collectivity
from plan.loading import load_plan
from plan.models import Axis, Piste
from registry import actions
from registry.models import AgreementParty
from territories.models import Kind, Link, Side, Succession
from territories.tests.registry_fixtures import registry  # noqa: F401 (a fixture)

GOVERNMENT = {"kind": AgreementParty.Kind.GOVERNMENT, "side": Side.QUEBEC, "name": "Gouvernement du Québec"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def places(registry):  # noqa: F811
    r = dict(registry)
    r["saguenay_lac"] = make_collectivity(Side.QUEBEC, Kind.REGION, "02", "Saguenay–Lac-Saint-Jean", country="CA")
    r["saguenay"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "94068", "Saguenay", designation="Ville",
                                      region=r["saguenay_lac"], population=151946, country="CA")
    r["chicoutimi"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "94070", "Chicoutimi", designation="Ville",
                                        region=r["saguenay_lac"], valid_until=datetime.date(2002, 2, 17), country="CA")
    Succession.objects.create(predecessor=r["chicoutimi"], successor=r["saguenay"], event=Succession.Event.MERGER,
                              date=datetime.date(2002, 2, 18))
    haute_savoie = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "74", "Haute-Savoie", region=r["ara"])
    r["annecy"] = make_collectivity(Side.FRANCE, Kind.COMMUNE, "74010", "Annecy", region=r["ara"], population=132117)
    r["annecy_le_vieux"] = make_collectivity(Side.FRANCE, Kind.COMMUNE_DELEGUEE, "74011", "Annecy-le-Vieux",
                                             region=r["ara"])
    Link.objects.create(child=r["annecy"], parent=haute_savoie)
    Link.objects.create(child=r["annecy_le_vieux"], parent=r["annecy"])
    return r


@pytest.fixture
def plan_data(db):
    load_plan()
    return {"tourisme": Axis.objects.get(kind=Axis.Kind.THEME, slug="tourisme"),
            "francophonie": Axis.objects.get(kind=Axis.Kind.THEME, slug="francophonie"),
            "dd-1": Piste.objects.get(code="dd-1", axis__plan__slug="2008-2010")}


@pytest.fixture
def saguenay_editor(places, django_user_model):
    user = django_user_model.objects.create_user("saguenay", "saguenay@example.org", "mot-de-passe-sûr-42")
    user.memberships.create(collectivity=places["saguenay"])
    return user


def party(collectivity, **fields) -> dict:
    return {"kind": AgreementParty.Kind.COLLECTIVITY, "collectivity": collectivity, **fields}


def make_agreement(by, *parties, **fields):
    fields.setdefault("title", "Entente")
    return actions.create_agreement(by=by, parties=list(parties), **fields)


def make_twinning(by, french, quebec, **fields):
    return actions.create_twinning(by=by, french=french, quebec=quebec, **fields)


@pytest.fixture
def records(places, personas, plan_data):
    sec = personas["secretariat"]
    p = places
    ra7 = make_agreement(sec, party(p["rhone_alpes"], signatory="Président du Conseil régional"), dict(GOVERNMENT),
                         title="7e plan d'action Québec – Rhône-Alpes", kind="plan_action", sequence=7,
                         status="echue", signed_on=datetime.date(2012, 3, 22), valid_until=datetime.date(2014, 12, 31),
                         themes=[plan_data["tourisme"]], pistes=[plan_data["dd-1"]])
    ra8 = make_agreement(sec, party(p["rhone_alpes"]), dict(GOVERNMENT), title="8e plan d'action Québec – Rhône-Alpes",
                         kind="plan_action", renews=ra7, status="echue", since_year=2015,
                         themes=[plan_data["francophonie"]])
    ra9 = make_agreement(sec, party(p["ara"]), dict(GOVERNMENT), title="9e plan d'action Québec – Auvergne-Rhône-Alpes",
                         kind="plan_action", renews=ra8, since_year=2018, is_published=False)
    lyon_tr = make_agreement(sec, party(p["lyon"]), party(p["trois_rivieres"]), title="Protocole Lyon – Trois-Rivières",
                             kind="protocole", status="preparation", is_published=False)
    chicoutimi = make_twinning(sec, p["villeurbanne"], p["chicoutimi"], since_year=1989, status="dormant",
                               is_published=False, committees=[
                                   {"side": "fr", "name": "Comité Villeurbanne – Chicoutimi", "contact_name": "Anne Martin",
                                    "email": "anne.martin@example.org", "phone": "04 78 00 00 00"},
                                   {"side": "qc", "name": "Association Saguenay – Villeurbanne",
                                    "website": "https://jumelage.example.org"}])
    annecy = make_twinning(sec, p["annecy_le_vieux"], p["levis"], since=datetime.date(1994, 6, 4),
                           themes=[plan_data["tourisme"]])
    lyon = make_twinning(sec, p["lyon"], p["trois_rivieres"], kind="amitie", since_year=2010)
    return {"ra7": ra7, "ra8": ra8, "ra9": ra9, "lyon_tr": lyon_tr, "chicoutimi": chicoutimi, "annecy": annecy,
            "lyon": lyon}
