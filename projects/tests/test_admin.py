import pytest

from .factories import fill_project, make_project

pytestmark = pytest.mark.django_db


def test_secretariat_opens_the_project_admin_pages(client, personas, lyon_commune):
    project = make_project(lyon_commune, title="Patrimoine")
    fill_project(project, author=personas["lyon"], territory=lyon_commune)
    client.force_login(personas["secretariat"])
    for url in ["/admin/projects/project/", f"/admin/projects/project/{project.pk}/change/",
                f"/admin/projects/project/{project.pk}/history/", "/admin/projects/measurement/",
                "/admin/projects/update/", "/admin/projects/organisation/"]:
        assert client.get(url).status_code == 200, url


def test_an_editor_has_no_admin(client, personas):
    client.force_login(personas["lyon"])
    assert client.get("/admin/projects/project/").status_code == 302
