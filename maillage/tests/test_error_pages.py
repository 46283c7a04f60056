"""403, 404 and 500 in French (DEBUG is off in tests, as in production): what happened and
where to go next, inside the layout (the 500 in a page of its own with the same look)."""
import html as html_module

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from maillage import views
from projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

HOME = 'href="/"'
SEARCH = 'href="/observatoire/recherche/"'


def _page(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = html_module.unescape(response.content.decode())
    assert '<html lang="fr">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    return html


@pytest.mark.urls("maillage.tests.error_urls")
def test_a_refusal_is_a_french_403_in_the_layout_with_its_reason(client):
    html = _page(client.get("/essai/refus/"), 403)
    assert "<h1>Accès refusé</h1>" in html
    assert "Seul le secrétariat modifie ce plan." in html
    assert HOME in html and SEARCH in html
    assert f'href="{reverse("login")}?next=/essai/refus/"' in html.replace("%2F", "/")


@pytest.mark.urls("maillage.tests.error_urls")
def test_a_logged_in_refusal_offers_no_login(client, personas):
    client.force_login(personas["outsider"])
    html = _page(client.get("/essai/refus/"), 403)
    assert "Seul le secrétariat modifie ce plan." in html
    assert "?next=" not in html.split("<main")[1]


def test_a_refused_edit_shows_the_french_403(client, personas, lyon_commune):
    project = make_project(lyon_commune, is_public=True)
    client.force_login(personas["outsider"])
    html = _page(client.get(f"/projets/{project.pk}/modifier/"), 403)
    assert "<h1>Accès refusé</h1>" in html
    assert HOME in html and SEARCH in html


def test_a_csrf_failure_is_the_french_403_with_what_to_do():
    client = Client(enforce_csrf_checks=True)
    html = _page(client.post("/i18n/setlang/", {"language": "fr-ca", "next": "/"}), 403)
    assert "<h1>Accès refusé</h1>" in html
    assert "Le formulaire n'a pas pu être vérifié" in html
    assert "cookie not set" not in html  # Django's reason, in English


def test_a_csrf_failure_under_the_api_stays_json():
    response = views.csrf_failure(RequestFactory().post("/api/v1/projects"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")


def test_an_unknown_address_is_a_french_404_in_the_layout(client):
    html = _page(client.get("/cette-page-n-existe-pas/"), 404)
    assert "<h1>Page introuvable</h1>" in html
    assert "Aucune page à l'adresse « /cette-page-n-existe-pas/ »" in html
    assert HOME in html and SEARCH in html


def test_a_missing_object_is_the_french_404_without_djangos_english(client, personas):
    client.force_login(personas["outsider"])
    html = _page(client.get("/projets/999999/"), 404)
    assert "<h1>Page introuvable</h1>" in html
    assert "matches the given query" not in html


@pytest.mark.urls("maillage.tests.error_urls")
def test_a_failing_view_is_a_french_500_page(client):
    client.raise_request_exception = False
    html = _page(client.get("/essai/panne/"), 500)
    assert "<h1>Erreur du serveur</h1>" in html
    assert "réessayez dans quelques minutes" in html
    assert HOME in html and SEARCH in html
    assert "panne voulue" not in html


def test_the_500_pages_written_addresses_are_still_the_sites():
    # templates/500.html writes them out instead of {% url %} (it renders without a request).
    assert reverse("home") == "/"
    assert reverse("observatory:search") == "/observatoire/recherche/"
