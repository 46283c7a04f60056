"""RequestSizeLimitMiddleware answers 413 from the headers, before the body is read."""
import json

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from core.middleware import FORM_MARGIN

calls = []


@csrf_exempt
@login_not_required
def receive(request):
    calls.append(len(request.body))
    return HttpResponse("reçu")


urlpatterns = [path("depot/", receive), path("api/v1/depot/", receive)]
pytestmark = pytest.mark.urls(__name__)


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def small_limit(settings):
    calls.clear()
    settings.MAX_UPLOAD_SIZE = 1024 * 1024


def announce(client, url, size):
    return client.post(url, data=b"x", content_type="application/octet-stream",
                       CONTENT_LENGTH=str(size), **{"wsgi.input": UnreadableBody()})


def test_a_body_announced_too_large_gets_a_french_page_and_the_view_never_runs(client):
    response = announce(client, "/depot/", 100 * 1024 * 1024)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "La requête dépasse la taille maximale acceptée (1,0\xa0Mio par fichier)." in html
    assert calls == []


def test_under_the_api_the_answer_is_json(client):
    response = announce(client, "/api/v1/depot/", 100 * 1024 * 1024)
    assert response.status_code == 413
    assert json.loads(response.content) == {"detail": "La requête dépasse la taille maximale acceptée (1,0\xa0Mio par fichier)."}
    assert calls == []


def test_the_limit_leaves_room_for_the_form_around_the_largest_file(client, settings):
    body = b"x" * (settings.MAX_UPLOAD_SIZE + FORM_MARGIN)
    response = client.post("/depot/", data=body, content_type="application/octet-stream")
    assert (response.status_code, calls) == (200, [len(body)])
    assert announce(client, "/depot/", len(body) + 1).status_code == 413


def test_the_limit_follows_the_setting(client, settings):
    settings.MAX_UPLOAD_SIZE = 200 * 1024 * 1024
    body = b"x" * 2048
    assert client.post("/depot/", data=body, content_type="application/octet-stream").status_code == 200
    settings.MAX_UPLOAD_SIZE = 0
    assert announce(client, "/depot/", FORM_MARGIN + 1).status_code == 413


def test_a_request_without_a_body_passes(client):
    assert client.get("/depot/").status_code == 200
