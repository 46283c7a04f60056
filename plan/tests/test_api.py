import pytest

from plan.models import Piste
from projects.models import Project

PLANS = "/api/v1/plans"
PISTES = "/api/v1/plans/2008-2010/pistes"


@pytest.fixture
def linked(plan_2008, lyon_commune, make_project):
    dd1 = Piste.objects.get(code="dd-1")
    make_project(dd1, status=Project.Status.DONE, is_public=True)
    make_project(dd1, status=Project.Status.ONGOING, is_public=False, partner=lyon_commune)


def test_plans_lists_slug_title_years_and_counts_of_published_projects(client, linked):
    assert client.get(PLANS).json() == [{
        "slug": "2008-2010", "title": "Plan d'action 2008-2010", "start_year": 2008, "end_year": 2010,
        "axis_count": 9, "piste_count": 42, "project_count": 1,
    }]


def test_pistes_gives_each_piste_with_axis_status_and_progress(client, linked):
    pistes = client.get(PISTES).json()
    assert len(pistes) == 42
    assert pistes[0] == {
        "axis": {"slug": "developpement-durable", "title": "Développement durable", "kind": "axe"},
        "code": "dd-1", "heading": "", "text": Piste.objects.get(code="dd-1").text,
        "status": "pas_amorcee", "status_label": "Pas amorcée", "responsible_body": "",
        "project_count": 1, "progress": 100, "progress_explanation": "1 projet terminé sur 1 lié → 100 %",
    }
    assert pistes[-1]["axis"] == {"slug": "tourisme", "title": "Le tourisme", "kind": "theme"}
    assert pistes[-1]["heading"] == "À explorer"


@pytest.mark.parametrize("persona, count, progress", [
    ("committee", 2, 50), ("lyon", 2, 50), ("trois_rivieres", 1, 100), ("outsider", 1, 100),
])
def test_logged_in_readers_count_the_projects_they_may_see(client, personas, linked, persona, count, progress):
    client.force_login(personas[persona])
    first = client.get(PISTES).json()[0]
    assert (first["project_count"], first["progress"]) == (count, progress)
    assert client.get(PLANS).json()[0]["project_count"] == count


def test_unknown_plan_is_404_in_french(client, plan_2008):
    response = client.get("/api/v1/plans/1999-2001/pistes")
    assert response.status_code == 404
    assert response.json() == {"detail": "Plan d'action « 1999-2001 » introuvable."}


# Queries: plans 1 (plans with counts); pistes 2 (plan, pistes with axis and progress).
@pytest.mark.parametrize("url, queries", [(PLANS, 1), (PISTES, 2)])
@pytest.mark.parametrize("projects", [1, 5])
def test_api_issues_a_bounded_number_of_queries(client, plan_2008, make_project, django_assert_num_queries,
                                                url, queries, projects):
    for n in range(projects):
        make_project(Piste.objects.get(code=f"dd-{n + 1}"), status=Project.Status.DONE)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_slug_that_is_not_a_slug_is_a_french_422(client, plan_2008):
    # PostgreSQL refused the NUL character with a 500.
    response = client.get("/api/v1/plans/2008%00/pistes")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Paramètre « slug » : format invalide")
