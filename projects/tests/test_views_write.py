"""Writing pages: who may change what, and what a form does."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Activity, Document, Measurement, Partner, Project, Update

from .factories import fill_project, make_indicator, make_project, make_quebec_city

pytestmark = pytest.mark.django_db

PROJECT_DATA = {
    "title": "Relève artistique franco-québécoise", "summary": "Résidences croisées de jeunes artistes",
    "description": "", "start_date": "2025-01-01", "end_date": "2027-12-31", "status": "en_cours",
    "role": "chef_de_file",
}


def test_editor_creates_a_project_for_their_collectivity(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    response = client.post("/projets/nouveau/", {**PROJECT_DATA, "collectivity": lyon_commune.pk})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projets/{project.pk}/"
    partner = project.partners.get()
    assert (partner.collectivity, partner.role) == (lyon_commune, "chef_de_file")
    assert project.history.get().history_user == personas["lyon"]


def test_editor_cannot_create_a_project_for_another_collectivity(client, personas, trois_rivieres_ville):
    client.force_login(personas["lyon"])
    response = client.post("/projets/nouveau/", {**PROJECT_DATA, "collectivity": trois_rivieres_ville.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Project.objects.exists()


def test_secretariat_creates_a_project_for_a_collectivity_typed_by_code(client, personas, trois_rivieres_ville):
    client.force_login(personas["secretariat"])
    response = client.post("/projets/nouveau/", {**PROJECT_DATA, "collectivity": "qc:37067"})
    assert response.status_code == 302
    assert Project.objects.get().partners.get().collectivity == trois_rivieres_ville
    response = client.post("/projets/nouveau/", {**PROJECT_DATA, "collectivity": "qc:99999"})
    assert "Aucune collectivité ne correspond à « qc:99999 »" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "committee", "reviewer"])
def test_users_without_a_collectivity_cannot_create_projects(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/projets/nouveau/").status_code == 403


def test_end_before_start_is_refused_with_a_clear_message(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    response = client.post("/projets/nouveau/", {**PROJECT_DATA, "collectivity": lyon_commune.pk,
                                                 "end_date": "2024-01-01"})
    assert "La fin (1er janv. 2024) précède le début (1er janv. 2025)." in response.content.decode()


def test_edit_records_the_change_in_the_history_with_its_diff(client, personas, lyon_commune):
    project = make_project(lyon_commune, title="Ancien titre")
    client.force_login(personas["lyon"])
    data = {**PROJECT_DATA, "title": "Nouveau titre"}
    assert client.post(f"/projets/{project.pk}/modifier/", data).status_code == 302
    page = client.get(f"/projets/{project.pk}/historique/").content.decode()
    assert "<del>Ancien titre</del> → <ins>Nouveau titre</ins>" in page


def test_the_history_shows_who_changed_the_pistes_and_themes(client, personas, lyon_commune):
    from plan.loading import load_plan
    from plan.models import Axis, Piste
    from projects import actions

    load_plan()
    project = make_project(lyon_commune)
    actions.update_project(project, by=personas["lyon"], pistes=[Piste.objects.get(code="dd-1")],
                           themes=[Axis.objects.get(slug="tourisme")])
    actions.update_project(project, by=personas["secretariat"], pistes=[Piste.objects.get(code="dd-3")])
    client.force_login(personas["lyon"])
    entries = client.get(f"/projets/{project.pk}/historique/").context["entries"]
    changes = [(entry.user.username, change.field, change.old, change.new)
               for entry in entries for change in entry.changes if change.field in ("pistes", "thèmes")]
    assert ("lyon", "pistes", "—", "dd-1") in changes
    assert ("lyon", "thèmes", "—", "Le tourisme") in changes
    assert ("secretariat", "pistes", "dd-1", "dd-3") in changes or (
        ("secretariat", "pistes", "dd-1", "—") in changes and ("secretariat", "pistes", "—", "dd-3") in changes)


def test_another_collectivitys_editor_gets_403_on_every_write_of_a_published_project(client, personas, lyon_commune):
    project = make_project(lyon_commune, make_quebec_city(), is_public=True)
    indicator = fill_project(project, author=personas["lyon"], territory=lyon_commune)
    activity = project.activities.get()
    client.force_login(personas["trois_rivieres"])
    urls = [f"/projets/{project.pk}/modifier/", f"/projets/{project.pk}/partenaires/ajouter/",
            f"/projets/{project.pk}/budget/ajouter/", f"/projets/{project.pk}/journal/ajouter/",
            f"/projets/{project.pk}/activites/{activity.pk}/modifier/",
            f"/projets/{project.pk}/activites/{activity.pk}/supprimer/",
            f"/projets/{project.pk}/indicateurs/{indicator.pk}/mesures/ajouter/"]
    for url in urls:
        assert client.post(url, {"title": "x"}).status_code == 403, url
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_partner_adds_a_partner_contact_activity_and_journal_entry(client, personas, lyon_commune):
    quebec = make_quebec_city()
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    base = f"/projets/{project.pk}"
    assert client.post(f"{base}/partenaires/ajouter/", {"collectivity": "23027", "role": "partenaire"}).status_code == 302
    partner = project.partners.get(collectivity=quebec)
    response = client.post(f"{base}/contacts/ajouter/", {"partner": partner.pk, "name": "Luc Gagnon",
                                                          "kind": "elu", "role": "Maire"})
    assert response.status_code == 302 and partner.contacts.get().name == "Luc Gagnon"
    client.post(f"{base}/activites/ajouter/", {"kind": "jalon", "title": "Signature", "start_date": "2025-03-01",
                                                "status": "prevue"})
    assert project.activities.get().kind == "jalon"
    client.post(f"{base}/journal/ajouter/", {"date": "2025-01-15", "text": "Première rencontre"})
    assert project.updates.get().author == personas["lyon"]
    project.refresh_from_db()
    assert project.last_activity_at is not None


def test_partner_form_needs_exactly_one_partner(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{project.pk}/partenaires/ajouter/", {"role": "partenaire"})
    assert "Indiquez une seule collectivité ou une seule organisation." in response.content.decode()
    response = client.post(f"/projets/{project.pk}/partenaires/ajouter/", {"collectivity": "69123", "role": "partenaire"})
    assert "Lyon est déjà partenaire de ce projet." in response.content.decode()


def test_a_new_organisation_becomes_a_partner(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    client.post(f"/projets/{project.pk}/partenaires/ajouter/", {
        "new_organisation": "Commune de Saint-Louis", "new_organisation_kind": "etranger",
        "new_organisation_country": "sn", "role": "partenaire"})
    partner = project.partners.get(organisation__isnull=False)
    assert partner.organisation.country == "SN"


def test_a_contact_cannot_be_attached_to_another_projects_partner(client, personas, lyon_commune):
    mine, other = make_project(lyon_commune), make_project(lyon_commune, title="Autre")
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{mine.pk}/contacts/ajouter/", {
        "partner": other.partners.get().pk, "name": "X", "kind": "elu"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()


def test_documents_are_uploaded_under_media_root_and_downloaded_by_readers(client, personas, lyon_commune, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(lyon_commune, is_public=True)
    client.force_login(personas["lyon"])
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(f"/projets/{project.pk}/documents/ajouter/", {"title": "Convention", "file": upload}).status_code == 302
    document = Document.objects.get()
    assert (tmp_path / document.file.name).exists() and document.uploaded_by == personas["lyon"]
    client.logout()
    response = client.get(f"/projets/{project.pk}/documents/{document.pk}/fichier/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_an_executable_is_refused_as_a_document(client, personas, lyon_commune, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    upload = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(f"/projets/{project.pk}/documents/ajouter/", {"title": "X", "file": upload})
    assert "Le type de fichier « .exe » n'est pas accepté" in response.context["form"].errors["file"][0]
    assert not Document.objects.exists()


def test_inline_form_is_served_as_a_fragment_to_htmx(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    fragment = client.get(f"/projets/{project.pk}/budget/ajouter/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form") and "<html" not in fragment
    assert "<html" in client.get(f"/projets/{project.pk}/budget/ajouter/").content.decode()


def test_partner_enters_a_draft_measurement_that_the_secretariat_approves(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    indicator = make_indicator(project, lyon_commune)
    client.force_login(personas["lyon"])
    client.post(f"/projets/{project.pk}/indicateurs/{indicator.pk}/mesures/ajouter/",
                {"period_start": "2025-01-01", "period_end": "2025-06-30", "value": "12"})
    measurement = Measurement.objects.get()
    assert measurement.status == "brouillon" and measurement.entered_by == personas["lyon"]
    review = f"/projets/{project.pk}/mesures/{measurement.pk}/examen/"
    assert client.post(review, {"decision": "approve"}).status_code == 403
    client.force_login(personas["secretariat"])
    assert client.post(review, {"decision": "approve"}).status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == "approuvee" and measurement.approved_by == personas["secretariat"]
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{project.pk}/mesures/{measurement.pk}/modifier/", {"value": "99"})
    assert response.status_code == 403


def test_deleting_the_last_collectivity_partner_is_refused_with_a_message(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    partner = project.partners.get()
    response = client.post(f"/projets/{project.pk}/partenaires/{partner.pk}/supprimer/", follow=True)
    assert "Un projet garde au moins une collectivité partenaire." in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_a_deleted_journal_entry_stays_in_the_history(client, personas, lyon_commune):
    project = make_project(lyon_commune)
    update = Update.objects.create(project=project, date=datetime.date(2025, 1, 1), text="Erreur", author=personas["lyon"])
    client.force_login(personas["lyon"])
    client.post(f"/projets/{project.pk}/journal/{update.pk}/supprimer/")
    assert not Update.objects.exists()
    page = client.get(f"/projets/{project.pk}/historique/").content.decode()
    assert "Suppression" in page and "Erreur" in page


@pytest.mark.parametrize("n", [1, 5])
def test_secretariat_queue_of_drafts_runs_a_fixed_number_of_queries(client, django_assert_num_queries, personas,
                                                                    lyon_commune, n):
    for index in range(n):
        fill_project(make_project(lyon_commune, title=f"P{index}"), author=personas["lyon"], territory=lyon_commune)
    client.force_login(personas["secretariat"])
    with django_assert_num_queries(4):  # session, user, count, drafts with project, territory and author
        response = client.get("/projets/mesures/a-valider/")
    assert len(response.context["page"].object_list) == n


def test_secretariat_approves_from_the_queue(client, personas, lyon_commune):
    fill_project(make_project(lyon_commune), author=personas["lyon"], territory=lyon_commune)
    draft = Measurement.objects.drafts().get()
    client.force_login(personas["secretariat"])
    response = client.post(f"/projets/{draft.indicator.project_id}/mesures/{draft.pk}/examen/",
                           {"decision": "approve", "from": "queue"})
    assert response["Location"] == "/projets/mesures/a-valider/"
    assert not Measurement.objects.drafts().exists()


@pytest.mark.parametrize("persona", ["lyon", "committee", "reviewer", "outsider"])
def test_only_the_secretariat_sees_the_queue(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/projets/mesures/a-valider/").status_code == 403
