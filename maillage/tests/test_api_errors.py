"""Every error under /api/ is JSON in the API's shape ({"detail": …}); elsewhere Django's
HTML pages are left as they are."""
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from maillage import views

pytestmark = pytest.mark.django_db


def _json_error(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)["detail"]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/projects/abc", "/api/v1/collectivities/fr/a/b"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    assert _json_error(client.get(path), 404) == f"Aucune ressource de l'API à l'adresse « {path} »."


def test_an_invisible_project_is_a_json_404(client):
    assert _json_error(client.get("/api/v1/projects/999999"), 404) == "Aucun projet visible ne porte le numéro 999999."


def test_a_method_the_api_does_not_take_is_a_json_405_with_allow(client):
    response = client.post("/api/v1/plans")
    assert _json_error(response, 405) == "Méthode POST non permise à cette adresse (permises : GET)."
    assert response["Allow"] == "GET"
    response = client.delete("/api/v1/projects")
    assert _json_error(response, 405) == "Méthode DELETE non permise à cette adresse (permises : GET, POST)."


def test_an_error_in_an_api_view_is_a_json_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("plan.api.plans_with_counts", broken)
    client.raise_request_exception = False
    assert _json_error(client.get("/api/v1/plans"), 500) == "Erreur interne du serveur."


def test_a_permission_denied_under_the_api_is_a_json_403():
    request = RequestFactory().get("/api/v1/projects")
    assert _json_error(views.permission_denied(request, PermissionDenied()), 403) == "Accès refusé à cette ressource."


def test_the_pages_keep_djangos_html_errors(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    request = RequestFactory().get("/projets/")
    assert views.permission_denied(request, PermissionDenied())["Content-Type"].startswith("text/html")
    assert views.server_error(request)["Content-Type"].startswith("text/html")
