"""The pickers of régions list names in French alphabetical order (core/collation.py):
Île-de-France among the I's, not after Pays de la Loire (where SQLite's byte order put it)."""
import pytest

from conftest import make_collectivity
from territories.forms import CollectivityFilterForm
from territories.models import Collectivity, Kind, Side

pytestmark = pytest.mark.django_db

REGIONS = ["Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Grand Est",
           "Hauts-de-France", "Île-de-France", "Normandie", "Occitanie", "Pays de la Loire"]


def test_the_region_picker_is_in_french_order():
    for index, name in enumerate(reversed(REGIONS)):
        make_collectivity(Side.FRANCE, Kind.REGION, f"{index + 11}", name)
    form = CollectivityFilterForm({"side": Side.FRANCE})
    assert [name for _pk, name in form.fields["region"].widget.choices[1:]] == REGIONS


def test_the_list_page_shows_them_in_that_order(client):
    for index, name in enumerate(reversed(REGIONS)):
        make_collectivity(Side.FRANCE, Kind.REGION, f"{index + 11}", name)
    page = client.get("/collectivites/", {"side": Side.FRANCE}).content.decode()
    picker = page.split('name="region"')[1].split("</select>")[0]
    positions = [picker.index(f">{name}</option>") for name in REGIONS]
    assert positions == sorted(positions)


def test_search_results_of_equal_rank_are_in_french_order():
    names = ["Saint-Étienne", "Saône-et-Loire", "Sarthe", "Savoie"]
    for index, name in enumerate(reversed(names)):
        make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, f"{index + 70}", name)
    assert [c.name for c in Collectivity.objects.find("sa")] == names
