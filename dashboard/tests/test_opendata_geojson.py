"""GET /api/v1/export/partners.geojson and links.geojson (dashboard/opendata/geojson.py):
RFC 7946 FeatureCollections of what is published, over the data of opendata_data.py.
Every point is a région's shipped place (registry/data/regions.csv): Auvergne-Rhône-Alpes
at Lyon (4.84, 45.76), the Mauricie at Trois-Rivières (-72.55, 46.35), the
Capitale-Nationale at Québec (-71.21, 46.81)."""
import json

import pytest

from .opendata_data import collectivity_party, make_full_project, make_places, make_open_world, make_themes

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/export/partners.geojson"
LINKS = "/api/v1/export/links.geojson"
ARA, MAURICIE, CAPITALE = [4.84, 45.76], [-72.55, 46.35], [-71.21, 46.81]


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return make_open_world(personas, lyon_commune, trois_rivieres_ville)


def positions(geometry: dict) -> list[list[float]]:
    kind = geometry["type"]
    if kind == "Point":
        return [geometry["coordinates"]]
    if kind == "LineString":
        return geometry["coordinates"]
    assert kind == "MultiLineString"
    return [position for line in geometry["coordinates"] for position in line]


def collection(client, url) -> dict:
    """The body, checked to be a GeoJSON FeatureCollection whose every position is
    [longitude, latitude] within range."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    assert set(body) == {"type", "features"}
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert isinstance(feature["properties"], dict)
        if feature["geometry"] is None:
            continue
        assert feature["geometry"]["type"] in {"Point", "LineString", "MultiLineString"}
        for position in positions(feature["geometry"]):
            longitude, latitude = position
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        if feature["geometry"]["type"] == "LineString":
            assert len(feature["geometry"]["coordinates"]) >= 2
    return body


def by_id(body: dict) -> dict[str, dict]:
    return {feature["id"]: feature for feature in body["features"]}


def test_a_point_per_collectivity_partner_of_a_published_project(client, world):
    features = by_id(collection(client, PARTNERS))
    assert set(features) == {"fr:commune:69123", "qc:municipalite:37067", "qc:municipalite:23027",
                             "fr:commune:44109", "qc:region:03"}
    lyon = features["fr:commune:69123"]
    assert lyon["geometry"] == {"type": "Point", "coordinates": ARA}
    assert lyon["properties"] == {
        "side": "fr", "kind": "commune", "code": "69123", "name": "Lyon",
        "projects": 1,  # jeunesse; jardins is not published
        "url": "http://testserver/collectivites/fr/commune/69123/",
        "location": {"precision": "region", "name": "Lyon"},
    }
    assert features["qc:municipalite:37067"]["geometry"]["coordinates"] == MAURICIE
    assert features["qc:region:03"]["geometry"]["coordinates"] == CAPITALE  # a région: its own place


def test_a_partner_without_a_place_keeps_its_feature_with_no_geometry(client, world):
    nantes = by_id(collection(client, PARTNERS))["fr:commune:44109"]
    assert nantes["geometry"] is None
    assert nantes["properties"]["location"] is None


def test_partners_of_unpublished_projects_only_are_absent(client, world):
    body = json.dumps(collection(client, PARTNERS), ensure_ascii=False)
    assert "Villeurbanne" not in body


def test_a_line_per_published_agreement_and_twinning(client, world):
    features = by_id(collection(client, LINKS))
    assert set(features) == {f"agreement:{world.agreement.pk}", f"agreement:{world.plan_of_action.pk}",
                             f"twinning:{world.twinning.pk}"}
    # Rhône-Alpes signed; it lies today in Auvergne-Rhône-Alpes.
    agreement = features[f"agreement:{world.agreement.pk}"]
    assert agreement["geometry"] == {"type": "LineString", "coordinates": [ARA, CAPITALE]}
    assert agreement["properties"] == {
        "record": "agreement", "kind": "entente", "status": "en_vigueur",
        "title": "Entente Rhône-Alpes – Capitale-Nationale", "since": 2010, "until": None,
        "names": ["Rhône-Alpes", "Capitale-Nationale"],
        "url": f"http://testserver/ententes-jumelages/ententes/{world.agreement.pk}/",
    }
    twinning = features[f"twinning:{world.twinning.pk}"]
    assert twinning["geometry"] == {"type": "LineString", "coordinates": [ARA, MAURICIE]}
    assert twinning["properties"]["record"] == "twinning"
    assert twinning["properties"]["kind"] == "jumelage"
    assert twinning["properties"]["status"] == "actif"
    assert twinning["properties"]["since"] == 1995
    assert twinning["properties"]["names"] == ["Lyon", "Trois-Rivières"]
    assert twinning["properties"]["url"] == f"http://testserver/ententes-jumelages/jumelages/{world.twinning.pk}/"


def test_an_agreement_with_a_government_has_no_line(client, world):
    plan = by_id(collection(client, LINKS))[f"agreement:{world.plan_of_action.pk}"]
    assert plan["geometry"] is None  # the Gouvernement du Québec is no collectivity: no place
    assert plan["properties"]["since"] == "2018-03-01"
    assert plan["properties"]["names"] == ["Auvergne-Rhône-Alpes", "Gouvernement du Québec"]


def test_parties_in_several_regions_of_a_side_draw_every_pair(client, world, personas):
    from registry import actions

    places = world.places
    agreement = actions.create_agreement(
        by=personas["secretariat"], title="Entente à trois",
        parties=[collectivity_party(places.ara), collectivity_party(places.trois_rivieres),
                 collectivity_party(places.quebec)])
    feature = by_id(collection(client, LINKS))[f"agreement:{agreement.pk}"]
    assert feature["geometry"] == {"type": "MultiLineString", "coordinates": [[ARA, MAURICIE], [ARA, CAPITALE]]}


def test_unpublished_links_are_absent(client, world):
    body = json.dumps(collection(client, LINKS), ensure_ascii=False)
    assert "Entente en préparation" not in body
    assert "Nantes" not in body


def test_with_nothing_published_the_collections_are_empty(client, db):
    for url in (PARTNERS, LINKS):
        assert collection(client, url)["features"] == []


def make_links(count, places, by):
    from conftest import make_collectivity
    from registry import actions
    from territories.models import Kind, Side

    for n in range(count):
        french = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"690{n:02d}", f"Commune {n}", region=places.ara)
        actions.create_twinning(by=by, french=french, quebec=places.trois_rivieres)
        actions.create_agreement(by=by, title=f"Entente {n}", parties=[
            collectivity_party(places.rhone_alpes if n % 2 == 0 else places.ara), collectivity_party(places.capitale)])


@pytest.mark.parametrize("count", [1, 5])
def test_queries_do_not_grow_with_the_rows(client, personas, lyon_commune, trois_rivieres_ville, count,
                                           django_assert_num_queries):
    places = make_places(lyon_commune, trois_rivieres_ville)
    themes = make_themes()
    for n in range(count):
        make_full_project(places, themes, personas["secretariat"], title=f"Projet {n}")
    make_links(count, places, personas["secretariat"])
    # The partner collectivities with their count of published projects; their régions.
    with django_assert_num_queries(2):
        assert len(collection(client, PARTNERS)["features"]) == 2
    # The agreements, their parties (with their collectivity); one step of history for
    # Rhône-Alpes (its succession, with its successor); the twinnings with their
    # collectivities; the régions.
    with django_assert_num_queries(5):
        assert len(collection(client, LINKS)["features"]) == 2 * count
