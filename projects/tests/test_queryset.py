"""Visibility, filters and the plan's checks, as the dashboard and the API reuse them."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from projects import facts
from projects.models import CHECKS, Organisation, Partner, Project, Update

from .factories import make_french_commune, make_indicator, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(personas, lyon_commune, trois_rivieres_ville):
    bordeaux, quebec = make_french_commune(), make_quebec_city()
    return {
        "public": make_project(bordeaux, quebec, title="Public", is_public=True),
        "lyon_private": make_project(lyon_commune, quebec, title="Lyon privé"),
        "tr_private": make_project(trois_rivieres_ville, bordeaux, title="Trois-Rivières privé"),
    }


@pytest.mark.parametrize("persona, expected", [
    (None, {"Public"}),
    ("outsider", {"Public"}),
    ("reviewer", {"Public"}),
    ("lyon", {"Public", "Lyon privé"}),
    ("trois_rivieres", {"Public", "Trois-Rivières privé"}),
    ("committee", {"Public", "Lyon privé", "Trois-Rivières privé"}),
    ("secretariat", {"Public", "Lyon privé", "Trois-Rivières privé"}),
])
def test_each_persona_sees_published_projects_and_their_partners_projects(personas, projects, persona, expected):
    user = personas[persona] if persona else AnonymousUser()
    assert set(Project.objects.visible_to(user).values_list("title", flat=True)) == expected


def test_editable_by_gives_partners_projects_to_editors_and_all_to_secretariat(personas, projects):
    assert set(Project.objects.editable_by(personas["lyon"]).values_list("title", flat=True)) == {"Lyon privé"}
    assert Project.objects.editable_by(personas["secretariat"]).count() == 3
    assert not Project.objects.editable_by(personas["committee"]).exists()
    assert not Project.objects.editable_by(AnonymousUser()).exists()


def test_filters_by_side_collectivity_and_year(projects, lyon_commune):
    assert set(Project.objects.for_collectivity("69123").values_list("title", flat=True)) == {"Lyon privé"}
    assert set(Project.objects.for_collectivity("qc:23027").values_list("title", flat=True)) == {"Public", "Lyon privé"}
    assert not Project.objects.for_collectivity("fr:23027").exists()
    assert Project.objects.for_side("qc").count() == 3
    projects["public"].end_date = datetime.date(2024, 12, 31)
    projects["public"].save()
    assert "Public" not in set(Project.objects.active_in_year(2025).values_list("title", flat=True))
    assert "Public" in set(Project.objects.active_in_year(2024).values_list("title", flat=True))
    assert not Project.objects.active_in_year(2023).exists()


def _checks(project) -> dict[str, bool]:
    annotated = Project.objects.with_checks().get(pk=project.pk)
    return {check.field: getattr(annotated, check.field) for check in CHECKS}


def test_project_with_both_sides_outcomes_recent_updates_by_two_people_passes_every_check(personas, lyon_commune):
    quebec = make_quebec_city()
    project = make_project(lyon_commune, quebec, created_by=personas["lyon"], last_activity_at=timezone.now())
    make_indicator(project, lyon_commune)
    Update.objects.create(project=project, date=datetime.date.today(), text="Visite", author=personas["lyon"])
    Update.objects.create(project=project, date=datetime.date.today(), text="Bilan", author=personas["trois_rivieres"])
    assert _checks(project) == dict.fromkeys(_checks(project), False)
    assert project.failed_checks() == []


def test_project_documented_by_its_creator_alone_is_flagged(personas, lyon_commune):
    project = make_project(lyon_commune, created_by=personas["lyon"])
    Update.objects.create(project=project, date=datetime.date.today(), text="Seul", author=personas["lyon"])
    assert _checks(project)["is_single_person"] is True


def test_project_without_update_for_six_months_is_stale_unless_over(lyon_commune):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    project = make_project(lyon_commune, last_activity_at=long_ago)
    assert _checks(project)["is_stale"] is True
    project.last_activity_at = timezone.now() - datetime.timedelta(days=100)
    project.save()
    assert _checks(project)["is_stale"] is False
    Project.objects.filter(pk=project.pk).update(last_activity_at=long_ago, status=Project.Status.DONE)
    facts.refresh([project.pk])  # what a QuerySet.update() must do for the stored figures
    assert _checks(project)["is_stale"] is False


def test_project_without_indicator_lacks_outcomes(lyon_commune):
    project = make_project(lyon_commune)
    assert _checks(project)["lacks_outcomes"] is True
    make_indicator(project, lyon_commune)
    assert _checks(project)["lacks_outcomes"] is False


def test_project_with_one_side_and_an_organisation_lacks_both_sides(lyon_commune):
    project = make_project(lyon_commune)
    organisation = Organisation.objects.create(name="Cégep", kind=Organisation.Kind.RESEARCH, country="CA")
    Partner.objects.create(project=project, organisation=organisation)
    assert _checks(project)["lacks_both_sides"] is True
    assert "Pas de partenaire à la fois français et québécois" in [str(c.label) for c in project.failed_checks()]


def test_with_checks_counts_in_one_query(django_assert_num_queries, lyon_commune):
    for index in range(5):
        make_project(lyon_commune, title=f"P{index}")
    with django_assert_num_queries(1):
        assert Project.objects.with_checks().filter(lacks_outcomes=True, lacks_both_sides=True).count() == 5
