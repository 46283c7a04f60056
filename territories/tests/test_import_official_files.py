"""Importing every real file of ../shared/data (see its SOURCES.md).

One import serves the whole module: it runs once, in a transaction rolled back when the
module ends, and each test runs inside it (in a savepoint) like any database test.
"""

from pathlib import Path

import pytest
from django.db import connection, transaction

from territories.importers import import_files
from territories.models import Collectivity, Kind, Link, Side

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = sorted((DATA / "france").glob("*.json.gz")) + sorted((DATA / "quebec").glob("*.csv"))


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        first = import_files(FILES)
        second = import_files(reversed(FILES))
        # Check the deferred foreign keys once here; otherwise PostgreSQL checks all of
        # them again at the end of every test.
        connection.check_constraints()
        yield first, second
        transaction.set_rollback(True)


def current(side, kind):
    return Collectivity.objects.current().filter(side=side, kind=kind)


def get(side, kind, code):
    return Collectivity.objects.current().get(side=side, kind=kind, code=code)


def parent_codes(collectivity, kind=None):
    parents = collectivity.parents.all()
    if kind:
        parents = parents.filter(kind=kind)
    return sorted(parents.values_list("code", flat=True))


@pytest.mark.django_db
def test_every_french_entity_is_imported(imported):
    first, _second = imported
    assert current(Side.FRANCE, Kind.REGION).count() == 18
    # The 8 collectivités d'outre-mer listed as "régions" (and "départements") of zone com.
    assert current(Side.FRANCE, Kind.OUTRE_MER).count() == 8
    assert current(Side.FRANCE, Kind.DEPARTEMENT).count() == 101  # + the 8 COM = 109
    assert current(Side.FRANCE, Kind.COMMUNE).count() == 34969
    assert current(Side.FRANCE, Kind.COMMUNE_DELEGUEE).count() == 2105
    assert current(Side.FRANCE, Kind.COMMUNE_ASSOCIEE).count() == 471
    assert current(Side.FRANCE, Kind.ARRONDISSEMENT_MUNICIPAL).count() == 45
    assert current(Side.FRANCE, Kind.EPCI).count() == 1255
    assert current(Side.FRANCE, Kind.EPT).count() == 11
    assert first.counts[Kind.COMMUNE]["created"] == 34969
    assert first.counts[Kind.OUTRE_MER]["created"] == 8


@pytest.mark.django_db
def test_every_quebec_entity_is_imported(imported):
    assert current(Side.QUEBEC, Kind.REGION).count() == 17
    assert current(Side.QUEBEC, Kind.MRC).count() == 87
    assert current(Side.QUEBEC, Kind.MUNICIPALITE).count() == 1281
    assert current(Side.QUEBEC, Kind.ARRONDISSEMENT).count() == 41
    assert current(Side.QUEBEC, Kind.COMMUNAUTE_METROPOLITAINE).count() == 2
    assert current(Side.QUEBEC, Kind.ADMINISTRATION_REGIONALE).count() == 1
    assert not Collectivity.objects.filter(side=Side.QUEBEC).exclude(country="CA").exists()


@pytest.mark.django_db
def test_lyon_belongs_to_rhone_auvergne_rhone_alpes_and_its_metropole(imported):
    lyon = get(Side.FRANCE, Kind.COMMUNE, "69123")
    assert (lyon.name, lyon.siren, lyon.population, lyon.zone) == (
        "Lyon",
        "216901231",
        519127,
        "metro",
    )
    assert lyon.region.code == "84" and lyon.region.name == "Auvergne-Rhône-Alpes"
    assert parent_codes(lyon, Kind.DEPARTEMENT) == ["69"]
    assert parent_codes(get(Side.FRANCE, Kind.DEPARTEMENT, "69")) == ["84"]
    metropole = get(Side.FRANCE, Kind.EPCI, "200046977")
    assert (metropole.name, metropole.designation) == ("Métropole de Lyon", "MET69")
    assert metropole.region.code == "84"
    assert metropole.children.count() == 58
    assert parent_codes(lyon, Kind.EPCI) == ["200046977"]
    # Chefs-lieux point to communes imported after their région.
    assert get(Side.FRANCE, Kind.REGION, "84").chef_lieu == lyon
    assert get(Side.FRANCE, Kind.DEPARTEMENT, "69").chef_lieu == lyon
    assert lyon.search_name == "lyon"


@pytest.mark.django_db
def test_infra_communal_entities_belong_to_their_commune(imported):
    marseille_1er = get(Side.FRANCE, Kind.ARRONDISSEMENT_MUNICIPAL, "13201")
    assert parent_codes(marseille_1er) == ["13055"]
    assert marseille_1er.region.code == "93"
    arbignieu = get(Side.FRANCE, Kind.COMMUNE_DELEGUEE, "01015")
    assert arbignieu.name == "Arbignieu"
    assert list(arbignieu.parents.values_list("kind", "code")) == [(Kind.COMMUNE, "01015")]
    cordieux = get(Side.FRANCE, Kind.COMMUNE_ASSOCIEE, "01120")
    assert parent_codes(cordieux) == ["01262"]


@pytest.mark.django_db
def test_overseas_collectivities_are_one_entity_with_their_communes(imported):
    spm = get(Side.FRANCE, Kind.OUTRE_MER, "975")
    assert (spm.name, spm.zone) == ("Saint-Pierre-et-Miquelon", "com")
    assert spm.chef_lieu.code == "97502"
    saint_pierre = get(Side.FRANCE, Kind.COMMUNE, "97502")
    assert saint_pierre.region == spm
    assert list(saint_pierre.parents.all()) == [spm]
    assert get(Side.FRANCE, Kind.DEPARTEMENT, "971").region.name == "Guadeloupe"


@pytest.mark.django_db
def test_paris_communes_belong_to_their_ept_and_the_metropole_du_grand_paris(imported):
    aubervilliers = get(Side.FRANCE, Kind.COMMUNE, "93001")
    assert parent_codes(aubervilliers, Kind.EPT) == ["200057867"]
    assert aubervilliers.parents.get(kind=Kind.EPCI).name == "Métropole du Grand Paris"
    assert Link.objects.filter(parent__kind=Kind.EPT).count() == 129
    assert Link.objects.filter(parent__kind=Kind.EPCI).count() == 34871


@pytest.mark.django_db
def test_quebec_municipalities_belong_to_their_mrc_region_and_community(imported):
    levis = get(Side.QUEBEC, Kind.MUNICIPALITE, "25213")
    assert (levis.name, levis.designation, levis.population) == ("Lévis", "Ville", 161582)
    assert levis.region.code == "12" and levis.region.name == "Chaudière-Appalaches"
    assert parent_codes(levis) == ["12", "235"]  # no MRC; Communauté métropolitaine de Québec
    abercorn = get(Side.QUEBEC, Kind.MUNICIPALITE, "46005")
    assert str(abercorn.area_km2) == "26.97"
    assert abercorn.website == "https://www.abercorn.ca"
    assert abercorn.valid_from.isoformat() == "1929-06-25"
    mrc = abercorn.parents.get(kind=Kind.MRC)
    assert (mrc.code, mrc.name) == ("460", "Brome-Missisquoi")
    assert parent_codes(mrc) == ["05"] and mrc.region.name == "Estrie"
    assert get(Side.QUEBEC, Kind.REGION, "02").name == "Saguenay--Lac-Saint-Jean"
    kuujjuaq = get(Side.QUEBEC, Kind.MUNICIPALITE, "99095")
    assert parent_codes(kuujjuaq, Kind.ADMINISTRATION_REGIONALE) == ["992"]
    desjardins = get(Side.QUEBEC, Kind.ARRONDISSEMENT, "REA01")
    assert list(desjardins.parents.all()) == [levis]
    assert desjardins.region.code == "12"
    assert levis.source == "MAMH, Répertoire des municipalités — MUN.csv"


@pytest.mark.django_db
def test_every_row_has_its_search_name(imported):
    assert not Collectivity.objects.filter(search_name="").exists()
    assert get(Side.QUEBEC, Kind.MUNICIPALITE, "25213").search_name == "levis"
    assert Collectivity.objects.search("st-jean-sur-richelieu").filter(side=Side.QUEBEC).exists()


@pytest.mark.django_db
def test_a_second_run_in_any_order_changes_nothing(imported):
    _first, second = imported
    assert second.total("created") == 0
    assert second.total("updated") == 0
    assert second.total("closed") == 0
    assert (second.links_added, second.links_removed, second.successions_added) == (0, 0, 0)
    assert not second.changed_anything
