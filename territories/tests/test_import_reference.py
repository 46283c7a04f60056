"""Reference data shipped in territories/data/: `--reference` and load_reference_data()."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from territories.importers import import_files
from territories.models import Collectivity, Kind, Side, Succession
from territories.reference import load_reference_data

from .importer_fixtures import COMMUNES_2025, EPCI_2025, REGIONS, write_json, write_vintage

pytestmark = pytest.mark.django_db

MERGERS_2016 = {
    "44": {"42", "21", "41"},
    "75": {"72", "74", "54"},
    "84": {"83", "82"},
    "27": {"26", "43"},
    "28": {"25", "23"},
    "76": {"91", "73"},
    "32": {"31", "22"},
}


def test_reference_data_holds_todays_regions_and_departements():
    load_reference_data()
    current = Collectivity.objects.current()
    assert current.filter(side=Side.FRANCE, kind=Kind.REGION).count() == 18
    assert current.filter(side=Side.FRANCE, kind=Kind.OUTRE_MER).count() == 8
    assert current.filter(side=Side.FRANCE, kind=Kind.DEPARTEMENT).count() == 101
    rhone = current.get(kind=Kind.DEPARTEMENT, code="69")
    assert rhone.region.name == "Auvergne-Rhône-Alpes"
    assert rhone.source.startswith("INSEE / DGCL / La Poste via @etalab/decoupage-administratif")


def test_reference_data_holds_the_17_quebec_regions():
    load_reference_data()
    regions = Collectivity.objects.current().filter(side=Side.QUEBEC, kind=Kind.REGION)
    assert regions.count() == 17
    assert regions.get(code="02").name == "Saguenay--Lac-Saint-Jean"
    assert regions.get(code="12").name == "Chaudière-Appalaches"
    assert set(regions.values_list("country", flat=True)) == {"CA"}


def test_regions_merged_in_2016_point_to_their_successor():
    load_reference_data()
    former = Collectivity.objects.filter(
        side=Side.FRANCE, kind=Kind.REGION, valid_until__isnull=False
    )
    assert former.count() == 16
    assert set(former.values_list("valid_until", flat=True)) == {date(2015, 12, 31)}
    for successor_code, predecessor_codes in MERGERS_2016.items():
        successions = Succession.objects.filter(
            successor__code=successor_code, successor__kind=Kind.REGION
        )
        assert set(successions.values_list("predecessor__code", flat=True)) == predecessor_codes
        assert {s.event for s in successions} == {Succession.Event.MERGER}
        assert {s.date for s in successions} == {date(2016, 1, 1)}
    alsace = former.get(code="42")
    assert alsace.name == "Alsace" and alsace.successions.get().successor.name == "Grand Est"
    assert (
        Collectivity.objects.search("rhone alpes").filter(valid_until__isnull=False).get().code
        == "82"
    )


def test_quebec_cre_are_former_entities_attached_to_their_region():
    load_reference_data()
    cre = Collectivity.objects.filter(side=Side.QUEBEC, kind=Kind.CRE)
    assert cre.count() == 19
    assert not cre.filter(valid_until__isnull=True).exists()
    assert cre.filter(region__code="16").count() == 3  # Montérégie had three
    estrie = cre.get(code="CRE-05")
    succession = estrie.successions.get()
    assert succession.successor.name == "Estrie"
    assert succession.event == Succession.Event.ABOLITION
    assert "noms génériques" in estrie.source


def test_loading_reference_data_twice_changes_nothing():
    load_reference_data()
    assert not load_reference_data().changed_anything
    assert Succession.objects.count() == 16 + 19


def test_reference_never_overwrites_a_newer_official_file(tmp_path):
    renamed = [
        dict(region, nom="Auvergne-Rhône-Alpes (nouveau nom)") if region["code"] == "84" else region
        for region in REGIONS
    ]
    import_files([write_json(tmp_path, "regions.json", renamed)])
    load_reference_data()
    region = Collectivity.objects.current().get(side=Side.FRANCE, kind=Kind.REGION, code="84")
    assert region.name == "Auvergne-Rhône-Alpes (nouveau nom)"


def test_chefs_lieux_of_former_regions_are_set_when_communes_are_known(tmp_path):
    import_files(write_vintage(tmp_path, COMMUNES_2025, EPCI_2025))
    load_reference_data()
    rhone_alpes = Collectivity.objects.get(kind=Kind.REGION, code="82", valid_until__isnull=False)
    assert rhone_alpes.chef_lieu.name == "Lyon"


def test_the_command_loads_reference_data():
    out = StringIO()
    call_command("import_territories", "--reference", stdout=out)
    assert "Données de référence :" in out.getvalue()
    assert "Conférence régionale des élus : 19 créées" in out.getvalue()
    assert Collectivity.objects.filter(kind=Kind.CRE).count() == 19
