"""The API contract other tools rely on: GET /api/v1/agreements and /api/v1/twinnings,
`{"count", "items"}`, each item with kind, status, since, until and parties named as
today's entity with the `former` one that signed; the filters; what each visitor reads;
a bounded number of queries whatever the number of records."""
import pytest

from conftest import make_collectivity
from territories.models import Kind, Side

from .records_data import *  # noqa: F403
from .records_data import make_agreement, make_twinning, party


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    return response.json()


def titles(body):
    return [item["title"] for item in body["items"]]


def test_agreements_name_today_s_entity_and_the_former_one_that_signed(client, records):
    body = get(client, "/api/v1/agreements")
    # The public reads the two published plans of action, the latest first.
    assert body["count"] == 2
    assert titles(body) == ["8e plan d'action Québec – Rhône-Alpes", "7e plan d'action Québec – Rhône-Alpes"]
    eighth = body["items"][0]
    assert {key: eighth[key] for key in ("kind", "status", "since", "until", "sequence")} == {
        "kind": "plan_action", "status": "echue", "since": "2015", "until": None, "sequence": 8}
    assert eighth["renews"] == records["ra7"].pk
    assert eighth["parties"] == [
        {"side": "fr", "kind": "region", "code": "84", "name": "Auvergne-Rhône-Alpes",
         "former": {"side": "fr", "kind": "region", "code": "82", "name": "Rhône-Alpes"}},
        {"side": "qc", "kind": "gouvernement", "code": None, "name": "Gouvernement du Québec", "former": None},
    ]
    seventh = body["items"][1]
    assert seventh["since"] == "2012-03-22" and seventh["until"] == "2014-12-31" and seventh["themes"] == ["tourisme"]


def test_twinnings_give_both_names_of_a_merged_municipality(client, records, personas):
    client.force_login(personas["committee"])
    body = get(client, "/api/v1/twinnings?collectivity=qc:94068")
    assert body["count"] == 1
    item = body["items"][0]
    assert item["status"] == "dormant" and item["since"] == "1989" and item["until"] is None
    assert item["parties"][0] == {"side": "fr", "kind": "commune", "code": "69266", "name": "Villeurbanne",
                                  "former": None}
    assert item["parties"][1]["name"] == "Saguenay" and item["parties"][1]["former"]["name"] == "Chicoutimi"
    # The former record's own code finds it too.
    assert get(client, "/api/v1/twinnings?collectivity=qc:94070")["count"] == 1
    # A commune déléguée's twinning is under its commune nouvelle today.
    annecy = get(client, "/api/v1/twinnings?collectivity=fr:74010")["items"]
    assert [i["parties"][0]["former"]["name"] for i in annecy] == ["Annecy-le-Vieux"]


def test_filters_combine(client, records, personas):
    client.force_login(personas["secretariat"])
    assert get(client, "/api/v1/agreements")["count"] == 4
    # What Rhône-Alpes signed is found through Auvergne-Rhône-Alpes.
    assert get(client, "/api/v1/agreements?region=fr:84")["count"] == 4  # Lyon lies in it too
    assert get(client, "/api/v1/agreements?collectivity=fr:84")["count"] == 3
    assert titles(get(client, "/api/v1/agreements?collectivity=fr:69123")) == ["Protocole Lyon – Trois-Rivières"]
    assert get(client, "/api/v1/agreements?side=qc&status=echue")["count"] == 2
    assert titles(get(client, "/api/v1/agreements?theme=francophonie")) == ["8e plan d'action Québec – Rhône-Alpes"]
    assert get(client, "/api/v1/agreements?side=other")["count"] == 0
    assert get(client, "/api/v1/twinnings?status=actif")["count"] == 2
    assert get(client, "/api/v1/twinnings?region=qc:02")["count"] == 1
    assert get(client, "/api/v1/twinnings?theme=tourisme")["count"] == 1
    first, second = (get(client, f"/api/v1/agreements?limit=2&offset={offset}") for offset in (0, 2))
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    assert not set(titles(first)) & set(titles(second))
    assert get(client, "/api/v1/agreements?offset=10") == {"count": 4, "items": []}


def test_each_visitor_reads_what_the_pages_show(client, records, personas, saguenay_editor):
    assert get(client, "/api/v1/twinnings")["count"] == 2
    get(client, f"/api/v1/twinnings/{records['chicoutimi'].pk}", 404)
    client.force_login(saguenay_editor)
    # Saguenay's editor reads the unpublished twinning Chicoutimi made, and its contacts.
    assert get(client, "/api/v1/twinnings")["count"] == 3
    detail = get(client, f"/api/v1/twinnings/{records['chicoutimi'].pk}")
    assert detail["committees"][0]["email"] == "anne.martin@example.org"
    records["chicoutimi"].is_published = True
    records["chicoutimi"].save()
    client.logout()
    public = get(client, f"/api/v1/twinnings/{records['chicoutimi'].pk}")["committees"][0]
    assert public["name"] == "Comité Villeurbanne – Chicoutimi" and public["email"] is None
    assert public["contact_name"] is None and public["phone"] is None
    client.force_login(personas["lyon"])
    assert "Protocole Lyon – Trois-Rivières" in titles(get(client, "/api/v1/agreements"))
    # The renewal of the 8th is the 9th, unpublished: Lyon's editor is not told of it.
    assert get(client, f"/api/v1/agreements/{records['ra8'].pk}")["renewals"] == []
    client.force_login(personas["committee"])
    assert get(client, f"/api/v1/agreements/{records['ra8'].pk}")["renewals"] == [records["ra9"].pk]


def test_errors_say_what_is_wrong_in_french(client, records):
    assert "Aucune collectivité" in get(client, "/api/v1/agreements?collectivity=fr:00000", 404)["detail"]
    assert "Aucune région" in get(client, "/api/v1/twinnings?region=qc:99", 404)["detail"]
    assert "Aucun thème" in get(client, "/api/v1/agreements?theme=inconnu", 404)["detail"]
    get(client, "/api/v1/twinnings?collectivity=94068", 422)
    get(client, "/api/v1/twinnings?status=inconnu", 422)


@pytest.mark.parametrize("path", ["/api/v1/agreements", "/api/v1/twinnings"])
def test_a_page_costs_the_same_queries_whatever_the_number_of_records(
        client, records, places, personas, django_assert_max_num_queries, path):
    client.force_login(personas["lyon"])
    with django_assert_max_num_queries(20) as before:
        get(client, path)
    for number in range(20):
        town = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"99{number:03d}", f"Ville {number}",
                                 region=places["mauricie"], country="CA")
        make_twinning(personas["secretariat"], places["villeurbanne"], town, since_year=1990 + number)
        make_agreement(personas["secretariat"], party(places["lyon"]), party(town), title=f"Entente {number}")
    with django_assert_max_num_queries(len(before)):
        body = get(client, path)
    assert body["count"] >= 2


@pytest.mark.parametrize("path", ["/api/v1/agreements", "/api/v1/twinnings"])
def test_a_page_is_read_from_the_cache_until_the_data_changes(client, records, places, personas,
                                                              django_assert_num_queries, path):
    first = get(client, path)
    # From the cache: 1 the data version.
    with django_assert_num_queries(1):
        assert get(client, path) == first
    make_twinning(personas["secretariat"], places["villeurbanne"], places["levis"], since_year=2001)
    make_agreement(personas["secretariat"], party(places["lyon"]), party(places["levis"]), title="Entente nouvelle")
    assert get(client, path)["count"] == first["count"] + 1


def test_the_latest_come_first_and_those_of_an_unknown_year_last_on_both_databases(client, records, places,
                                                                                   personas):
    sec, p = personas["secretariat"], places
    make_agreement(sec, party(p["lyon"]), party(p["saguenay"]), title="Entente sans date")
    make_agreement(sec, party(p["lyon"]), party(p["saguenay"]), title="Entente de 2030", since_year=2030)
    # PostgreSQL would put the agreement of an unknown year first in a descending order.
    assert titles(get(client, "/api/v1/agreements")) == [
        "Entente de 2030", "8e plan d'action Québec – Rhône-Alpes", "7e plan d'action Québec – Rhône-Alpes",
        "Entente sans date"]
    page = client.get("/ententes-jumelages/ententes/").content.decode()
    assert page.index("Entente de 2030") < page.index("8e plan d&#x27;action") < page.index("Entente sans date")
