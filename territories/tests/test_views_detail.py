"""The page of one collectivity: identity, hierarchy, children, history, versions."""
import datetime

import pytest
from django.urls import reverse

from conftest import make_collectivity
from territories.models import Collectivity, Kind, Link, Side



def url(c) -> str:
    return reverse("territories:detail", args=[c.side, c.kind, c.code])


def test_it_shows_identity_codes_and_formatted_numbers(client, registry):
    content = client.get("/collectivites/fr/commune/69123/").content.decode()
    assert "<h1>Lyon</h1>" in content
    assert "<dt>Code INSEE</dt><dd>69123</dd>" in content
    assert "<dt>SIREN</dt><dd>216901231</dd>" in content
    assert "522\u202f250 habitants" in content
    assert '<a href="https://www.lyon.fr" rel="noopener">' in content
    assert '<a href="/collectivites/fr/region/84/">Auvergne-Rhône-Alpes</a>' in content


@pytest.mark.parametrize(("area", "written"), [("47.87", "47,87"), ("1500.00", "1\u202f500"), ("31.50", "31,5")])
def test_the_area_is_written_without_useless_decimals_and_with_grouped_thousands(client, registry, area, written):
    Collectivity.objects.filter(pk=registry["lyon"].pk).update(area_km2=area)
    content = client.get("/collectivites/fr/commune/69123/").content.decode()
    assert f"<dt>Superficie</dt><dd>{written} km²</dd>" in content


def test_a_quebec_region_is_a_region_administrative_with_a_geographic_code(client, registry):
    content = client.get(url(registry["mauricie"])).content.decode()
    assert "<dt>Type</dt><dd>Région administrative</dd>" in content
    assert "<dt>Code géographique</dt><dd>04</dd>" in content


def test_parents_are_links(client, registry):
    content = client.get(url(registry["lyon"])).content.decode()
    assert 'Département : <a href="/collectivites/fr/departement/69/">Rhône</a>' in content
    assert 'Intercommunalité (EPCI) : <a href="/collectivites/fr/epci/200046977/">Métropole de Lyon</a>' in content


def test_a_former_region_leads_to_todays(client, registry):
    content = client.get("/collectivites/fr/region/72/").content.decode()
    assert "<h1>Aquitaine</h1>" in content
    assert "Ancienne collectivité, jusqu'au 31 décembre 2015" in content
    assert 'Cette collectivité a une suite :\n  <a href="/collectivites/fr/region/75/">Nouvelle-Aquitaine</a> (fusion, 1er janvier 2016)' in content


def test_todays_region_lists_its_predecessors(client, registry):
    content = client.get("/collectivites/fr/region/75/").content.decode()
    aquitaine = registry["aquitaine"]
    assert f'issue de <a href="/collectivites/fr/region/72/?id={aquitaine.pk}">Aquitaine</a> (72)' in content
    assert "1er janvier 2016 — Fusion :" in content


def test_former_versions_of_a_code_are_reachable_by_id(client, registry):
    former = make_collectivity(
        Side.FRANCE, Kind.COMMUNE, "69123", "Lyon avant 1964", valid_until=datetime.date(1963, 12, 31)
    )
    current_page = client.get("/collectivites/fr/commune/69123/")
    assert current_page.context["collectivity"] == registry["lyon"]
    assert f'href="/collectivites/fr/commune/69123/?id={former.pk}">Lyon avant 1964</a>' in current_page.content.decode()
    former_page = client.get(f"/collectivites/fr/commune/69123/?id={former.pk}")
    assert former_page.context["collectivity"] == former
    assert 'href="/collectivites/fr/commune/69123/">Lyon</a> (en vigueur)' in former_page.content.decode()


def test_without_a_current_record_the_latest_former_one_is_shown(client, db):
    make_collectivity(Side.QUEBEC, Kind.CRE, "04", "CRÉ de la Mauricie (1)", valid_until=datetime.date(2004, 1, 1))
    latest = make_collectivity(Side.QUEBEC, Kind.CRE, "04", "CRÉ de la Mauricie", valid_until=datetime.date(2015, 4, 21))
    assert client.get("/collectivites/qc/cre/04/").context["collectivity"] == latest


@pytest.mark.parametrize("path", [
    "/collectivites/fr/commune/00000/",
    "/collectivites/xx/commune/69123/",
    "/collectivites/fr/commune/69123/?id=abc",
    "/collectivites/fr/commune/69123/?id=999999",
])
def test_unknown_collectivities_are_404(client, registry, path):
    assert client.get(path).status_code == 404


def test_demo_records_are_clearly_marked(client, registry):
    content = client.get(url(registry["demo"])).content.decode()
    assert '<span class="badge demo">Donnée de démonstration</span>' in content
    assert "elle ne décrit pas une collectivité réelle" in content


def test_a_big_parent_shows_counts_and_one_page_of_children(client, registry):
    rhone = registry["rhone"]
    for i in range(120):
        child = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"69{i + 300:03d}", f"Commune {i}", population=i)
        Link.objects.create(child=child, parent=rhone)
    response = client.get(url(rhone))
    content = response.content.decode()
    assert "Commune : 122" in content
    assert len(response.context["children_page"].object_list) == 50
    assert "Page 1 sur 3" in content
    assert content.index(">Lyon</a>") < content.index(">Villeurbanne</a>") < content.index(">Commune 119</a>")
    assert ">Commune 0</a>" not in content
    last = client.get(url(rhone) + "?page=3")
    assert ">Commune 0</a>" in last.content.decode()


def test_the_edit_link_is_shown_to_editors_only(client, registry, personas):
    client.force_login(personas["lyon"])
    assert "/collectivites/fr/commune/69123/modifier/" in client.get(url(registry["lyon"])).content.decode()
    client.force_login(personas["outsider"])
    assert "/modifier/" not in client.get(url(registry["lyon"])).content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_page_of_a_parent_makes_the_same_queries_whatever_the_children(client, db, django_assert_num_queries, rows):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    departement = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "69", "Rhône", region=region)
    Link.objects.create(child=departement, parent=region)
    for i in range(rows):
        commune = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"69{i:03d}", f"Commune {i}", region=region)
        Link.objects.create(child=commune, parent=departement)
        former = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"68{i:03d}", f"Ancienne {i}", valid_until=datetime.date(2015, 1, 1))
        former.successions.create(successor=departement, event="autre", date=datetime.date(2015, 1, 1))
    # 1 the département with région and chef-lieu, 2 its children counted by kind,
    # 3 the count and 4 the page of children, 5 successions, 6 parents, 7 other versions;
    # the sections of the apps above: 8 the projects it is a partner of, counted (none, so
    # no rows read), 9 its cooperation profile (the public reads no fund application).
    with django_assert_num_queries(9):
        response = client.get(url(departement))
    assert len(response.context["children_page"].object_list) == rows
    assert len(response.context["predecessors"]) == rows
