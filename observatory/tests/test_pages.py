"""The practices' pages: bounded queries, the publication workflow, a practice drawn from
a finished project, the exports and the JSON API."""
import pytest
from django.db import transaction
from django.test import Client

from core.locking import claim_version

from observatory.models import Practice

from .conftest import make_practice, make_project


@pytest.fixture
def client_of(personas):
    def login(name):
        client = Client()
        client.force_login(personas[name])
        return client
    return login


@pytest.mark.parametrize("size", [1, 5])
def test_the_list_issues_a_bounded_number_of_queries(plan, regions, lyon_commune, trois_rivieres_ville, size,
                                                     client, django_assert_num_queries):
    for n in range(size):
        make_practice(lyon_commune, trois_rivieres_ville, title=f"Pratique {n}")
    # session-less anonymous visitor: the count, the page (theme and piste joined), the
    # collectivities prefetched, the themes of the filter form.
    with django_assert_num_queries(4):
        response = Client().get("/observatoire/")
    assert response.status_code == 200 and response.content.decode().count('<li><h2>') == size


def test_filters_narrow_the_list(plan, regions, lyon_commune, trois_rivieres_ville):
    make_practice(lyon_commune, title="Côté France")
    make_practice(trois_rivieres_ville, title="Côté Québec", theme="tourisme", piste="tourisme-1")
    page = Client().get("/observatoire/?side=qc").content.decode()
    assert "Côté Québec" in page and "Côté France" not in page
    page = Client().get("/observatoire/?theme=developpement-durable").content.decode()
    assert "Côté France" in page and "Côté Québec" not in page
    page = Client().get(f"/observatoire/?region={regions['fr'].pk}").content.decode()
    assert "Côté France" in page and "Côté Québec" not in page


def test_the_workflow_from_draft_to_published(plan, regions, lyon_commune, client_of, personas):
    lyon = client_of("lyon")
    response = lyon.post("/observatoire/pratiques/nouvelle/", {
        "title": "Plan climat", "summary": "Un plan climat partagé.", "theme": plan.axes.get(slug="ruralite").pk,
        "collectivity_codes": "69123"})
    practice = Practice.objects.get(title="Plan climat")
    assert response.status_code == 302 and practice.status == Practice.Status.DRAFT
    assert Client().get(practice.get_absolute_url()).status_code == 404
    lyon.post(f"/observatoire/pratiques/{practice.pk}/soumettre/", {"version": practice.version})
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REVIEW
    secretariat = client_of("secretariat")
    secretariat.post(f"/observatoire/pratiques/{practice.pk}/renvoyer/", {"note": "Ajoutez des chiffres.",
                                                                          "version": practice.version})
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT and practice.review_note == "Ajoutez des chiffres."
    lyon.post(f"/observatoire/pratiques/{practice.pk}/soumettre/", {"version": practice.version})
    practice.refresh_from_db()
    secretariat.post(f"/observatoire/pratiques/{practice.pk}/publier/", {"version": practice.version})
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED and practice.history.count() >= 5
    assert Client().get(practice.get_absolute_url()).status_code == 200


def test_a_stale_step_is_refused_with_the_change(plan, regions, lyon_commune, client_of):
    practice = make_practice(lyon_commune, status=Practice.Status.DRAFT)
    stale = practice.version
    practice.title = "Titre changé"
    with transaction.atomic():  # another writer: the version moves on
        claim_version(practice, None)
        practice.save()
    response = client_of("lyon").post(f"/observatoire/pratiques/{practice.pk}/soumettre/", {"version": stale},
                                      follow=True)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert "Depuis que vous avez ouvert ce formulaire" in response.content.decode()


def test_an_editor_names_one_of_their_collectivities(plan, regions, trois_rivieres_ville, client_of):
    response = client_of("lyon").post("/observatoire/pratiques/nouvelle/", {
        "title": "X", "summary": "Y", "theme": plan.axes.get(slug="ruralite").pk, "collectivity_codes": "qc:37067"})
    assert "Indiquez au moins une des collectivités dont vous êtes éditeur." in response.content.decode()
    response = client_of("lyon").post("/observatoire/pratiques/nouvelle/", {
        "title": "X", "summary": "Y", "theme": plan.axes.get(slug="ruralite").pk, "collectivity_codes": "qc:99999"})
    assert "Aucune collectivité ne correspond à « qc:99999 » : écrivez son nom" in response.content.decode()


def test_a_finished_project_becomes_a_practice_in_one_step(plan, regions, lyon_commune, client_of):
    project = make_project(lyon_commune, title="Écoquartier")
    lyon = client_of("lyon")
    page = lyon.get(f"/observatoire/depuis-projet/{project.pk}/").content.decode()
    assert 'value="Écoquartier"' in page and "fr:69123" in page
    response = lyon.post(f"/observatoire/depuis-projet/{project.pk}/", {
        "title": "Écoquartier", "summary": project.summary, "theme": plan.axes.get(slug="ruralite").pk,
        "collectivity_codes": "fr:69123"})
    practice = Practice.objects.get(title="Écoquartier")
    assert response.status_code == 302 and list(practice.projects.all()) == [project]


def test_exports_hold_the_visible_practices(plan, regions, lyon_commune):
    make_practice(lyon_commune, title="=Publiée")
    make_practice(lyon_commune, title="Cachée", status=Practice.Status.DRAFT)
    csv = b"".join(Client().get("/observatoire/export.csv").streaming_content).decode("utf-8-sig")
    assert "'=Publiée" in csv and "Cachée" not in csv
    xlsx = Client().get("/observatoire/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_api_lists_published_practices_and_searches(plan, regions, lyon_commune, trois_rivieres_ville):
    make_practice(lyon_commune, trois_rivieres_ville, title="Bassins versants")
    make_practice(lyon_commune, title="Brouillon", status=Practice.Status.DRAFT)
    body = Client().get("/api/v1/practices?side=qc").json()
    assert body["count"] == 1 and body["items"][0]["collectivities"] == ["fr:69123", "qc:37067"]
    found = Client().get("/api/v1/search?q=bassin+versant").json()
    assert found["count"] == 1
    assert found["items"][0]["kind"] == "practice" and "<mark>bassin</mark> <mark>versant</mark>" in found["items"][0]["excerpt"]
    assert {f["value"] for f in found["facets"]["kind"]} == {"practice"}
    error = Client().get("/api/v1/search?q=x&kind=autre").json()
    assert error["errors"]["kind"] and "Valeurs possibles" in error["errors"]["kind"][0]


def test_the_search_page_works_without_javascript(plan, regions, lyon_commune):
    make_practice(lyon_commune, title="Bassins versants")
    page = Client().get("/observatoire/recherche/?q=bassin").content.decode()
    assert "<mark>bassin</mark>" in page and "1 résultat" in page and "?q=bassin&amp;kind=practice" in page
