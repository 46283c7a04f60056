"""Documents: an upload is refused early when too large and when its content is not what
its name says; a document is only ever served by the access-checked view."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

from core.tests import file_samples as samples
from projects.models import Document

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def private(personas, lyon_commune, media):
    """An unpublished project of Lyon's with one document."""
    project = make_project(lyon_commune, is_public=False)
    document = Document.objects.create(
        project=project, title="Budget confidentiel", uploaded_by=personas["lyon"],
        file=SimpleUploadedFile("budget.pdf", samples.PDF))
    return project, document


def upload(client, project, name, content):
    return client.post(f"/projets/{project.pk}/documents/ajouter/",
                       {"title": "Pièce", "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("name", "content"), [
    ("convention.pdf", samples.PDF), ("tableau.xlsx", samples.xlsx()), ("compte-rendu.odt", samples.ODT),
    ("photo.jpg", samples.JPEG), ("budget.csv", "commune;montant\r\nLévis;1 500\r\n".encode("cp1252")),
])
def test_a_document_that_is_what_its_name_says_is_saved(client, personas, lyon_commune, media, name, content):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    assert upload(client, project, name, content).status_code == 302
    assert Document.objects.get().file.read() == content


@pytest.mark.parametrize(("name", "content", "found"), [
    ("rapport.pdf", samples.ZIP, "une archive ZIP"),
    ("rapport.pdf", samples.EXE, "un programme Windows (.exe)"),
    ("rapport.pdf", samples.HTML, "une page HTML"),
    ("notes.txt", samples.EXE, "un programme Windows (.exe)"),
    ("budget.docx", samples.xlsx(), "un fichier .xlsx"),
])
def test_a_document_whose_content_betrays_its_name_is_refused(client, personas, lyon_commune, media, name, content,
                                                              found):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    response = upload(client, project, name, content)
    assert response.status_code == 200
    extension = name[name.rindex("."):]
    assert response.context["form"].errors["file"] == [
        f"Le contenu de « {name} » ne correspond pas à son extension {extension} : c'est {found}."]
    assert not Document.objects.exists()


def test_a_large_text_file_is_checked_from_disk(client, personas, lyon_commune, media):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    content = b"commune;montant\n" * 200_000 + b"\x00"  # 3.2 MB: Django streams it to a temporary file
    response = upload(client, project, "gros.csv", content)
    assert "Le contenu de « gros.csv » ne correspond pas" in response.context["form"].errors["file"][0]


def test_a_document_over_the_limit_is_refused_by_the_form_naming_it(client, personas, lyon_commune, media, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    response = upload(client, project, "annexe.pdf", samples.PDF + b" " * 2048)
    assert response.context["form"].errors["file"] == ["« annexe.pdf » dépasse la taille maximale de 1,0\xa0Kio."]


class UnreadableBody:
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_huge_upload_is_refused_before_its_body_is_read(client, personas, lyon_commune, media):
    project = make_project(lyon_commune)
    client.force_login(personas["lyon"])
    response = client.post(
        f"/projets/{project.pk}/documents/ajouter/", data=b"x",
        content_type="multipart/form-data; boundary=BoUnDaRy", CONTENT_LENGTH=str(100 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    assert "La requête dépasse la taille maximale acceptée" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", [None, "outsider", "trois_rivieres", "reviewer"])
def test_nobody_outside_the_project_gets_its_document_by_any_url(client, personas, lyon_commune, private, persona):
    project, document = private
    public = make_project(lyon_commune, title="Projet publié", is_public=True)
    if persona:
        client.force_login(personas[persona])
    urls = [
        f"/projets/{project.pk}/documents/{document.pk}/fichier/",
        f"/projets/{public.pk}/documents/{document.pk}/fichier/",  # through a project they may see
        f"/projets/{project.pk}/documents/{document.pk}/modifier/",
        f"/projets/{project.pk}/",
        f"/media/{document.file.name}",
        f"/{document.file.name}",
    ]
    for url in urls:
        response = client.get(url)
        if persona is None and response.status_code == 302:  # the login page, for pages that need one
            assert response["Location"].startswith("/comptes/connexion/")
            continue
        assert response.status_code == 404, url


def test_media_files_have_no_url_of_their_own(private):
    _project, document = private
    with pytest.raises(Resolver404):
        resolve(f"/media/{document.file.name}")


def test_partners_and_the_committee_download_it(client, personas, private):
    project, document = private
    for persona in ("lyon", "committee", "secretariat"):
        client.force_login(personas[persona])
        response = client.get(f"/projets/{project.pk}/documents/{document.pk}/fichier/")
        assert b"".join(response.streaming_content) == samples.PDF, persona
        assert response["Content-Disposition"].startswith("attachment;")


def test_the_edit_form_links_the_file_through_the_download_view(client, personas, private):
    project, document = private
    client.force_login(personas["lyon"])
    html = client.get(f"/projets/{project.pk}/documents/{document.pk}/modifier/").content.decode()
    assert "/media/" not in html
    assert f'<a href="/projets/{project.pk}/documents/{document.pk}/fichier/">' in html
    assert document.file.name.rsplit("/", 1)[-1] in html


def test_the_edit_form_keeps_the_stored_file_when_none_is_sent(client, personas, private):
    project, document = private
    client.force_login(personas["lyon"])
    response = client.post(f"/projets/{project.pk}/documents/{document.pk}/modifier/", {"title": "Budget révisé"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.file.read()) == ("Budget révisé", samples.PDF)


def test_the_admin_links_the_file_through_the_download_view(client, personas, private):
    project, document = private
    client.force_login(personas["secretariat"])
    html = client.get(f"/admin/projects/document/{document.pk}/change/").content.decode()
    assert "/media/" not in html
    assert f'<a href="/projets/{project.pk}/documents/{document.pk}/fichier/">' in html
