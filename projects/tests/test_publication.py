"""Publication of a project: asked for by its collectivity partners, decided by all of them or
by the secretariat (docs/roles.md, "Publication"). The key case is a project shared by
Lyon and Trois-Rivières."""
import pytest
from django.core.exceptions import PermissionDenied

from projects import actions
from projects.forms import ProjectForm
from projects.models import Partner, Project

from .factories import make_project

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider", None]
PROJECT_DATA = {"title": "Relève artistique", "summary": "Résidences croisées", "description": "",
                "start_date": "2025-01-01", "end_date": "", "status": "en_cours"}


@pytest.fixture
def shared(lyon_commune, trois_rivieres_ville):
    return make_project(lyon_commune, trois_rivieres_ville, title="Partagé")


def login(client, personas, persona):
    if persona:
        client.force_login(personas[persona])


def wishes(project) -> dict[str, str]:
    return dict(project.partners.values_list("collectivity__code", "publication_request"))


# What each persona gets posting to the publication routes of an unpublished shared project:
# anonymous goes to the login page, who cannot see it gets 404, who can see it but does not
# speak for a partner (or decide) gets 403.
REQUEST_EXPECTED = {"secretariat": 403, "committee": 403, "reviewer": 404, "lyon": 302, "trois_rivieres": 302,
                    "outsider": 404, None: 302}
DECIDE_EXPECTED = {"secretariat": 302, "committee": 403, "reviewer": 404, "lyon": 403, "trois_rivieres": 403,
                   "outsider": 404, None: 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_partners_request_does_not_publish_a_shared_project(client, personas, shared, persona):
    login(client, personas, persona)
    response = client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "publier"})
    assert response.status_code == REQUEST_EXPECTED[persona]
    shared.refresh_from_db()
    assert shared.is_public is False
    asked = {"lyon": "69123", "trois_rivieres": "37067"}.get(persona)
    assert wishes(shared) == {code: ("publier" if code == asked else "") for code in ("69123", "37067")}
    if persona is None:
        assert response["Location"].startswith("/comptes/connexion/")


def test_the_project_is_published_once_every_collectivity_partner_has_approved(client, personas, shared):
    client.force_login(personas["lyon"])
    client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "publier"})
    client.force_login(personas["trois_rivieres"])
    page = client.get(f"/projets/{shared.pk}/").content.decode()
    assert "Approuver la publication" in page and "approuve la publication" in page
    response = client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "publier"}, follow=True)
    assert "Le projet est publié." in response.content.decode()
    shared.refresh_from_db()
    assert shared.is_public is True
    assert set(wishes(shared).values()) == {""}  # fulfilled requests are cleared
    client.logout()
    assert client.get(f"/projets/{shared.pk}/").status_code == 200


def test_approvals_and_the_publication_show_in_the_projects_history(client, personas, shared):
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.PUBLISH)
    actions.request_publication(shared, by=personas["trois_rivieres"], wish=Partner.Publication.PUBLISH)
    client.force_login(personas["committee"])
    entries = client.get(f"/projets/{shared.pk}/historique/").context["entries"]
    approvals = [(entry.user.username, entry.label) for entry in entries for change in entry.changes
                 if change.field == "publication" and change.new == "approuve la publication"]
    assert sorted(approvals) == [("lyon", "Lyon"), ("trois_rivieres", "Trois-Rivières")]
    published = [entry for entry in entries if entry.kind == "projet" and entry.changes]
    assert [(change.field, change.old, change.new) for change in published[0].changes] == [("publié", "non", "oui")]
    assert published[0].user == personas["trois_rivieres"]
    assert published[0].reason == "Publié : tous les partenaires l'ont approuvé"


def test_a_single_partner_publishes_its_own_project(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    assert "Demander la publication" in client.get(f"/projets/{project.pk}/").content.decode()
    client.post(f"/projets/{project.pk}/publication/demande/", {"wish": "publier"})
    project.refresh_from_db()
    assert project.is_public is True


def test_a_withdrawn_approval_no_longer_counts(personas, shared):
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.PUBLISH)
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.NONE)
    actions.request_publication(shared, by=personas["trois_rivieres"], wish=Partner.Publication.PUBLISH)
    shared.refresh_from_db()
    assert shared.is_public is False and wishes(shared) == {"69123": "", "37067": "publier"}


@pytest.mark.parametrize("persona", ["lyon", "trois_rivieres"])
def test_one_partner_cannot_unpublish_a_shared_project(client, personas, lyon_commune, trois_rivieres_ville,
                                                       persona):
    shared = make_project(lyon_commune, trois_rivieres_ville, is_public=True)
    client.force_login(personas[persona])
    # The project form used to carry `is_public`: an unticked box unpublished it.
    assert client.post(f"/projets/{shared.pk}/modifier/", PROJECT_DATA).status_code == 302
    client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "depublier"})
    shared.refresh_from_db()
    assert shared.is_public is True and shared.title == "Relève artistique"
    assert shared.partners.get(publication_request="depublier").collectivity.code == {
        "lyon": "69123", "trois_rivieres": "37067"}[persona]


def test_every_partner_asking_unpublishes(personas, lyon_commune, trois_rivieres_ville):
    shared = make_project(lyon_commune, trois_rivieres_ville, is_public=True)
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.UNPUBLISH)
    actions.request_publication(shared, by=personas["trois_rivieres"], wish=Partner.Publication.UNPUBLISH)
    shared.refresh_from_db()
    assert shared.is_public is False


@pytest.mark.parametrize("persona", ["lyon", "trois_rivieres"])
def test_the_project_form_does_not_publish(client, personas, shared, persona):
    assert "is_public" not in ProjectForm.base_fields
    client.force_login(personas[persona])
    client.post(f"/projets/{shared.pk}/modifier/", {**PROJECT_DATA, "is_public": "on"})
    shared.refresh_from_db()
    assert shared.is_public is False and shared.title == "Relève artistique"
    with pytest.raises(PermissionDenied):
        actions.update_project(shared, by=personas[persona], is_public=True)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_decides(client, personas, shared, persona):
    login(client, personas, persona)
    response = client.post(f"/projets/{shared.pk}/publication/decision/", {"decision": "publish"})
    assert response.status_code == DECIDE_EXPECTED[persona]
    shared.refresh_from_db()
    assert shared.is_public is (persona == "secretariat")


def test_the_secretariat_unpublishes_and_clears_the_requests(client, personas, lyon_commune, trois_rivieres_ville):
    shared = make_project(lyon_commune, trois_rivieres_ville, is_public=True)
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.UNPUBLISH)
    client.force_login(personas["secretariat"])
    assert "Dépublier" in client.get(f"/projets/{shared.pk}/").content.decode()
    response = client.post(f"/projets/{shared.pk}/publication/decision/", {"decision": "unpublish", "from": "queue"})
    assert response["Location"] == "/projets/publication/a-decider/"
    shared.refresh_from_db()
    assert shared.is_public is False and set(wishes(shared).values()) == {""}
    entry = next(e for e in client.get(f"/projets/{shared.pk}/historique/").context["entries"] if e.kind == "projet")
    assert (entry.user, entry.reason) == (personas["secretariat"], "Décision du secrétariat")


def test_a_superuser_decides_like_the_secretariat(client, django_user_model, shared):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    assert client.post(f"/projets/{shared.pk}/publication/decision/", {"decision": "publish"}).status_code == 302
    shared.refresh_from_db()
    assert shared.is_public is True


def test_an_impossible_request_is_refused_with_a_message(client, personas, shared):
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "depublier"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Ce projet n'est pas publié."]
    response = client.post(f"/projets/{shared.pk}/publication/demande/", {"wish": "tout"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Demande de publication inconnue."]
    assert client.get(f"/projets/{shared.pk}/publication/demande/").status_code == 405


QUEUE_EXPECTED = {"secretariat": 200, "committee": 403, "reviewer": 403, "lyon": 403, "trois_rivieres": 403,
                  "outsider": 403, None: 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_sees_the_pending_requests(client, personas, shared, persona):
    actions.request_publication(shared, by=personas["lyon"], wish=Partner.Publication.PUBLISH)
    login(client, personas, persona)
    response = client.get("/projets/publication/a-decider/")
    assert response.status_code == QUEUE_EXPECTED[persona]
    if persona == "secretariat":
        assert [project.title for project in response.context["page"].object_list] == ["Partagé"]


def test_the_queue_lists_only_requests_for_the_other_state(personas, lyon_commune, trois_rivieres_ville):
    asked = make_project(lyon_commune, trois_rivieres_ville, title="Demandé")
    make_project(lyon_commune, trois_rivieres_ville, title="Rien")
    leaving = make_project(lyon_commune, trois_rivieres_ville, title="Retrait", is_public=True)
    actions.request_publication(asked, by=personas["lyon"], wish=Partner.Publication.PUBLISH)
    actions.request_publication(leaving, by=personas["trois_rivieres"], wish=Partner.Publication.UNPUBLISH)
    # A stale request (the state was changed in the admin) is not pending.
    Project.objects.filter(pk=asked.pk).update(is_public=True)
    assert set(Project.objects.publication_pending().values_list("title", flat=True)) == {"Retrait"}


@pytest.mark.parametrize("n", [1, 5])
def test_the_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries, personas, lyon_commune,
                                                  trois_rivieres_ville, n):
    for index in range(n):
        project = make_project(lyon_commune, trois_rivieres_ville, title=f"P{index}")
        actions.request_publication(project, by=personas["lyon"], wish=Partner.Publication.PUBLISH)
    client.force_login(personas["secretariat"])
    with django_assert_num_queries(5):  # session, user, count, projects, their partners
        response = client.get("/projets/publication/a-decider/")
    assert len(response.context["page"].object_list) == n


def test_the_public_sees_no_publication_section(client, lyon_commune):
    project = make_project(lyon_commune, is_public=True)
    assert 'id="publication"' not in client.get(f"/projets/{project.pk}/").content.decode()
