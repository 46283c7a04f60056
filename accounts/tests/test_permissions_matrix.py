"""Who gets what on every route of the registry and of accounts: a route × persona matrix.

Expected outcomes: an HTTP status, "login" (302 to the login page), "admin-login" (302 to
the admin's login page) or "redirect" (302 elsewhere: a successful form or logout).
"""
import pytest
from django.test import Client


PERSONAS = ["secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider", "anonymous"]
EVERYONE = dict.fromkeys(PERSONAS)


def same_for_all(outcome):
    return {persona: outcome for persona in PERSONAS}


def logged_in(outcome, anonymous="login"):
    return {**same_for_all(outcome), "anonymous": anonymous}


def editors_of(*allowed, success=200):
    return {
        persona: (success if persona in allowed or persona == "secretariat" else 403)
        for persona in PERSONAS
    } | {"anonymous": "login"}


LYON = "/collectivites/fr/commune/69123/"
TROIS_RIVIERES = "/collectivites/qc/municipalite/37067/"

ROUTES = [
    ("GET", "/collectivites/", same_for_all(200)),
    ("GET", "/collectivites/?q=lyon&side=fr&kind=commune&page=1", same_for_all(200)),
    ("GET", LYON, same_for_all(200)),
    ("GET", TROIS_RIVIERES, same_for_all(200)),
    ("GET", "/collectivites/fr/commune/00000/", same_for_all(404)),
    ("GET", LYON + "modifier/", editors_of("lyon")),
    ("POST", LYON + "modifier/", editors_of("lyon", success="redirect")),
    ("GET", TROIS_RIVIERES + "modifier/", editors_of("trois_rivieres")),
    ("POST", TROIS_RIVIERES + "modifier/", editors_of("trois_rivieres", success="redirect")),
    ("GET", "/collectivites/fr/commune/00000/modifier/", logged_in(404)),
    ("GET", "/api/v1/collectivities", same_for_all(200)),
    ("GET", "/api/v1/collectivities/fr/69123", same_for_all(200)),
    ("GET", "/api/v1/collectivities/fr/00000", same_for_all(404)),
    ("GET", "/api/v1/openapi.json", same_for_all(200)),
    ("GET", "/api/v1/docs", same_for_all(200)),
    ("GET", "/comptes/connexion/", same_for_all(200)),
    ("GET", "/comptes/deconnexion/", same_for_all(405)),
    ("POST", "/comptes/deconnexion/", same_for_all("redirect")),
    ("GET", "/comptes/mot-de-passe/oubli/", same_for_all(200)),
    ("GET", "/comptes/mot-de-passe/oubli/envoye/", same_for_all(200)),
    ("GET", "/comptes/mot-de-passe/nouveau/termine/", same_for_all(200)),
    ("GET", "/comptes/profil/", logged_in(200)),
    ("GET", "/admin/", {**same_for_all("admin-login"), "secretariat": 200}),
    # Anonymous visitors meet LoginRequiredMiddleware before the admin's own login.
    ("GET", "/admin/territories/collectivity/", {**logged_in("admin-login"), "secretariat": 200}),
]


def outcome_of(response) -> int | str:
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith("/admin/login/"):
        return "admin-login"
    if response.url.startswith("/comptes/connexion/?next="):
        return "login"
    return "redirect"


def test_every_route_for_every_persona(db, personas, subtests):
    for method, path, expected in ROUTES:
        for persona in PERSONAS:
            with subtests.test(route=f"{method} {path}", persona=persona):
                client = Client()
                if persona != "anonymous":
                    client.force_login(personas[persona])
                if method == "POST":
                    response = client.post(path, {"website": "https://example.org"})
                else:
                    response = client.get(path)
                assert outcome_of(response) == expected[persona]


def test_the_matrix_covers_every_registry_and_accounts_route():
    from django.urls import get_resolver

    from accounts import urls as accounts_urls
    from territories import urls as territories_urls

    names = {p.name for p in territories_urls.urlpatterns} | {p.name for p in accounts_urls.urlpatterns}
    covered = {get_resolver().resolve(path.split("?")[0]).url_name for _m, path, _e in ROUTES}
    missing = names - covered - {"password_reset_confirm"}  # tested in test_authentication
    assert not missing, f"routes sans ligne dans la matrice : {sorted(missing)}"
