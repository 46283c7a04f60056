"""The resolver matches names whatever their spelling, and never guesses."""
import datetime

import pytest

from conftest import make_collectivity
from territories.models import Kind, Link, Side, Succession
from territories.resolve import AMBIGUOUS, MATCHED, UNMATCHED, Resolver, name_key

FR, QC = Side.FRANCE, Side.QUEBEC


@pytest.fixture
def places(db):
    p = {}
    p["ara"] = make_collectivity(FR, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    p["rhone_alpes"] = make_collectivity(FR, Kind.REGION, "82", "Rhône-Alpes",
                                         valid_until=datetime.date(2015, 12, 31))
    Succession.objects.create(predecessor=p["rhone_alpes"], successor=p["ara"],
                              event=Succession.Event.MERGER, date=datetime.date(2016, 1, 1))
    p["ain"] = make_collectivity(FR, Kind.DEPARTEMENT, "01", "Ain", region=p["ara"])
    p["isere"] = make_collectivity(FR, Kind.DEPARTEMENT, "38", "Isère", region=p["ara"])
    p["sm_ain"] = make_collectivity(FR, Kind.COMMUNE, "01386", "Saint-Martin-du-Mont", region=p["ara"])
    p["sm1"] = make_collectivity(FR, Kind.COMMUNE, "01999", "Saint-Martin", region=p["ara"])
    p["sm2"] = make_collectivity(FR, Kind.COMMUNE, "38999", "Saint-Martin", region=p["ara"])
    Link.objects.create(child=p["sm1"], parent=p["ain"])
    Link.objects.create(child=p["sm2"], parent=p["isere"])
    p["nantes"] = make_collectivity(FR, Kind.COMMUNE, "44109", "Nantes")
    p["annecy"] = make_collectivity(FR, Kind.COMMUNE, "74010", "Annecy")
    p["annecy_le_vieux"] = make_collectivity(FR, Kind.COMMUNE_DELEGUEE, "74011", "Annecy-le-Vieux")
    Link.objects.create(child=p["annecy_le_vieux"], parent=p["annecy"])
    p["saguenay"] = make_collectivity(QC, Kind.MUNICIPALITE, "94068", "Saguenay", country="CA")
    p["chicoutimi"] = make_collectivity(QC, Kind.MUNICIPALITE, "94010", "Chicoutimi", country="CA",
                                        valid_until=datetime.date(2001, 12, 31))
    Succession.objects.create(predecessor=p["chicoutimi"], successor=p["saguenay"],
                              event=Succession.Event.MERGER, date=datetime.date(2002, 2, 18))
    p["nantes_qc"] = make_collectivity(QC, Kind.MUNICIPALITE, "30030", "Nantes", country="CA")
    return p


def test_name_key_drops_prefixes_accents_and_abbreviations():
    assert name_key("Ville de Lévis") == "levis"
    assert name_key("Commune de St-Martin") == "saint martin"
    assert name_key("Région Rhône-Alpes") == "rhone alpes"
    assert name_key("Département de l'Ain") == "ain"


def test_homonyms_are_ambiguous_without_departement(places):
    r = Resolver(FR).resolve("saint martin")
    assert r.status == AMBIGUOUS
    assert set(r.candidates) == {places["sm1"].pk, places["sm2"].pk}


def test_homonyms_are_told_apart_by_departement(places):
    resolver = Resolver(FR)
    assert resolver.resolve("St Martin", area="38").collectivity_id == places["sm2"].pk
    assert resolver.resolve("ST-MARTIN", area="Ain").collectivity_id == places["sm1"].pk


def test_former_names_lead_to_todays_entity(places):
    r = Resolver(FR).resolve("Region Rhone Alpes")
    assert (r.status, r.collectivity_id, r.former_id) == (MATCHED, places["ara"].pk, places["rhone_alpes"].pk)
    r = Resolver(FR).resolve("annecy le vieux")
    assert (r.collectivity_id, r.former_id) == (places["annecy"].pk, places["annecy_le_vieux"].pk)
    r = Resolver(QC).resolve("Ville de Chicoutimi")
    assert (r.collectivity_id, r.former_id) == (places["saguenay"].pk, places["chicoutimi"].pk)


def test_each_side_looks_on_its_own_side(places):
    assert Resolver(QC).resolve("Nantes").collectivity_id == places["nantes_qc"].pk
    assert Resolver(FR).resolve("Nantes").collectivity_id == places["nantes"].pk
    assert Resolver(FR).resolve("Saguenay").status == UNMATCHED


def test_typos_are_candidates_never_matches(places):
    r = Resolver(QC).resolve("Sagenay")
    assert (r.status, r.candidates) == (AMBIGUOUS, [places["saguenay"].pk])


def test_a_code_contradicting_the_name_is_reported(places):
    r = Resolver(FR).resolve("Nantes", code="74010")
    assert r.status == AMBIGUOUS
    assert set(r.candidates) == {places["nantes"].pk, places["annecy"].pk}
    assert "74010" in r.messages[0]
    assert Resolver(FR).resolve("Nantes", code="44109").collectivity_id == places["nantes"].pk
