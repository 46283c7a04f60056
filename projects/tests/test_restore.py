"""The secretariat restores a deleted project, with what was deleted with it, or one deleted
item, from the history (core/restore.py, projects.actions.restore_deleted)."""
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import actions
from projects.models import (
    Activity, BudgetLine, Contact, Document, Indicator, Measurement, Partner, Project, ProjectFacts, Update,
)

from .factories import fill_project, make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db

MODELS = (Project, Partner, Contact, BudgetLine, Document, Activity, Update, Indicator, Measurement)


def rows() -> dict:
    """Every row of a project's tables, field by field, and its links to pistes and themes."""
    snapshot = {
        model.__name__: sorted(
            tuple((field.attname, str(getattr(row, field.attname))) for field in model._meta.concrete_fields)
            for row in model.objects.all())
        for model in MODELS
    }
    snapshot["pistes"] = sorted(Project.pistes.through.objects.values_list("id", "project_id", "piste_id"))
    snapshot["themes"] = sorted(Project.themes.through.objects.values_list("id", "project_id", "axis_id"))
    return snapshot


@pytest.fixture
def full_project(personas, lyon_commune, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pistes, theme = make_plan_items()
    project = make_project(lyon_commune, make_quebec_city(), title="Relève artistique")
    fill_project(project, author=personas["lyon"], territory=lyon_commune, piste=pistes[0], theme=theme)
    Document.objects.create(project=project, title="Convention", uploaded_by=personas["lyon"],
                            file=SimpleUploadedFile("convention.txt", b"Convention de partenariat"))
    actions.update_project(project, by=personas["lyon"], title="Relève artistique franco-québécoise")
    return project


def delete_in_the_admin(client, user, project):
    client.force_login(user)
    response = client.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Project.objects.exists()


def test_a_deleted_project_comes_back_as_it_was_with_everything_deleted_with_it(client, personas, full_project):
    before = rows()
    delete_in_the_admin(client, personas["secretariat"], full_project)
    assert not any(model.objects.exists() for model in MODELS)

    listing = client.get("/projets/corbeille/")
    assert "Relève artistique franco-québécoise" in html.unescape(listing.content.decode())
    record = Project.history.get(history_type="-")
    response = client.post(f"/projets/corbeille/{record.history_id}/restaurer/", follow=True)

    assert response.redirect_chain == [(f"/projets/{full_project.pk}/", 302)]
    assert ("Restauration faite : « Relève artistique franco-québécoise » et 12 éléments supprimés en même "
            "temps.") in html.unescape(response.content.decode())
    assert rows() == before
    latest = Project.objects.get().history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "+", personas["secretariat"], "Restauré par secretariat")
    assert sorted(latest.pistes.values_list("piste__code", flat=True)) == ["dd-1"]
    assert ProjectFacts.objects.get(pk=full_project.pk).eur == 10000  # the figures are refreshed
    assert "La corbeille est vide." in client.get("/projets/corbeille/").content.decode()
    # The search follows the restored rows.
    from observatory.search import search

    found = search(personas["secretariat"], "relève artistique")
    assert [item["url"] for item in found.items] == [f"/projets/{full_project.pk}/"]


def test_restoring_twice_is_refused_with_a_message(client, personas, full_project):
    delete_in_the_admin(client, personas["secretariat"], full_project)
    url = f"/projets/corbeille/{Project.history.get(history_type='-').history_id}/restaurer/"
    client.post(url)
    before = rows()
    response = client.post(url, follow=True)
    assert response.redirect_chain == [("/projets/corbeille/", 302)]
    assert ("« Relève artistique franco-québécoise » existe déjà : il n'y a rien à restaurer (déjà restauré ?)."
            in html.unescape(response.content.decode()))
    assert rows() == before


def test_a_deleted_budget_line_is_restored_alone_from_the_projects_history(client, personas, full_project):
    line = BudgetLine.objects.get(source="MRIF")
    before = rows()
    client.force_login(personas["lyon"])
    assert client.post(f"/projets/{full_project.pk}/budget/{line.pk}/supprimer/").status_code == 302
    assert "Éléments supprimés" not in client.get(f"/projets/{full_project.pk}/historique/").content.decode()

    client.force_login(personas["secretariat"])
    page = html.unescape(client.get(f"/projets/{full_project.pk}/historique/").content.decode())
    assert "Ligne budgétaire : MRIF: 15000.00 CAD" in page
    record = BudgetLine.history.get(history_type="-")
    response = client.post(f"/projets/corbeille/budget/{record.history_id}/restaurer/",
                           {"project": full_project.pk})

    assert response["Location"] == f"/projets/{full_project.pk}/historique/"
    after = rows()
    assert after["BudgetLine"] == before["BudgetLine"]
    assert BudgetLine.objects.get(pk=line.pk).history.latest().history_change_reason == "Restauré par secretariat"


def test_a_deleted_partner_comes_back_with_its_contacts(client, personas, full_project):
    partner = Partner.objects.get(organisation__isnull=False)
    before = rows()
    client.force_login(personas["secretariat"])
    client.post(f"/projets/{full_project.pk}/partenaires/{partner.pk}/supprimer/")
    assert not Contact.objects.exists()
    record = Partner.history.get(history_type="-")
    client.post(f"/projets/corbeille/partenaires/{record.history_id}/restaurer/")
    after = rows()
    assert (after["Partner"], after["Contact"]) == (before["Partner"], before["Contact"])


def test_a_document_whose_file_is_gone_is_restored_and_says_so(client, personas, full_project):
    document = Document.objects.get()
    client.force_login(personas["secretariat"])
    client.post(f"/projets/{full_project.pk}/documents/{document.pk}/supprimer/")
    document.file.storage.delete(document.file.name)
    record = Document.history.get(history_type="-")
    response = client.post(f"/projets/corbeille/documents/{record.history_id}/restaurer/", follow=True)
    page = html.unescape(response.content.decode())
    assert "Le fichier de « Convention » (convention" in page and "n'existe plus : seules ses informations" in page
    assert Document.objects.get().title == "Convention"
    download = client.get(f"/projets/{full_project.pk}/documents/{document.pk}/fichier/")
    assert download.status_code == 404


def test_an_item_of_a_deleted_project_waits_for_its_project(client, personas, full_project):
    client.force_login(personas["secretariat"])
    line = BudgetLine.objects.get(source="MRIF")
    client.post(f"/projets/{full_project.pk}/budget/{line.pk}/supprimer/")
    delete_in_the_admin(client, personas["secretariat"], full_project)
    record = BudgetLine.history.filter(id=line.pk, history_type="-").get()
    response = client.post(f"/projets/corbeille/budget/{record.history_id}/restaurer/", follow=True)
    assert "Impossible de restaurer « MRIF: 15000.00 CAD » : projet n° " in html.unescape(response.content.decode())
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("persona", ["committee", "reviewer", "lyon", "trois_rivieres", "outsider"])
def test_only_the_secretariat_sees_the_bin_and_restores(client, personas, full_project, persona):
    delete_in_the_admin(client, personas["secretariat"], full_project)
    record = Project.history.get(history_type="-")
    client.force_login(personas[persona])
    assert client.get("/projets/corbeille/").status_code == 403
    assert client.post(f"/projets/corbeille/{record.history_id}/restaurer/").status_code == 403
    assert not Project.objects.exists()


def test_anonymous_is_sent_to_log_in_and_unknown_records_are_404(client, personas, full_project):
    assert client.get("/projets/corbeille/").status_code == 302
    assert client.post("/projets/corbeille/1/restaurer/").status_code == 302
    client.force_login(personas["secretariat"])
    assert client.post("/projets/corbeille/999/restaurer/").status_code == 404
    assert client.post("/projets/corbeille/inconnus/1/restaurer/").status_code == 404
    assert client.get("/projets/corbeille/1/restaurer/").status_code == 405
