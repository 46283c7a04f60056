"""/api/v1/collectivities: filters, pagination, ambiguous codes, history, OpenAPI, queries."""
import datetime

import pytest

from conftest import make_collectivity
from territories.models import Kind, Link, Side


API = "/api/v1/collectivities"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_an_item_has_codes_parents_region_and_its_url(client, registry):
    body = client.get(API + "?q=69123").json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "side": "fr", "kind": "commune", "kind_label": "Commune", "code": "69123", "name": "Lyon",
        "valid_until": None, "url": "/api/v1/collectivities/fr/69123", "siren": "216901231",
        "designation": "", "population": 522250, "region_code": "84",
        "parent_codes": ["200046977", "69"], "valid_from": None, "is_demo": False,
    }


def test_side_and_kind_filter(client, registry):
    assert codes(client.get(API + "?side=qc&kind=region")) == ["16", "12", "04"]
    assert codes(client.get(API + "?side=fr&kind=departement")) == ["69", "64", "01"]


def test_parent_filter_gives_direct_children(client, registry):
    assert codes(client.get(API + "?parent=69")) == ["69123", "69266"]
    assert codes(client.get(API + "?parent=84")) == ["69", "01"]
    assert codes(client.get(API + "?parent=200046977&kind=commune")) == ["69123", "69266"]


def test_an_ambiguous_parent_code_is_narrowed_by_parent_kind(client, registry):
    gex = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01173", "Gex")
    Link.objects.create(child=gex, parent=registry["ain"])
    basse_terre = make_collectivity(Side.FRANCE, Kind.COMMUNE, "97105", "Basse-Terre")
    Link.objects.create(child=basse_terre, parent=registry["guadeloupe"])
    assert sorted(codes(client.get(API + "?parent=01"))) == ["01173", "97105"]
    assert codes(client.get(API + "?parent=01&parent_kind=departement")) == ["01173"]


def test_former_entities_only_on_request(client, registry):
    assert "72" not in codes(client.get(API + "?kind=region&side=fr"))
    body = client.get(API + "?kind=region&side=fr&include_former=true").json()
    aquitaine = next(item for item in body["items"] if item["code"] == "72")
    assert aquitaine["valid_until"] == "2015-12-31"
    assert aquitaine["url"] == f"/api/v1/collectivities/fr/72?id={registry['aquitaine'].pk}"


def test_name_search_ignores_accents_and_puts_the_exact_name_first(client, registry):
    assert [i["name"] for i in client.get(API + "?q=levis").json()["items"]] == ["Lévis"]
    assert codes(client.get(API + "?q=lyon")) == ["69123", "200046977"]


def test_pagination_with_limit_and_offset(client, registry):
    everything = codes(client.get(API + "?limit=500"))
    page = client.get(API + "?limit=3&offset=2").json()
    assert page["count"] == len(everything) == 17
    assert [i["code"] for i in page["items"]] == everything[2:5]
    assert codes(client.get(API + "?offset=100")) == []


def test_default_page_is_50(client, db):
    for i in range(55):
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"{i:05d}", f"Municipalité {i}")
    body = client.get(API).json()
    assert (body["count"], len(body["items"])) == (55, 50)


@pytest.mark.parametrize("query, message", [
    ("side=fra", "Paramètre « side » : valeur inconnue « fra ». Valeurs possibles : fr, qc, other."),
    ("kind=ville", "Paramètre « kind » : valeur inconnue « ville »."),
    ("limit=501", "Paramètre « limit » : 500 au plus (reçu « 501 »)."),
    ("limit=0", "Paramètre « limit » : 1 ou plus (reçu « 0 »)."),
    ("offset=-1", "Paramètre « offset » : 0 ou plus (reçu « -1 »)."),
    # Past what SQLite and PostgreSQL hold in an integer: a 500 before the bound.
    ("offset=9223372036854775808", "Paramètre « offset » : 1000000 au plus (reçu « 9223372036854775808 »)."),
    ("limit=dix", "Paramètre « limit » : nombre entier attendu, reçu « dix »."),
    ("include_former=peut-etre", "Paramètre « include_former » : « true » ou « false » attendu"),
    ("q=" + "a" * 101, "Paramètre « q » : 100 caractères au plus."),
    # PostgreSQL refuses a NUL character in a query: a 500 before the pattern.
    ("parent=69%00", "Paramètre « parent » : le caractère nul (U+0000) n'est pas permis."),
])
def test_bad_parameters_get_a_french_422(client, db, query, message):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_a_422_names_each_wrong_parameter(client, db):
    body = client.get(f"{API}?limit=0&side=fra").json()
    assert body["errors"] == {
        "limit": ["1 ou plus (reçu « 0 »)."],
        "side": ["valeur inconnue « fra ». Valeurs possibles : fr, qc, other."],
    }


@pytest.mark.parametrize("path, name", [("/fra/69123", "side"), ("/fr/69%00", "code"), ("/fr/69123?id=0", "id")])
def test_a_bad_path_or_id_gets_a_french_422(client, db, path, name):
    response = client.get(API + path)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"Paramètre « {name} » : ")


def test_ambiguous_urls_carry_the_kind(client, registry):
    items = {i["name"]: i for i in client.get(API + "?q=01").json()["items"]}
    assert items["Ain"]["url"] == "/api/v1/collectivities/fr/01?kind=departement"
    assert items["Guadeloupe"]["url"] == "/api/v1/collectivities/fr/01?kind=region"


def test_one_collectivity_with_parents_and_codes(client, registry):
    body = client.get(API + "/fr/69123").json()
    assert body["name"] == "Lyon"
    assert body["website"] == "https://www.lyon.fr"
    assert [(p["kind"], p["code"], p["name"]) for p in body["parents"]] == [
        ("departement", "69", "Rhône"), ("epci", "200046977", "Métropole de Lyon"),
    ]
    assert body["parents"][0]["url"] == "/api/v1/collectivities/fr/69"


def test_an_ambiguous_code_answers_300_with_the_choices(client, registry):
    response = client.get(API + "/fr/01")
    assert response.status_code == 300
    body = response.json()
    assert body["detail"] == (
        "Le code « 01 » désigne plusieurs collectivités : précisez « kind » parmi "
        "departement (Département), region (Région)."
    )
    assert [(c["name"], c["url"]) for c in body["choices"]] == [
        ("Ain", "/api/v1/collectivities/fr/01?kind=departement"),
        ("Guadeloupe", "/api/v1/collectivities/fr/01?kind=region"),
    ]
    for choice in body["choices"]:
        assert client.get(choice["url"]).json()["name"] == choice["name"]


def test_a_commune_deleguee_sharing_its_communes_code_needs_the_kind(client, db):
    make_collectivity(Side.FRANCE, Kind.COMMUNE, "49018", "Baugé-en-Anjou")
    make_collectivity(Side.FRANCE, Kind.COMMUNE_DELEGUEE, "49018", "Baugé")
    assert client.get(API + "/fr/49018").status_code == 300
    assert client.get(API + "/fr/49018?kind=commune_deleguee").json()["name"] == "Baugé"


def test_a_former_code_without_current_record_gives_the_latest_with_its_successor(client, registry):
    body = client.get(API + "/fr/72").json()
    assert (body["name"], body["valid_until"]) == ("Aquitaine", "2015-12-31")
    assert body["successors"] == [{
        "event": "fusion", "event_label": "Fusion", "date": "2016-01-01",
        "collectivity": {
            "side": "fr", "kind": "region", "kind_label": "Région", "code": "75",
            "name": "Nouvelle-Aquitaine", "valid_until": None, "url": "/api/v1/collectivities/fr/75",
        },
    }]
    today = client.get(body["successors"][0]["collectivity"]["url"]).json()
    assert [p["collectivity"]["name"] for p in today["predecessors"]] == ["Aquitaine"]


def test_a_current_code_wins_over_former_versions(client, registry):
    former = make_collectivity(Side.FRANCE, Kind.COMMUNE, "69123", "Lyon avant 1964", valid_until=datetime.date(1963, 12, 31))
    assert client.get(API + "/fr/69123").json()["name"] == "Lyon"
    assert client.get(API + f"/fr/69123?id={former.pk}").json()["name"] == "Lyon avant 1964"


def test_a_quebec_region_is_labelled_region_administrative(client, registry):
    assert client.get(API + "/qc/04").json()["kind_label"] == "Région administrative"


@pytest.mark.parametrize("path", ["/fr/99999", "/qc/69123", "/fr/01?kind=commune", "/fr/69123?id=999999"])
def test_unknown_is_404_in_french(client, registry, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Aucune collectivité ne porte le code")


def test_the_openapi_documents_filters_fields_and_the_300(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    listing = spec["paths"]["/api/v1/collectivities"]["get"]
    params = {p["name"]: p["description"] for p in listing["parameters"]}
    assert set(params) >= {"side", "kind", "parent", "parent_kind", "q", "include_former", "limit", "offset"}
    assert "`fr`, `qc` ou `other`" in params["side"]
    # 401: every operation reads an API token when one is sent, and refuses a bad one.
    assert set(listing["responses"]) == {"200", "401", "422"}
    limits = {p["name"]: p["schema"] for p in listing["parameters"] if p["name"] in ("limit", "offset")}
    assert (limits["limit"]["minimum"], limits["limit"]["maximum"]) == (1, 500)
    assert (limits["offset"]["minimum"], limits["offset"]["maximum"]) == (0, 1_000_000)
    one = spec["paths"]["/api/v1/collectivities/{side}/{code}"]["get"]
    assert set(one["responses"]) == {"200", "300", "401", "404", "422"}
    assert "300" in one["description"] and "`01`" in one["description"]
    item = spec["components"]["schemas"]["CollectivityItem"]["properties"]
    assert all(field.get("description") for field in item.values()), item


def test_the_docs_are_browsable_with_local_assets(client, db):
    content = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_makes_the_same_queries_whatever_the_rows(client, db, django_assert_num_queries, rows):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    departement = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "69", "Rhône", region=region)
    for i in range(rows):
        commune = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"69{i:03d}", f"Commune {i}", region=region)
        Link.objects.create(child=commune, parent=departement)
    # 1 the page with régions, 2 the parents' codes, 3 the ambiguous codes, 4 the count.
    with django_assert_num_queries(4):
        body = client.get(API + "?kind=commune").json()
    assert len(body["items"]) == rows and body["items"][0]["parent_codes"] == ["69"]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_detail_makes_the_same_queries_whatever_the_history(client, db, django_assert_num_queries, rows):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "75", "Nouvelle-Aquitaine")
    for i in range(rows):
        former = make_collectivity(Side.FRANCE, Kind.REGION, f"{50 + i}", f"Ancienne {i}", valid_until=datetime.date(2015, 12, 31))
        former.successions.create(successor=region, event="fusion", date=datetime.date(2016, 1, 1))
        parent = make_collectivity(Side.FRANCE, Kind.STATUT_PARTICULIER, f"P{i}", f"Parent {i}")
        Link.objects.create(child=region, parent=parent)
    # 1 candidates, 2 the record, 3 its parents, 4 successions, 5 ambiguous codes.
    with django_assert_num_queries(5):
        body = client.get(API + "/fr/75").json()
    assert len(body["predecessors"]) == len(body["parents"]) == rows
