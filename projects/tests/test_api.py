import pytest

from projects.models import Project

from .factories import fill_project, make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(personas, lyon_commune):
    pistes, theme = make_plan_items()

    def build(n, **fields):
        quebec = make_quebec_city(code=f"2{n:04d}", name=f"Québec {n}")
        for index in range(n):
            project = make_project(lyon_commune, quebec, title=f"Projet {index}", is_public=True, **fields)
            fill_project(project, author=personas["lyon"], territory=lyon_commune, piste=pistes[0], theme=theme)
    return build


def test_list_answers_count_and_items_with_partners_pistes_and_budget(client, published):
    published(1)
    body = client.get("/api/v1/projects").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["pistes"] == ["dd-1"]
    assert item["themes"] == [{"slug": "tourisme", "title": "Le tourisme"}]
    assert {"side": "fr", "kind": "commune", "code": "69123", "name": "Lyon", "role": "chef_de_file"} in item["partners"]
    assert {"side": "other", "kind": "recherche", "code": None, "name": item["partners"][2]["name"],
            "role": "financeur"} in item["partners"]
    assert item["budget"] == {"CAD": "15000.00", "EUR": "10000.00"}
    assert item["is_public"] is True


@pytest.mark.parametrize("n", [1, 5])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, published, n):
    published(n)
    with django_assert_num_queries(6):  # page, pistes, themes, partners, stored budgets, count
        assert client.get("/api/v1/projects?side=qc").json()["count"] == n


def test_an_offset_past_the_last_project_answers_the_count_and_no_item(client, django_assert_num_queries, published):
    published(3)
    assert [item["title"] for item in client.get("/api/v1/projects?limit=2&offset=2").json()["items"]] == ["Projet 2"]
    with django_assert_num_queries(1):  # the count only
        assert client.get("/api/v1/projects?offset=3").json() == {"count": 3, "items": []}


def test_filters(client, published, lyon_commune, trois_rivieres_ville):
    published(2)
    make_project(trois_rivieres_ville, title="Ruralité", is_public=True, status=Project.Status.DONE)

    def titles(query):
        return sorted(item["title"] for item in client.get(f"/api/v1/projects?{query}").json()["items"])

    assert titles("piste=dd-1") == ["Projet 0", "Projet 1"]
    assert titles("theme=tourisme") == ["Projet 0", "Projet 1"]
    assert titles("status=termine") == ["Ruralité"]
    assert titles("collectivity=qc:37067") == ["Ruralité"]
    assert titles("collectivity=37067") == ["Ruralité"]
    assert titles("side=fr") == ["Projet 0", "Projet 1"]
    assert titles("year=2024") == ["Projet 0", "Projet 1", "Ruralité"]
    assert titles("year=2020") == []
    assert client.get("/api/v1/projects?status=inconnu").status_code == 422


def test_anonymous_reads_published_projects_and_editors_their_own(client, personas, lyon_commune, trois_rivieres_ville):
    private = make_project(lyon_commune, title="Privé de Lyon")
    make_project(trois_rivieres_ville, title="Public", is_public=True)
    assert [i["title"] for i in client.get("/api/v1/projects").json()["items"]] == ["Public"]
    assert client.get(f"/api/v1/projects/{private.pk}").status_code == 404
    client.force_login(personas["lyon"])
    assert client.get(f"/api/v1/projects/{private.pk}").json()["title"] == "Privé de Lyon"
    client.force_login(personas["trois_rivieres"])
    response = client.get(f"/api/v1/projects/{private.pk}")
    assert response.status_code == 404 and "Aucun projet visible" in response.json()["detail"]


def test_detail_publishes_approved_measurements_only(client, personas, published):
    published(1)
    project = Project.objects.get()
    body = client.get(f"/api/v1/projects/{project.pk}").json()
    assert body["activities"][0]["title"] == "Mission d'étude"
    indicator = body["indicators"][0]
    assert indicator["territory"] == "fr:69123"
    assert len(indicator["measurements"]) == 1  # the draft stays out


@pytest.mark.parametrize("query, message", [
    # Past what SQLite and PostgreSQL hold in an integer (a 500 before the bound).
    ("offset=9223372036854775808", "Paramètre « offset » : 1000000 au plus (reçu « 9223372036854775808 »)."),
    ("limit=501", "Paramètre « limit » : 500 au plus (reçu « 501 »)."),
    # PostgreSQL refuses a NUL character (a 500 there before the pattern).
    ("collectivity=69%00", "Paramètre « collectivity » : le caractère nul (U+0000) n'est pas permis."),
    # Three thousand words made SQLite's expression tree too deep (a 500).
    ("q=" + "a+" * 3000, "Paramètre « q » : 200 caractères au plus."),
    ("side=mars", "Paramètre « side » : valeur inconnue « mars ». Valeurs possibles : fr, qc, other."),
])
def test_out_of_bounds_filters_get_a_french_422(client, db, query, message):
    response = client.get(f"/api/v1/projects?{query}")
    assert response.status_code == 422
    assert response.json()["detail"] == message


def test_a_project_number_past_a_64_bit_integer_is_a_422(client, db):
    response = client.get("/api/v1/projects/9223372036854775808")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Paramètre « project_id » : 9223372036854775807 au plus")
