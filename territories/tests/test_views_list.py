"""The registry list at /collectivites/: facets, search, pagination, htmx fragment, queries."""
import pytest
from django.urls import reverse

from conftest import make_collectivity
from territories.models import Kind, Side


URL = reverse("territories:list")


def names(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def test_it_lists_current_collectivities_most_populous_first(client, registry):
    response = client.get(URL)
    assert response.status_code == 200
    listed = names(response)
    assert listed[:3] == ["Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine", "Rhône"]
    assert "Aquitaine" not in listed and "Rhône-Alpes" not in listed


def test_it_shows_a_formatted_count_in_a_live_region(client, registry):
    for i in range(1000):
        make_collectivity(Side.FRANCE, Kind.COMMUNE, f"99{i:03d}", f"Commune {i}")
    content = client.get(URL + "?kind=commune").content.decode()
    assert '<p class="result-count" role="status" aria-live="polite"><span id="result-count">1\u202f003 collectivités</span>' in content


def test_the_count_is_singular_for_one(client, registry):
    content = client.get(URL + "?q=levis").content.decode()
    assert ">1 collectivité</span>" in content


def test_former_entities_are_listed_on_request_and_marked(client, registry):
    response = client.get(URL + "?include_former=on&kind=region&side=fr")
    assert names(response) == [
        "Auvergne-Rhône-Alpes", "Rhône-Alpes", "Nouvelle-Aquitaine", "Aquitaine", "Guadeloupe",
    ]
    assert "jusqu'au 31 déc. 2015" in response.content.decode()


def test_side_facet_keeps_one_side_and_lists_its_regions_only(client, registry):
    response = client.get(URL + "?side=qc")
    assert set(names(response)) == {
        "Mauricie", "Chaudière-Appalaches", "Montérégie", "Lévis", "Trois-Rivières",
        "Saint-Jean-sur-Richelieu", "Village-de-Démonstration",
    }
    region_select = response.content.decode().split('id="id_region"')[1].split("</select>")[0]
    assert "Mauricie" in region_select and "Auvergne" not in region_select


def test_without_side_the_regions_are_grouped_by_side(client, registry):
    region_select = client.get(URL).content.decode().split('id="id_region"')[1].split("</select>")[0]
    assert '<optgroup label="France">' in region_select and '<optgroup label="Québec">' in region_select
    assert "Aquitaine</option>" not in region_select.replace("Nouvelle-Aquitaine", "")


def test_region_kind_and_population_facets_combine(client, registry):
    mauricie = registry["mauricie"].pk
    assert names(client.get(URL + f"?region={mauricie}&kind=municipalite")) == [
        "Trois-Rivières", "Village-de-Démonstration",
    ]
    assert names(client.get(URL + f"?region={mauricie}&population=500-2000")) == ["Village-de-Démonstration"]
    assert names(client.get(URL + "?kind=commune&population=200000-")) == ["Lyon"]


def test_a_region_of_the_other_side_is_dropped_when_the_side_changes(client, registry):
    response = client.get(URL + f"?side=fr&region={registry['mauricie'].pk}")
    assert response.context["form"].errors == {}
    assert "Lyon" in names(response)


def test_invalid_filters_are_reported_in_french_and_ignored(client, registry):
    response = client.get(URL + "?population=beaucoup&kind=commune")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-describedby="id_population_error"' in content
    assert "Sélectionnez un choix valide. beaucoup n’en fait pas partie." in content
    assert names(response) == ["Lyon", "Villeurbanne", "Saint-Jean-de-Luz"]


def test_pagination_shows_50_per_page_and_keeps_filters(client, registry):
    for i in range(60):
        make_collectivity(Side.FRANCE, Kind.COMMUNE, f"99{i:03d}", f"Petite {i}", population=i)
    first = client.get(URL + "?kind=commune")
    assert len(names(first)) == 50
    content = first.content.decode()
    assert "Page 1 sur 2" in content
    assert 'href="?kind=commune&amp;page=2"' in content
    second = client.get(URL + "?kind=commune&page=2")
    assert len(names(second)) == 13
    assert names(second)[-1] == "Petite 0"


def test_htmx_gets_the_results_fragment_with_the_count_out_of_band(client, registry):
    response = client.get(
        URL + "?q=lyon", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/collectivites/"}
    )
    content = response.content.decode()
    assert "<html" not in content and "<form" not in content
    assert '<span id="result-count" hx-swap-oob="true">2 collectivités</span>' in content
    assert "Lyon" in content
    # The side did not change: the région select stays as it is (keeps keyboard focus).
    assert "region-facet" not in content


def test_htmx_refreshes_the_region_list_when_the_side_changes(client, registry):
    response = client.get(
        URL + "?side=qc", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/collectivites/?side=fr"}
    )
    content = response.content.decode()
    assert '<div id="region-facet" hx-swap-oob="true">' in content
    assert "Mauricie</option>" in content and "Auvergne" not in content


def test_the_filter_form_is_accessible_without_javascript(client, registry):
    content = client.get(URL).content.decode()
    assert 'method="get"' in content and 'hx-get="/collectivites/"' in content
    assert 'hx-push-url="true"' in content and 'hx-target="#results"' in content
    assert "<legend>Côté</legend>" in content and "<legend>Filtres</legend>" in content
    for field in ("id_q", "id_kind", "id_region", "id_population", "id_include_former", "id_side_1"):
        assert f'for="{field}"' in content, field


def test_demo_records_are_marked(client, registry):
    content = client.get(URL + "?q=demonstration").content.decode()
    assert '<span class="badge demo">démonstration</span>' in content


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_makes_the_same_queries_whatever_the_rows(client, db, django_assert_num_queries, rows):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    for i in range(rows):
        make_collectivity(Side.FRANCE, Kind.COMMUNE, f"69{i:03d}", f"Commune {i}", region=region)
    client.get(URL)  # the first read after the writes stores the facets' counts
    # 1 the régions of the facet, 2 the facets' stored counts (the results' count too), 3 the
    # page with each row's région.
    with django_assert_num_queries(3):
        response = client.get(URL + "?kind=commune")
    assert len(names(response)) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_a_search_makes_the_same_queries_whatever_the_rows(client, db, django_assert_num_queries, rows):
    for i in range(rows):
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"{i:05d}", f"Saint-Jean {i}")
    with django_assert_num_queries(3):
        response = client.get(URL + "?q=st-jean&page=1", headers={"HX-Request": "true"})
    assert len(names(response)) == rows
