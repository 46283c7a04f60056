import html

import pytest
from django.urls import reverse

from plan.models import Piste
from projects.models import Project

PLAN_LIST = reverse("plan:list")
PLAN = reverse("plan:detail", args=["2008-2010"])
PISTE = reverse("plan:piste", args=["2008-2010", "dd-1"])


@pytest.fixture
def dd1(plan_2008):
    return Piste.objects.get(code="dd-1")


def text(response) -> str:
    return html.unescape(response.content.decode())


def login(client, personas, name):
    if name != "anonymous":
        client.force_login(personas[name])


def test_plan_list_shows_the_plan_with_its_counts(client, plan_2008, dd1, make_project):
    make_project(dd1)
    make_project(dd1, is_public=False)
    response = client.get(PLAN_LIST)
    assert response.status_code == 200
    content = text(response)
    assert "Plan d'action 2008-2010" in content
    assert "9 axes, fonds et thèmes" in content and "42 pistes" in content
    assert "1 projet lié" in content  # the unpublished one is not counted for the public


def test_plan_page_shows_axes_enjeux_and_every_piste(client, plan_2008):
    response = client.get(PLAN)
    content = text(response)
    assert response.status_code == 200
    for piste in Piste.objects.all():
        assert reverse("plan:piste", args=["2008-2010", piste.code]) in content
    assert "Enjeux et défis communs" in content
    assert "Le partage de la mémoire commune" in content
    assert "Mobilité des personnes" in content  # a sub-heading of Nouvelles voies
    assert "Pas amorcée" in content


def test_enjeux_render_as_lists_and_paragraphs(client, plan_2008):
    content = text(client.get(PLAN))
    assert "<li>Respect des particularités locales;</li>" in content
    assert ("<p>Conditions préalables à une démarche favorable de développement durable dans le contexte "
            "de la coopération décentralisée :</p>") in content
    assert "<p>Le partage de la mémoire commune</p>" in content


def test_piste_page_shows_its_text_status_and_progress(client, dd1, make_project):
    make_project(dd1, status=Project.Status.DONE)
    make_project(dd1, status=Project.Status.ONGOING)
    dd1.responsible_body = "Comité technique"
    dd1.save()
    content = text(client.get(PISTE))
    assert dd1.text in content
    assert "Comité technique" in content
    assert "1 projet terminé sur 2 liés → 50 %" in content
    for project in dd1.projects.all():
        assert f'<a href="{reverse("projects:detail", args=[project.pk])}">{project.title}</a>' in content


def test_piste_page_pages_its_projects_by_50(client, dd1, make_project):
    for _n in range(51):
        make_project(dd1)
    first, second = text(client.get(PISTE)), text(client.get(PISTE + "?page=2"))
    assert first.count("<tr>") == 51 and "Page 1 sur 2" in first  # header + 50 rows
    assert second.count("<tr>") == 2 and "Projets précédents" in second
    assert "51 projets" not in first and "0 projet terminé sur 51 liés" in first


@pytest.mark.parametrize("url", [
    reverse("plan:detail", args=["1999-2001"]),
    reverse("plan:piste", args=["2008-2010", "zz-1"]),
    reverse("plan:piste", args=["1999-2001", "dd-1"]),
])
def test_unknown_plan_or_piste_is_404(client, plan_2008, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona, sees_unpublished", [
    ("anonymous", False), ("outsider", False), ("reviewer", False), ("trois_rivieres", False),
    ("lyon", True), ("committee", True), ("secretariat", True),
])
def test_piste_page_lists_the_projects_the_user_may_see(client, personas, lyon_commune, dd1, make_project,
                                                         persona, sees_unpublished):
    make_project(dd1, is_public=True)  # Projet 1
    make_project(dd1, is_public=False, partner=lyon_commune)  # Projet 2
    login(client, personas, persona)
    response = client.get(PISTE)
    content = text(response)
    assert response.status_code == 200
    assert "Projet 1" in content
    assert ("Projet 2" in content) is sees_unpublished
    assert ("0 projet terminé sur 2 liés" in content) is sees_unpublished
    assert ("0 projet terminé sur 1 lié " in content) is not sees_unpublished


# Queries, anonymous: plan list 1 (plans with counts); plan page 3 (plan, axes, pistes with
# progress); piste page 3 (piste with axis, plan and progress; its projects: count, page).
# Logged in: + session + user; a collectivity editor + memberships (visible projects).
@pytest.mark.parametrize("persona, extra", [("anonymous", 0), ("committee", 2), ("lyon", 3)])
@pytest.mark.parametrize("url, queries", [(PLAN_LIST, 1), (PLAN, 3), (PISTE, 3)])
@pytest.mark.parametrize("projects", [1, 5])
def test_pages_issue_a_bounded_number_of_queries(client, personas, lyon_commune, dd1, make_project,
                                                 django_assert_num_queries, persona, extra, url, queries, projects):
    other = Piste.objects.get(code="ci-2")
    for n in range(projects):
        make_project(dd1 if n % 2 == 0 else other, is_public=n % 3 != 0, partner=lyon_commune)
        make_project(dd1, status=Project.Status.DONE)
    login(client, personas, persona)
    with django_assert_num_queries(queries + extra):
        response = client.get(url)
    assert response.status_code == 200
