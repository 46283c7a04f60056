"""A small registry of real collectivities of both sides, for the registry's page and API tests.

Codes, names and populations are the official ones (COG 2026, MAMH répertoire); the
former régions and their merger follow the law of 16 January 2015.
"""
import datetime

import pytest

from conftest import make_collectivity
from territories.models import Kind, Link, Side, Succession

MERGER_DATE = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2015, 12, 31)


def link(child, *parents):
    for parent in parents:
        Link.objects.create(child=child, parent=parent)


@pytest.fixture
def registry(db, lyon_commune, trois_rivieres_ville):
    fr, qc, kind = Side.FRANCE, Side.QUEBEC, Kind
    r = {}
    r["ara"] = make_collectivity(fr, kind.REGION, "84", "Auvergne-Rhône-Alpes", population=8235923)
    r["naq"] = make_collectivity(fr, kind.REGION, "75", "Nouvelle-Aquitaine", population=6154772)
    r["guadeloupe"] = make_collectivity(fr, kind.REGION, "01", "Guadeloupe", population=378561, zone="drom")
    r["aquitaine"] = make_collectivity(
        fr, kind.REGION, "72", "Aquitaine", valid_until=LAST_DAY, population=3396000
    )
    r["rhone_alpes"] = make_collectivity(
        fr, kind.REGION, "82", "Rhône-Alpes", valid_until=LAST_DAY, population=6448921
    )
    Succession.objects.create(
        predecessor=r["aquitaine"], successor=r["naq"], event=Succession.Event.MERGER, date=MERGER_DATE
    )
    Succession.objects.create(
        predecessor=r["rhone_alpes"], successor=r["ara"], event=Succession.Event.MERGER, date=MERGER_DATE
    )
    r["ain"] = make_collectivity(fr, kind.DEPARTEMENT, "01", "Ain", region=r["ara"], population=671937)
    r["rhone"] = make_collectivity(fr, kind.DEPARTEMENT, "69", "Rhône", region=r["ara"], population=1926400)
    r["pyrenees_atlantiques"] = make_collectivity(
        fr, kind.DEPARTEMENT, "64", "Pyrénées-Atlantiques", region=r["naq"], population=692471
    )
    link(r["ain"], r["ara"])
    link(r["rhone"], r["ara"])
    link(r["pyrenees_atlantiques"], r["naq"])
    r["metropole_lyon"] = make_collectivity(
        fr, kind.EPCI, "200046977", "Métropole de Lyon", siren="200046977", designation="MET69",
        region=r["ara"], population=1437474,
    )
    r["lyon"] = lyon_commune
    lyon_commune.siren = "216901231"
    lyon_commune.region = r["ara"]
    lyon_commune.website = "https://www.lyon.fr"
    lyon_commune.save()
    link(lyon_commune, r["rhone"], r["metropole_lyon"])
    r["villeurbanne"] = make_collectivity(
        fr, kind.COMMUNE, "69266", "Villeurbanne", region=r["ara"], population=163358
    )
    link(r["villeurbanne"], r["rhone"], r["metropole_lyon"])
    r["saint_jean_de_luz"] = make_collectivity(
        fr, kind.COMMUNE, "64483", "Saint-Jean-de-Luz", region=r["naq"], population=14150
    )
    link(r["saint_jean_de_luz"], r["pyrenees_atlantiques"])

    r["mauricie"] = make_collectivity(qc, kind.REGION, "04", "Mauricie", population=275000, country="CA")
    r["chaudiere"] = make_collectivity(
        qc, kind.REGION, "12", "Chaudière-Appalaches", population=437000, country="CA"
    )
    r["monteregie"] = make_collectivity(qc, kind.REGION, "16", "Montérégie", population=1613000, country="CA")
    r["trois_rivieres"] = trois_rivieres_ville
    trois_rivieres_ville.region = r["mauricie"]
    trois_rivieres_ville.save()
    link(trois_rivieres_ville, r["mauricie"])
    r["levis"] = make_collectivity(
        qc, kind.MUNICIPALITE, "25213", "Lévis", designation="Ville", region=r["chaudiere"],
        population=149683, country="CA",
    )
    link(r["levis"], r["chaudiere"])
    r["saint_jean_sur_richelieu"] = make_collectivity(
        qc, kind.MUNICIPALITE, "56083", "Saint-Jean-sur-Richelieu", designation="Ville",
        region=r["monteregie"], population=97873, country="CA",
    )
    r["demo"] = make_collectivity(
        qc, kind.MUNICIPALITE, "99999", "Village-de-Démonstration", designation="Village",
        region=r["mauricie"], population=812, country="CA", is_demo=True,
    )
    return r
