"""The lists' rows (projects/listing.py) say what the models say, in the models' orders."""
import datetime
from decimal import Decimal

import pytest

from plan.models import Axis, Piste
from projects.listing import ProjectRows, rows, rows_html
from projects.models import BudgetLine, Organisation, Partner, Project, ProjectFacts

from .factories import make_french_commune, make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(lyon_commune):
    pistes, tourism = make_plan_items()
    axis = pistes[0].axis
    # A piste created last but placed first in its axis, and a theme placed before tourism.
    first = Piste.objects.create(axis=axis, code="dd-0", position=0, text="Piste 0")
    rurality = Axis.objects.create(plan=axis.plan, slug="ruralite", position=8, title="La ruralité",
                                   kind=Axis.Kind.THEME)
    quebec, bordeaux = make_quebec_city(), make_french_commune()
    cegep = Organisation.objects.create(name="Cégep <Limoilou>", kind=Organisation.Kind.RESEARCH, country="CA")
    made = []
    for index, (piste_set, themes) in enumerate([
        ([pistes[1], first, pistes[0]], [tourism, rurality]),
        ([pistes[0]], [tourism]),
        ([], []),
    ]):
        project = make_project(quebec, lyon_commune, title=f"Projet {index}", is_public=True)
        project.pistes.add(*piste_set)
        project.themes.add(*themes)
        made.append(project)
    Partner.objects.create(project=made[0], organisation=cegep, role=Partner.Role.FUNDER)
    Partner.objects.create(project=made[1], collectivity=bordeaux, role=Partner.Role.REGIONAL_COORDINATOR)
    BudgetLine.objects.create(project=made[0], source="Ville", amount=Decimal("10.50"), currency="EUR")
    BudgetLine.objects.create(project=made[0], source="MRIF", amount=Decimal("3"), currency="CAD")
    BudgetLine.objects.create(project=made[0], source="MRIF", amount=Decimal("4"), currency="CAD")
    return made


def test_rows_carry_what_the_models_give(projects):
    by_title = {row.title: row for row in rows(Project.objects.order_by("title"))}
    for project in Project.objects.for_list():
        row = by_title[project.title]
        assert row.pistes == [piste.code for piste in project.pistes.all()]
        assert row.themes == [(theme.slug, theme.title) for theme in project.themes.all()]
        assert [(p.side, p.name, p.role) for p in row.partners] == [
            (p.side, str(p), p.role) for p in project.partners.all()]
        assert row.budget == project.budget_by_currency()
        assert (row.status, row.start_date, row.end_date, row.is_public, row.is_demo, row.summary) == (
            project.status, project.start_date, project.end_date, project.is_public, project.is_demo, project.summary)
        assert row.get_absolute_url() == project.get_absolute_url()
        assert row.get_status_display() == project.get_status_display()
    first = by_title["Projet 0"]
    assert first.pistes == ["dd-0", "dd-1", "dd-2"]  # the axis's order, not the links'
    assert first.themes == [("ruralite", "La ruralité"), ("tourisme", "Le tourisme")]
    assert [(p.side, p.kind, p.code, p.name) for p in first.partners] == [
        ("qc", "municipalite", "23027", "Québec"), ("fr", "commune", "69123", "Lyon"),
        ("other", "recherche", None, "Cégep <Limoilou>")]
    assert first.budget == {"CAD": Decimal("7.00"), "EUR": Decimal("10.50")}
    assert by_title["Projet 2"].pistes == [] and by_title["Projet 2"].budget == {}


def test_a_page_reads_only_its_rows_with_a_fixed_number_of_queries(projects, django_assert_num_queries):
    # The same start date: the title orders them.
    sequence = ProjectRows(ProjectFacts.objects.all())
    with django_assert_num_queries(5):  # the page (ids from the facts), pistes, themes, partners, budgets
        page = sequence[1:3]
    assert [row.title for row in page] == ["Projet 1", "Projet 2"]
    assert sequence.count() == 3
    with django_assert_num_queries(1):
        assert sequence[5:10] == []


def test_the_lists_order_is_the_most_recent_first_then_the_title_without_accents_or_case(
        projects, lyon_commune):
    for title in ("école des arts", "Eau potable", "Zoo", "Ébénisterie"):
        make_project(lyon_commune, title=title, start_date=datetime.date(2030, 1, 1))
    later = make_project(lyon_commune, title="Tout dernier", start_date=datetime.date(2031, 5, 1))
    titles = [row.title for row in ProjectRows(ProjectFacts.objects.all())[0:8]]
    assert titles == ["Tout dernier", "Eau potable", "Ébénisterie", "école des arts", "Zoo",
                      "Projet 0", "Projet 1", "Projet 2"]
    assert later.facts.title_key == "tout dernier"


def test_a_project_without_stored_figures_shows_the_sum_of_its_lines(projects):
    ProjectFacts.objects.filter(project=projects[0]).delete()
    assert rows(Project.objects.filter(pk=projects[0].pk))[0].budget == {
        "CAD": Decimal("7.00"), "EUR": Decimal("10.50")}


def test_the_rows_html_escapes_the_data_and_shows_badges_periods_and_budgets(projects):
    Project.objects.filter(pk=projects[0].pk).update(title="Eau & <b>vie</b>", is_public=False, is_demo=True)
    html = rows_html(rows(Project.objects.filter(pk=projects[0].pk)))
    assert html.count("<tr>") == 1
    assert f'<a href="/projets/{projects[0].pk}/">Eau &amp; &lt;b&gt;vie&lt;/b&gt;</a>' in html
    assert '<span class="badge">non publié</span>' in html and '<span class="badge demo">démo</span>' in html
    assert "<small>dd-0, dd-1, dd-2 · La ruralité, Le tourisme</small>" in html
    assert '<span class="badge other">Autre</span> Cégep &lt;Limoilou&gt;' in html
    assert '<span class="badge qc">QC</span> Québec' in html
    assert "<td>2024–…</td>" in html  # no end date
    assert "7,00\u00a0$\u00a0CA<br>10,50\u00a0€" in html


def test_the_list_page_shows_the_rows(client, projects):
    page = client.get("/projets/").content.decode()
    assert page.count('<span class="badge qc">QC</span> Québec') == 3
    assert "<small>dd-0, dd-1, dd-2 · La ruralité, Le tourisme</small>" in page
