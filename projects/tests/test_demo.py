import pytest

from plan.loading import load_plan
from plan.models import Piste
from projects.demo import PROJECTS, load_demo
from projects.models import Measurement, Project

pytestmark = pytest.mark.django_db


def test_demo_projects_cover_pistes_both_sides_and_trip_each_check():
    load_plan()
    load_demo()
    projects = Project.objects.with_checks()
    assert projects.count() == len(PROJECTS) and all(p.is_demo for p in projects)
    assert projects.filter(is_public=True).exists() and projects.filter(is_public=False).exists()
    for field in ("is_single_person", "is_stale", "lacks_outcomes", "lacks_both_sides"):
        assert projects.filter(**{field: True}).exists(), field
    healthy = projects.filter(is_single_person=False, is_stale=False, lacks_outcomes=False, lacks_both_sides=False)
    assert healthy.count() >= 5
    assert Measurement.objects.approved().exists() and Measurement.objects.drafts().exists()
    assert {c for p in Project.objects.for_list() for c in p.budget_by_currency()} == {"EUR", "CAD"}
    assert Project.objects.for_piste("dd-1").exists() and Project.objects.for_theme("tourisme").exists()
    lyon = Project.objects.for_collectivity("fr:69123")
    assert lyon.count() >= 4
    assert Project.objects.publication_pending().exists()  # the secretariat's queue has something to show


def test_loading_the_demo_twice_does_not_duplicate(lyon_commune):
    load_demo()
    load_demo()
    assert Project.objects.count() == len(PROJECTS)
    assert Project.objects.for_collectivity("69123").filter(partners__collectivity=lyon_commune).exists()


def test_the_demo_follows_up_the_pistes_its_projects_serve_and_keeps_the_secretariats_statuses():
    load_plan()
    Piste.objects.filter(code="dd-3").update(status=Piste.Status.ABANDONED)
    load_demo()
    statuses = dict(Piste.objects.values_list("code", "status"))
    assert statuses["dd-1"] == Piste.Status.IN_PROGRESS  # served by an ongoing demo project
    assert statuses["dd-3"] == Piste.Status.ABANDONED  # set by the secretariat: kept
    assert statuses["dd-2"] == Piste.Status.NOT_STARTED  # no project


def test_reloading_the_demo_keeps_the_synthetic_projects_of_seed_scale():
    load_plan()
    synthetic = Project.objects.create(title="Projet synthétique 1", summary="s", start_date="2020-01-01", is_demo=True)
    load_demo()
    load_demo()
    assert Project.objects.filter(pk=synthetic.pk).exists()
    assert Project.objects.filter(is_demo=True).count() == len(PROJECTS) + 1
