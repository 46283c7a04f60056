"""The facets of /collectivites/: for each kind, région and population band, how many
collectivities the other active filters keep, each a link adding or removing its filter."""
import pytest
from django.urls import reverse

from conftest import make_collectivity
from territories.models import Kind, Side

URL = reverse("territories:list")


@pytest.fixture
def places(db):
    """13 current collectivities (and a former one, never counted unless asked for)."""
    fr, qc = Side.FRANCE, Side.QUEBEC
    ara = make_collectivity(fr, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    naq = make_collectivity(fr, Kind.REGION, "75", "Nouvelle-Aquitaine")
    mauricie = make_collectivity(qc, Kind.REGION, "04", "Mauricie", country="CA")
    for code, population in (("01001", 100), ("01002", 300), ("01003", 1000), ("01004", None), ("69001", 60000)):
        make_collectivity(fr, Kind.COMMUNE, code, f"Commune {code}", region=ara, population=population)
    make_collectivity(fr, Kind.EPCI, "200000001", "Communauté de communes", region=ara, population=30000)
    make_collectivity(fr, Kind.COMMUNE, "64001", "Commune 64001", region=naq, population=100)
    make_collectivity(fr, Kind.COMMUNE, "64002", "Commune 64002", region=naq, population=5000)
    make_collectivity(qc, Kind.MUNICIPALITE, "51001", "Municipalité A", region=mauricie, population=800, country="CA")
    make_collectivity(qc, Kind.MUNICIPALITE, "51002", "Municipalité B", region=mauricie, country="CA")
    make_collectivity(fr, Kind.COMMUNE, "01999", "Commune 01999", region=ara, population=200,
                      valid_until="2015-12-31")


def facets(response) -> dict:
    return {group.name: {value.label: value.count for value in group.values}
            for group in response.context["facets"].groups}


def test_without_filters_each_facet_counts_every_current_collectivity(client, places):
    response = client.get(URL)
    assert facets(response) == {
        "kind": {"Commune": 7, "Région": 3, "Municipalité": 2, "Intercommunalité (EPCI)": 1},
        "region": {"Auvergne-Rhône-Alpes": 6, "Mauricie": 2, "Nouvelle-Aquitaine": 2},
        "population": {"moins de 500 habitants": 3, "500 à 2 000 habitants": 2, "2 000 à 10 000 habitants": 1,
                       "10 000 à 50 000 habitants": 1, "50 000 à 200 000 habitants": 1, "population inconnue": 5},
    }
    assert response.context["page"].paginator.count == 13


def test_each_facet_is_counted_under_the_other_filters(client, places):
    response = client.get(URL + "?kind=commune")
    counted = facets(response)
    # The kind's own facet ignores the kind chosen: the other kinds stay offered.
    assert counted["kind"] == {"Commune": 7, "Région": 3, "Municipalité": 2, "Intercommunalité (EPCI)": 1}
    assert counted["region"] == {"Auvergne-Rhône-Alpes": 5, "Nouvelle-Aquitaine": 2}
    assert counted["population"] == {"moins de 500 habitants": 3, "500 à 2 000 habitants": 1,
                                     "2 000 à 10 000 habitants": 1, "50 000 à 200 000 habitants": 1,
                                     "population inconnue": 1}
    response = client.get(URL + "?kind=commune&population=0-500")
    counted = facets(response)
    assert counted["kind"] == {"Commune": 3}
    assert counted["region"] == {"Auvergne-Rhône-Alpes": 2, "Nouvelle-Aquitaine": 1}
    assert counted["population"]["moins de 500 habitants"] == 3 and counted["population"]["population inconnue"] == 1
    assert response.context["page"].paginator.count == 3 and len(response.context["page"].object_list) == 3


def test_the_side_the_search_and_former_entities_narrow_every_facet(client, places):
    counted = facets(client.get(URL + "?side=qc"))
    assert counted["kind"] == {"Municipalité": 2, "Région administrative": 1}
    assert counted["region"] == {"Mauricie": 2}
    counted = facets(client.get(URL + "?q=commune 01"))
    assert counted["kind"] == {"Commune": 4} and counted["region"] == {"Auvergne-Rhône-Alpes": 4}
    counted = facets(client.get(URL + "?q=commune 01&include_former=on"))
    assert counted["kind"] == {"Commune": 5}


def test_a_region_chosen_stays_listed_with_its_count(client, places):
    mauricie = client.get(URL).context["form"].fields["region"].choices[2][0]
    response = client.get(URL + f"?region={mauricie}&kind=commune")
    region = response.context["facets"].groups[1]
    assert [(v.label, v.count, v.active) for v in region.values] == [
        ("Auvergne-Rhône-Alpes", 5, False), ("Nouvelle-Aquitaine", 2, False), ("Mauricie", 0, True)]
    assert response.context["page"].paginator.count == 0


def test_each_value_is_a_link_adding_or_removing_its_filter(client, places):
    content = client.get(URL + "?kind=commune&page=2").content.decode()
    facets_html = content.split('<nav id="facets"')[1].split("</nav>")[0]
    # Adding a band keeps the kind and starts again at page 1.
    assert '<a href="?kind=commune&amp;population=0-500">moins de 500 habitants</a>' in facets_html
    assert '<span class="facet-count">3</span>' in facets_html
    # The kind chosen is marked and its links remove it.
    assert '<a href="?" aria-current="true">Commune</a>' in facets_html
    assert 'class="facet-remove">retirer<span class="visually-hidden"> le filtre « Commune »</span></a>' in facets_html
    # Without JavaScript, following the link filters.
    followed = client.get(URL + "?kind=commune&population=0-500")
    assert sorted(c.name for c in followed.context["page"].object_list) == [
        "Commune 01001", "Commune 01002", "Commune 64001"]


def test_an_htmx_request_refreshes_the_facets_out_of_band(client, places):
    content = client.get(URL + "?side=qc", headers={"HX-Request": "true"}).content.decode()
    assert '<nav id="facets" class="facets" aria-labelledby="facets-title" hx-swap-oob="true">' in content


@pytest.mark.parametrize("filters", ["", "?kind=commune&population=0-500&side=fr", "?q=commune&region=1",
                                     "?include_former=on&side=qc"])
def test_the_facets_take_one_query(client, places, django_assert_num_queries, filters):
    client.get(URL)  # the first read after the writes stores the counts
    # 1 the régions of the form, 2 the facets' counts (the results' count too): the stored
    # ones, or for a search the rows it finds, grouped; 3 the page.
    with django_assert_num_queries(3):
        client.get(URL + filters)


def test_a_write_moves_the_stored_counts_on(client, places):
    assert facets(client.get(URL))["kind"]["Municipalité"] == 2
    make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "51003", "Municipalité C", population=50, country="CA")
    counted = facets(client.get(URL + "?side=qc"))
    assert counted["kind"]["Municipalité"] == 3 and counted["population"]["moins de 500 habitants"] == 1
    from territories.models import Collectivity

    closed = Collectivity.objects.get(code="51003")
    closed.valid_until = "2020-01-01"
    closed.save()
    assert facets(client.get(URL + "?side=qc"))["kind"]["Municipalité"] == 2
    assert facets(client.get(URL + "?side=qc&include_former=on"))["kind"]["Municipalité"] == 3


def test_an_import_moves_the_stored_counts_on(client, places):
    from territories.models import Collectivity
    from territories.signals import collectivities_imported

    assert facets(client.get(URL))["kind"]["Commune"] == 7
    # An import writes in bulk (no save signals), then says so.
    Collectivity.objects.filter(code="64002").update(population=None)
    collectivities_imported.send(sender=None)
    assert facets(client.get(URL + "?kind=commune"))["population"]["population inconnue"] == 2
