"""Writing projects through the API: a token issued by the secretariat, the permissions of
the pages (projects/access.py), optimistic locking (core/locking.py), French errors."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from projects.models import Partner, Project

from .factories import make_plan_items, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas):
    """The secret of a token issued to `persona` by the secretariat."""
    def issue(persona, **fields):
        return ApiToken.objects.issue(personas[persona], label="Script", by=personas["secretariat"], **fields)[1]
    return issue


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


NEW = {"title": "Jumelage des bibliothèques", "summary": "Échanges entre médiathèques.",
       "start_date": "2025-03-01", "collectivity": "69123"}


def test_an_editor_creates_a_project_for_their_collectivity(client, token, personas, lyon_commune):
    pistes, theme = make_plan_items()
    response = client.post("/api/v1/projects", {**NEW, "pistes": ["dd-1", "2008-2010:dd-2"], "themes": ["tourisme"]},
                           content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 201, response.json()
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert (project.title, project.is_public, project.created_by) == (NEW["title"], False, personas["lyon"])
    assert set(project.pistes.all()) == set(pistes) and list(project.themes.all()) == [theme]
    assert project.partners.get().collectivity == lyon_commune
    assert body["partners"][0]["role"] == Partner.Role.LEAD and body["version"] == project.version
    # The history names the token's holder, as it names the author of a page's form.
    assert project.history.earliest().history_user == personas["lyon"]


def test_an_editor_gets_403_creating_for_another_collectivity(client, token, trois_rivieres_ville):
    response = client.post("/api/v1/projects", {**NEW, "collectivity": "qc:37067"},
                           content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 403
    assert response.json()["detail"] == "Vous ne pouvez pas créer de projet pour Trois-Rivières."
    assert not Project.objects.exists()


def test_a_user_who_edits_no_collectivity_gets_403(client, token, lyon_commune):
    response = client.post("/api/v1/projects", NEW, content_type="application/json", **bearer(token("outsider")))
    assert response.status_code == 403
    assert "Seuls les éditeurs" in response.json()["detail"]


def test_the_secretariat_creates_a_project_for_any_collectivity(client, token, trois_rivieres_ville):
    response = client.post("/api/v1/projects", {**NEW, "collectivity": "qc:37067", "role": "partenaire"},
                           content_type="application/json", **bearer(token("secretariat")))
    assert response.status_code == 201
    assert Project.objects.get().partners.get().role == Partner.Role.PARTNER


def test_without_a_token_a_write_is_401_even_with_a_session(client, personas, lyon_commune):
    response = client.post("/api/v1/projects", NEW, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"] == (
        "Cette opération demande un jeton d'API : en-tête « Authorization: Bearer <jeton> ».")
    assert response["WWW-Authenticate"] == "Bearer"
    # A session does not write through the API (which checks no CSRF token).
    client.force_login(personas["lyon"])
    assert client.post("/api/v1/projects", NEW, content_type="application/json").status_code == 401
    assert not Project.objects.exists()


@pytest.mark.parametrize(("header", "detail"), [
    ("Bearer pas-un-jeton", "Jeton d'API inconnu."),
    ("Basic bHlvbjptb3QtZGUtcGFzc2U=", "En-tête Authorization illisible : « Bearer <jeton> » attendu."),
    ("Bearer ", "En-tête Authorization illisible : « Bearer <jeton> » attendu."),
])
def test_an_unreadable_or_unknown_token_is_401(client, lyon_commune, header, detail):
    response = client.post("/api/v1/projects", NEW, content_type="application/json", HTTP_AUTHORIZATION=header)
    assert (response.status_code, response.json()["detail"]) == (401, detail)


def test_a_revoked_token_is_401_on_writes_and_reads(client, token, personas, lyon_commune):
    secret = token("lyon")
    ApiToken.objects.get().revoke(by=personas["secretariat"])
    response = client.post("/api/v1/projects", NEW, content_type="application/json", **bearer(secret))
    assert (response.status_code, response.json()["detail"]) == (401, "Ce jeton d'API a été révoqué.")
    assert client.get("/api/v1/projects", **bearer(secret)).status_code == 401
    assert not Project.objects.exists()


def test_an_expired_token_and_a_deactivated_holder_are_401(client, token, personas, lyon_commune):
    expired = token("lyon", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post("/api/v1/projects", NEW, content_type="application/json", **bearer(expired))
    assert (response.status_code, response.json()["detail"]) == (401, "Ce jeton d'API a expiré.")
    active = token("trois_rivieres", expires_at=timezone.now() + datetime.timedelta(days=30))
    assert client.get("/api/v1/projects", **bearer(active)).status_code == 200
    personas["trois_rivieres"].is_active = False
    personas["trois_rivieres"].save()
    response = client.get("/api/v1/projects", **bearer(active))
    assert (response.status_code, response.json()["detail"]) == (
        401, "Le compte titulaire de ce jeton d'API est désactivé.")


def test_a_read_with_a_token_reads_as_its_holder(client, token, lyon_commune, trois_rivieres_ville):
    draft = make_project(lyon_commune, title="Brouillon de Lyon")
    assert client.get(f"/api/v1/projects/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/projects/{draft.pk}", **bearer(token("lyon"))).json()["title"] == "Brouillon de Lyon"
    assert client.get(f"/api/v1/projects/{draft.pk}", **bearer(token("trois_rivieres"))).status_code == 404
    assert client.get("/api/v1/projects", **bearer(token("committee"))).json()["count"] == 1


def test_a_use_is_recorded_at_most_once_a_minute(client, token, django_assert_num_queries, lyon_commune):
    secret = token("lyon")
    client.get("/api/v1/projects", **bearer(secret))
    used = ApiToken.objects.get().last_used_at
    assert used is not None
    # The token and its holder, then the list's own queries: no UPDATE within the minute.
    with django_assert_num_queries(3):  # token with its user, Lyon's memberships, the count (no project)
        client.get("/api/v1/projects", **bearer(secret))
    assert ApiToken.objects.get().last_used_at == used
    ApiToken.objects.update(last_used_at=used - datetime.timedelta(minutes=2))
    client.get("/api/v1/projects", **bearer(secret))
    assert ApiToken.objects.get().last_used_at > used


def test_422_names_each_refused_field_in_french(client, token, lyon_commune):
    response = client.post("/api/v1/projects", {**NEW, "collectivity": "99999", "pistes": ["zz-9"],
                                                "end_date": "2025-01-01"},
                           content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["collectivity"] == ["Aucune collectivité ne correspond à « 99999 » : écrivez son nom (les accents "
                                      "sont facultatifs) ou son code officiel."]
    assert errors["pistes"] == ["« zz-9 » ne désigne aucun élément d'un plan d'action."]
    assert errors["end_date"] == ["La fin (1er janv. 2025) précède le début (1er mars 2025)."]
    assert "Champ « collectivity » : Aucune collectivité" in response.json()["detail"]


def test_a_body_outside_the_schema_is_422_naming_the_field(client, token, lyon_commune):
    response = client.post("/api/v1/projects", {**NEW, "title": "", "status": "fini"},
                           content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"title", "status"}
    assert "Champ « status » : valeur inconnue « fini »." in body["detail"]


def _fields(project, **changes) -> dict:
    return {"title": project.title, "summary": project.summary, "description": "", "pistes": [], "themes": [],
            "start_date": project.start_date.isoformat(), "end_date": None, "status": project.status,
            "version": project.version, **changes}


def test_an_editor_changes_their_project_at_the_version_read(client, token, lyon_commune, trois_rivieres_ville):
    project = make_project(lyon_commune, trois_rivieres_ville, title="Ancien titre")
    secret = token("trois_rivieres")
    read = client.get(f"/api/v1/projects/{project.pk}", **bearer(secret)).json()
    response = client.put(f"/api/v1/projects/{project.pk}", _fields(project, title="Nouveau titre",
                                                                    version=read["version"]),
                          content_type="application/json", **bearer(secret))
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Nouveau titre" and response.json()["version"] == read["version"] + 1
    project.refresh_from_db()
    assert project.title == "Nouveau titre"


def test_a_stale_version_is_409_in_french(client, token, personas, lyon_commune):
    project = make_project(lyon_commune, title="Ancien titre")
    secret = token("lyon")
    stale = project.version
    first = client.put(f"/api/v1/projects/{project.pk}", _fields(project, title="Par un script"),
                       content_type="application/json", **bearer(token("secretariat")))
    assert first.status_code == 200
    response = client.put(f"/api/v1/projects/{project.pk}", _fields(project, title="Par Lyon", version=stale),
                          content_type="application/json", **bearer(secret))
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == stale + 1
    assert "secretariat" in body["detail"] and "Titre : « Ancien titre » → « Par un script »" in body["detail"]
    assert f"avec la version {stale + 1}" in body["detail"]
    project.refresh_from_db()
    assert project.title == "Par un script"


def test_changing_a_project_of_another_collectivity_is_403_and_a_hidden_one_404(
        client, token, lyon_commune, trois_rivieres_ville):
    published = make_project(trois_rivieres_ville, title="Publié de Trois-Rivières", is_public=True)
    hidden = make_project(trois_rivieres_ville, title="Brouillon de Trois-Rivières")
    secret = token("lyon")
    response = client.put(f"/api/v1/projects/{published.pk}", _fields(published, title="Pris"),
                          content_type="application/json", **bearer(secret))
    assert response.status_code == 403 and "aucune de vos collectivités" in response.json()["detail"]
    response = client.put(f"/api/v1/projects/{hidden.pk}", _fields(hidden, title="Pris"),
                          content_type="application/json", **bearer(secret))
    assert (response.status_code, response.json()["detail"]) == (404, "Aucun projet ne correspond à ce numéro.")
    assert set(Project.objects.values_list("title", flat=True)) == {
        "Publié de Trois-Rivières", "Brouillon de Trois-Rivières"}


def test_a_replacement_names_every_field(client, token, lyon_commune):
    project = make_project(lyon_commune, status=Project.Status.ONGOING)
    fields = _fields(project)
    del fields["status"], fields["pistes"]
    response = client.put(f"/api/v1/projects/{project.pk}", fields, content_type="application/json",
                          **bearer(token("lyon")))
    assert response.status_code == 422
    assert response.json()["errors"] == {"status": ["champ obligatoire."], "pistes": ["champ obligatoire."]}
    project.refresh_from_db()
    assert project.status == Project.Status.ONGOING


def test_a_token_needs_no_csrf_token(token, lyon_commune):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/projects", NEW, content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 201


def test_an_update_does_not_touch_publication(client, token, lyon_commune):
    project = make_project(lyon_commune, is_public=True)
    response = client.put(f"/api/v1/projects/{project.pk}", {**_fields(project), "is_public": False},
                          content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.is_public is True


def test_a_body_that_is_not_json_is_400_in_french(client, token, lyon_commune):
    response = client.post("/api/v1/projects", "{pas du JSON", content_type="application/json",
                           **bearer(token("lyon")))
    assert (response.status_code, response.json()["detail"]) == (
        400, "Corps de la requête illisible : un objet JSON est attendu.")


@pytest.mark.parametrize(("body", "detail"), [
    ("[1, 2]", "Champ « title » : champ obligatoire."),
    ('{"title": 3}', "Champ « title » : texte attendu, reçu « 3 »."),
    ('{"title": ""}', "Champ « title » : ne peut pas être vide."),
    ('{"start_date": 1740787200}', "Champ « start_date » : date attendue au format AAAA-MM-JJ, reçu « 1740787200 »."),
    ('{"start_date": "2025-02-30"}', "Champ « start_date » : date attendue au format AAAA-MM-JJ, reçu « 2025-02-30 »."),
])
def test_an_unreadable_body_is_422_in_french(client, token, lyon_commune, body, detail):
    response = client.post("/api/v1/projects", body, content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 422
    assert detail in response.json()["detail"]


def test_a_refusal_of_the_records_validation_is_422_naming_the_field(client, token, lyon_commune, monkeypatch):
    """What the action's full_clean refuses past the form answers as the form's refusals do."""
    def refuse(*args, **kwargs):
        raise ValidationError({"summary": ["Ce résumé existe déjà."]})

    monkeypatch.setattr("projects.actions.create_project", refuse)
    response = client.post("/api/v1/projects", NEW, content_type="application/json", **bearer(token("lyon")))
    assert response.status_code == 422
    assert response.json() == {"detail": "Champ « summary » : Ce résumé existe déjà.",
                               "errors": {"summary": ["Ce résumé existe déjà."]}}
