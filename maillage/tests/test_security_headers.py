"""Every page carries a Content-Security-Policy (django-csp) that allows only this server and
no inline script or style; the pages keep to it; cookies and sessions are bounded."""
import re

import pytest

from projects.tests.factories import fill_project, make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


@pytest.fixture
def project(personas, lyon_commune):
    pistes, theme = make_plan_items()
    project = make_project(lyon_commune, make_quebec_city(), title="Projet public", is_public=True)
    fill_project(project, author=personas["lyon"], territory=lyon_commune, piste=pistes[0], theme=theme)
    return project


def pages(project):
    return {
        "home": "/",
        "project": project.get_absolute_url(),
        "project_edit": f"{project.get_absolute_url()}modifier/",
        "dashboard": "/tableau-de-bord/",
        "registry": "/collectivites/",
        "api_docs": "/api/v1/docs",
        "login": "/comptes/connexion/",
        "admin": "/admin/",
    }


def test_every_page_sends_the_policy(client, personas, project):
    client.force_login(personas["secretariat"])
    for name, url in pages(project).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert directives(response) == EXPECTED_DIRECTIVES, name
    # Anonymous visitors and answers other than pages get it too.
    client.logout()
    assert directives(client.get("/projets/?format=csv")) == EXPECTED_DIRECTIVES
    assert directives(client.get("/api/v1/collectivities")) == EXPECTED_DIRECTIVES
    assert directives(client.get("/page-qui-n-existe-pas/")) == EXPECTED_DIRECTIVES


def test_pages_have_no_inline_script_or_style(client, personas, project):
    # What the policy would block: a <script> without src (JSON data blocks are not run),
    # a <style> block, a style attribute, an on* event handler.
    client.force_login(personas["secretariat"])
    for name, url in pages(project).items():
        html = client.get(url).content.decode()
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or 'type="application/json"' in script, (name, script)
        assert "<style" not in html, name
        assert not re.search(r"<[^>]+\sstyle=", html), name
        assert not re.search(r"<[^>]+\son[a-z]+=", html), name


def test_htmx_does_not_inject_its_inline_styles(client):
    html = client.get("/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in html


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client):
    response = client.get("/comptes/connexion/")
    assert response.cookies["csrftoken"]["httponly"] is True


def test_a_session_lasts_a_working_day_by_default(client, personas, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    response = client.post("/comptes/connexion/", {"username": "lyon", "password": "mot-de-passe-sûr-42"})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
