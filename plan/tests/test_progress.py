import pytest

from plan.models import Piste
from projects.models import Project

S = Project.Status


def progress_of(code, projects=None):
    projects = Project.objects.all() if projects is None else projects
    return Piste.objects.with_progress(projects).get(code=code)


def test_progress_is_the_share_of_linked_projects_that_are_done(plan_2008, make_project):
    piste = Piste.objects.get(code="dd-1")
    for status in (S.DONE, S.DONE, S.DONE, S.ONGOING, S.PLANNED):
        make_project(piste, status=status)
    piste = progress_of("dd-1")
    assert (piste.project_count, piste.done_count, piste.ongoing_count, piste.planned_count) == (5, 3, 1, 1)
    assert piste.progress == 60
    assert piste.progress_explanation() == "3 projets terminés sur 5 liés → 60 %"


def test_abandoned_projects_are_left_out_and_said_so(plan_2008, make_project):
    piste = Piste.objects.get(code="dd-1")
    for status in (S.DONE, S.SUSPENDED, S.ABANDONED):
        make_project(piste, status=status)
    piste = progress_of("dd-1")
    assert (piste.project_count, piste.abandoned_count, piste.progress) == (3, 1, 50)
    assert piste.progress_explanation() == "1 projet terminé sur 2 liés → 50 % (1 projet abandonné non compté)"


def test_progress_rounds_down(plan_2008, make_project):
    piste = Piste.objects.get(code="dd-1")
    for status in (S.DONE, S.DONE, S.ONGOING):
        make_project(piste, status=status)
    assert progress_of("dd-1").progress == 66


@pytest.mark.parametrize("statuses, explanation", [
    ((), "Aucun projet lié : pas d'avancement calculé."),
    ((S.ABANDONED,), "1 projet lié, abandonné : pas d'avancement calculé."),
])
def test_no_progress_without_a_counted_project(plan_2008, make_project, statuses, explanation):
    piste = Piste.objects.get(code="dd-1")
    for status in statuses:
        make_project(piste, status=status)
    piste = progress_of("dd-1")
    assert piste.progress is None
    assert piste.progress_explanation() == explanation


def test_only_the_projects_given_are_counted(plan_2008, make_project):
    piste = Piste.objects.get(code="dd-1")
    make_project(piste, status=S.DONE, is_public=False)
    make_project(piste, status=S.ONGOING, is_public=True)
    public = progress_of("dd-1", Project.objects.filter(is_public=True))
    everything = progress_of("dd-1")
    assert (public.project_count, public.progress) == (1, 0)
    assert (everything.project_count, everything.progress) == (2, 50)


def test_a_project_on_two_pistes_counts_once_on_each(plan_2008, make_project):
    project = make_project(Piste.objects.get(code="dd-1"), status=S.DONE)
    project.pistes.add(Piste.objects.get(code="ci-2"))
    counts = {p.code: (p.project_count, p.progress) for p in Piste.objects.with_progress(Project.objects.all())}
    assert counts["dd-1"] == counts["ci-2"] == (1, 100)
    assert counts["dd-2"] == (0, None)
