"""A project shared by Lyon and Trois-Rivières: each partner changes its own rows, never the
other's (docs/roles.md, "Inside a shared project"); the organisation picker names only what
the user may see; one rule for creating and changing projects."""
import datetime

import pytest

from projects import actions
from projects.access import can_create_project
from projects.models import Organisation, Partner, Project, Update

from .factories import make_project

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider", None]


@pytest.fixture
def shared(lyon_commune, trois_rivieres_ville):
    return make_project(lyon_commune, trois_rivieres_ville, title="Partagé")


def login(client, personas, persona):
    if persona:
        client.force_login(personas[persona])


# Removing Trois-Rivières from the unpublished shared project: only Trois-Rivières' editors
# and the secretariat may; Lyon's removal left it without access to the project.
REMOVE_EXPECTED = {"secretariat": 302, "committee": 403, "reviewer": 404, "lyon": 403, "trois_rivieres": 302,
                   "outsider": 404, None: 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_its_own_editors_and_the_secretariat_remove_a_collectivity_partner(client, personas, shared,
                                                                                persona):
    partner = shared.partners.get(collectivity__code="37067")
    login(client, personas, persona)
    url = f"/projets/{shared.pk}/partenaires/{partner.pk}/supprimer/"
    response = client.post(url)
    assert response.status_code == REMOVE_EXPECTED[persona]
    removed = persona in ("secretariat", "trois_rivieres")
    assert Partner.objects.filter(pk=partner.pk).exists() is not removed
    if persona == "lyon":
        assert "Seuls les éditeurs de Trois-Rivières et le secrétariat" in response.content.decode()
        assert client.get(url).status_code == 403  # not even the confirmation page
        assert shared in Project.objects.visible_to(personas["trois_rivieres"])


@pytest.mark.parametrize("persona, expected", [("lyon", 403), ("trois_rivieres", 302), ("secretariat", 302)])
def test_a_partners_role_is_changed_by_its_own_editors(client, personas, shared, persona, expected):
    partner = shared.partners.get(collectivity__code="37067")
    client.force_login(personas[persona])
    response = client.post(f"/projets/{shared.pk}/partenaires/{partner.pk}/modifier/", {"role": "financeur"})
    assert response.status_code == expected
    partner.refresh_from_db()
    assert (partner.role == "financeur") is (expected == 302)


@pytest.mark.parametrize("persona", ["lyon", "trois_rivieres"])
def test_every_partners_editor_keeps_organisation_partners_up_to_date(client, personas, shared, persona):
    organisation = Organisation.objects.create(name="Cégep", kind=Organisation.Kind.RESEARCH, country="CA")
    partner = Partner.objects.create(project=shared, organisation=organisation)
    client.force_login(personas[persona])
    assert client.post(f"/projets/{shared.pk}/partenaires/{partner.pk}/supprimer/").status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_an_editor_cannot_remove_their_last_collectivity_partner_either(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{project.pk}/partenaires/{project.partners.get().pk}/supprimer/", follow=True)
    assert "Un projet garde au moins une collectivité partenaire." in response.content.decode()
    assert project.partners.exists()


def test_an_action_refuses_another_partners_row(personas, shared):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.delete_item(shared.partners.get(collectivity__code="37067"), project=shared, by=personas["lyon"])


@pytest.fixture
def colleague(django_user_model, trois_rivieres_ville):
    """A second editor of Trois-Rivières."""
    user = django_user_model.objects.create_user("collegue", "collegue@example.org", "x")
    user.memberships.create(collectivity=trois_rivieres_ville)
    return user


# Changing a journal entry Trois-Rivières' editor wrote.
JOURNAL_EXPECTED = {"secretariat": 302, "committee": 403, "reviewer": 404, "lyon": 403, "trois_rivieres": 302,
                    "colleague": 302, "outsider": 404, None: 302}


@pytest.mark.parametrize("persona", [*PERSONAS, "colleague"])
def test_journal_entries_are_changed_by_their_collectivitys_editors(client, personas, shared, colleague, persona):
    entry = Update.objects.create(project=shared, date=datetime.date(2025, 1, 1), text="Mission",
                                  author=personas["trois_rivieres"])
    if persona == "colleague":
        client.force_login(colleague)
    else:
        login(client, personas, persona)
    response = client.post(f"/projets/{shared.pk}/journal/{entry.pk}/modifier/",
                           {"date": "2025-01-02", "text": "Réécrit"})
    assert response.status_code == JOURNAL_EXPECTED[persona]
    entry.refresh_from_db()
    assert (entry.text == "Réécrit") is (JOURNAL_EXPECTED[persona] == 302 and persona is not None)
    if persona == "lyon":
        assert client.post(f"/projets/{shared.pk}/journal/{entry.pk}/supprimer/").status_code == 403
        assert Update.objects.filter(pk=entry.pk).exists()


def test_the_detail_page_offers_only_the_changes_allowed(client, personas, shared):
    mine = Update.objects.create(project=shared, date=datetime.date(2025, 1, 1), text="Mien", author=personas["lyon"])
    theirs = Update.objects.create(project=shared, date=datetime.date(2025, 1, 2), text="Sien",
                                   author=personas["trois_rivieres"])
    client.force_login(personas["lyon"])
    page = client.get(f"/projets/{shared.pk}/").content.decode()
    assert f"/journal/{mine.pk}/modifier/" in page and f"/journal/{theirs.pk}/modifier/" not in page
    own, other = shared.partners.get(collectivity__code="69123"), shared.partners.get(collectivity__code="37067")
    assert f"/partenaires/{own.pk}/modifier/" in page and f"/partenaires/{other.pk}/modifier/" not in page


@pytest.mark.parametrize("n", [1, 5])
def test_an_editors_detail_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, personas, shared,
                                                               colleague, n):
    for index in range(n):
        for author in (personas["lyon"], personas["trois_rivieres"], colleague):
            Update.objects.create(project=shared, date=datetime.date(2025, 1, 1), text=f"{index}", author=author)
    client.force_login(personas["lyon"])
    # session, user, memberships, project, pistes, themes, partners, contacts, budget,
    # documents, activities, updates, indicators (none: no measurements), checks, and
    # the user's colleagues (one query for every journal entry's "may I change it?").
    with django_assert_num_queries(15):
        assert client.get(f"/projets/{shared.pk}/").status_code == 200


# The organisation picker of the partner form.

@pytest.fixture
def hidden_organisation(trois_rivieres_ville):
    """The partner of an unpublished project of Trois-Rivières only."""
    project = make_project(trois_rivieres_ville, title="Secret")
    organisation = Organisation.objects.create(name="Fondation discrète", kind=Organisation.Kind.OTHER, country="CA")
    Partner.objects.create(project=project, organisation=organisation)
    return organisation


SEES_HIDDEN_ORGANISATION = {"secretariat": True, "committee": True, "reviewer": False, "lyon": False,
                            "trois_rivieres": True, "outsider": False, None: False}


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisations_are_visible_to_who_sees_their_projects(personas, hidden_organisation, persona):
    from django.contrib.auth.models import AnonymousUser

    user = personas[persona] if persona else AnonymousUser()
    assert (hidden_organisation in Organisation.objects.visible_to(user)) is SEES_HIDDEN_ORGANISATION[persona]


def test_a_published_projects_organisations_are_visible_to_all(personas, lyon_commune, hidden_organisation):
    Project.objects.filter(title="Secret").update(is_public=True)
    assert hidden_organisation in Organisation.objects.visible_to(personas["outsider"])


def test_the_partner_form_does_not_name_organisations_of_hidden_projects(client, personas, lyon_commune,
                                                                         hidden_organisation):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    url = f"/projets/{project.pk}/partenaires/ajouter/"
    assert "Fondation discrète" not in client.get(url).content.decode()
    response = client.post(url, {"organisation": hidden_organisation.pk, "role": "partenaire"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not project.partners.filter(organisation=hidden_organisation).exists()
    client.force_login(personas["secretariat"])
    assert "Fondation discrète" in client.get(url).content.decode()


# One rule for creating and changing projects.

CAN_CREATE = {"secretariat": True, "committee": False, "reviewer": False, "lyon": True, "trois_rivieres": True,
              "outsider": False, None: False}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_create_a_project(client, personas, persona):
    from django.contrib.auth.models import AnonymousUser

    assert can_create_project(personas[persona] if persona else AnonymousUser()) is CAN_CREATE[persona]
    login(client, personas, persona)
    response = client.get("/projets/nouveau/")
    assert response.status_code == (200 if CAN_CREATE[persona] else (302 if persona is None else 403))


def test_a_superuser_creates_a_project_as_they_edit_one(client, django_user_model, trois_rivieres_ville, shared):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(f"/projets/{shared.pk}/modifier/").status_code == 200
    assert "Créer un projet" in client.get("/projets/").content.decode()
    response = client.post("/projets/nouveau/", {
        "title": "Nouveau", "summary": "Résumé", "description": "", "start_date": "2025-01-01", "status": "prevu",
        "collectivity": "qc:37067", "role": "chef_de_file"})
    assert response.status_code == 302
    assert Project.objects.get(title="Nouveau").partners.get().collectivity == trois_rivieres_ville
