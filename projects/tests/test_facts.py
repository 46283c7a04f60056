"""The stored figures of the dashboard (ProjectFacts, PisteFacts, PartnerFacts) stay equal
to what the records give, after every kind of write."""
import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from conftest import make_collectivity
from projects import actions, facts
from projects.models import (
    BudgetLine, Indicator, Organisation, Partner, PartnerFacts, PisteFacts, Project, ProjectFacts, Update,
)
from territories.models import Kind, Side

from .factories import make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


def _row(instance) -> dict:
    row = model_to_dict(instance)
    row.pop("id", None)
    return row


def stored(project_id) -> tuple:
    return (
        [_row(row) for row in ProjectFacts.objects.filter(project_id=project_id)],
        sorted((_row(row) for row in PisteFacts.objects.filter(project_id=project_id)), key=lambda r: r["piste"]),
        sorted((_row(row) for row in PartnerFacts.objects.filter(project_id=project_id)),
               key=lambda r: r["collectivity"]),
    )


def fresh(project_id) -> tuple:
    project_rows, piste_rows, partner_rows = facts.compute([project_id])
    return (
        [_row(row) for row in project_rows],
        sorted((_row(row) for row in piste_rows), key=lambda r: r["piste"]),
        sorted((_row(row) for row in partner_rows), key=lambda r: r["collectivity"]),
    )


def assert_current(project):
    assert stored(project.pk) == fresh(project.pk)


@pytest.fixture
def region(db):
    return make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")


def test_every_write_through_the_application_keeps_the_figures_current(personas, lyon_commune, region):
    lyon_commune.region = region
    lyon_commune.save()
    editor, secretariat = personas["lyon"], personas["secretariat"]
    (piste_1, piste_2), theme = make_plan_items()

    project = actions.create_project(
        by=editor, collectivity=lyon_commune, role=Partner.Role.LEAD, pistes=[piste_1], themes=[theme],
        title="Écotechnologies", summary="Échanges", start_date=datetime.date(2024, 3, 1),
    )
    assert_current(project)
    row = ProjectFacts.objects.get(project=project)
    assert (row.has_french_partner, row.has_quebec_partner, row.is_single_person, row.lacks_outcomes) == (
        True, False, True, True)
    assert PartnerFacts.objects.get(project=project).region_id == region.pk

    quebec = make_quebec_city()
    partner = actions.add_partner(project, by=editor, role=Partner.Role.PARTNER, collectivity=quebec)
    assert_current(project)
    assert ProjectFacts.objects.get(project=project).has_quebec_partner is True

    actions.update_project(project, by=editor, pistes=[piste_1, piste_2], status=Project.Status.ONGOING,
                           end_date=datetime.date(2026, 12, 31))
    assert_current(project)
    assert PisteFacts.objects.filter(project=project, status=Project.Status.ONGOING, end_year=2026).count() == 2
    assert PisteFacts.objects.filter(project=project, first_in_axis=True, first_in_plan=True).count() == 1

    line = actions.save_item(BudgetLine(project=project, source="Région", funder=partner, amount=Decimal("1500"),
                                        currency="CAD", year=2024), project=project, by=editor)
    actions.save_item(BudgetLine(project=project, source="FFQCD", amount=Decimal("800.50"), currency="EUR"),
                      project=project, by=editor)
    assert_current(project)
    row = ProjectFacts.objects.get(project=project)
    assert (row.cad, row.qc_cad, row.eur, row.fr_eur, row.eur_lines) == (1500, 1500, Decimal("800.50"), 0, 1)

    indicator = actions.save_item(Indicator(project=project, name="Emplois", category="economique", unit="emplois",
                                            target=Decimal("10"), territory=lyon_commune), project=project, by=editor)
    measurement = actions.add_measurement(indicator, by=editor, period_start=datetime.date(2024, 1, 1),
                                          period_end=datetime.date(2024, 12, 31), value=Decimal("12"))
    assert_current(project)
    assert ProjectFacts.objects.get(project=project).economique_measured == 0  # a draft counts for nothing
    actions.approve_measurement(measurement, by=secretariat)
    assert_current(project)
    row = ProjectFacts.objects.get(project=project)
    assert (row.economique_indicators, row.economique_measured, row.economique_reached, row.lacks_outcomes) == (
        1, 1, 1, False)

    actions.record_update(project, by=personas["trois_rivieres"], text="Mission à Trois-Rivières")
    assert_current(project)
    assert ProjectFacts.objects.get(project=project).is_single_person is False

    actions.delete_item(line, project=project, by=editor)
    actions.delete_item(partner, project=project, by=secretariat)  # Lyon may not remove Québec
    assert_current(project)
    assert ProjectFacts.objects.get(project=project).has_quebec_partner is False
    assert not PartnerFacts.objects.filter(project=project, side=Side.QUEBEC).exists()

    project.pistes.remove(piste_1)
    assert_current(project)
    assert PisteFacts.objects.get(project=project).first_in_plan is True


def test_a_deleted_project_leaves_no_figures(personas, lyon_commune):
    (piste, _other), _theme = make_plan_items()
    project = make_project(lyon_commune, make_quebec_city())
    project.pistes.add(piste)
    Update.objects.create(project=project, date=datetime.date.today(), text="Point", author=personas["lyon"])
    assert PisteFacts.objects.filter(project=project).exists()
    project.delete()
    assert not ProjectFacts.objects.exists()
    assert not PisteFacts.objects.exists()
    assert not PartnerFacts.objects.exists()


def test_an_organisation_partner_counts_for_neither_side_nor_region(lyon_commune):
    project = make_project(lyon_commune)
    organisation = Organisation.objects.create(name="Cégep", kind=Organisation.Kind.RESEARCH, country="CA")
    Partner.objects.create(project=project, organisation=organisation)
    assert PartnerFacts.objects.filter(project=project).count() == 1
    assert_current(project)


def test_refresh_facts_rebuilds_what_was_changed_behind_the_application(lyon_commune, capsys):
    projects = [make_project(lyon_commune, title=f"P{n}") for n in range(3)]
    expected = [stored(project.pk) for project in projects]
    # A change made in SQL, which sends no signal: the stored figures are now wrong…
    Project.objects.filter(pk=projects[0].pk).update(status=Project.Status.ABANDONED)
    ProjectFacts.objects.filter(pk=projects[1].pk).delete()
    assert ProjectFacts.objects.get(pk=projects[0].pk).status != Project.Status.ABANDONED
    call_command("refresh_facts")
    # …until refresh_facts recomputes every row.
    assert ProjectFacts.objects.get(pk=projects[0].pk).status == Project.Status.ABANDONED
    assert stored(projects[1].pk) == expected[1]
    assert stored(projects[2].pk) == expected[2]
    assert "3 projets" in capsys.readouterr().out


def test_compute_runs_the_same_queries_for_one_project_or_many(lyon_commune, django_assert_num_queries):
    projects = [make_project(lyon_commune, make_quebec_city(code=f"2300{n}"), title=f"P{n}") for n in range(4)]
    with django_assert_num_queries(6):
        facts.compute([projects[0].pk])
    with django_assert_num_queries(6):
        facts.compute([project.pk for project in projects])


def test_an_action_refreshes_its_project_once_at_the_end(personas, lyon_commune):
    (piste, _other), theme = make_plan_items()
    with CaptureQueriesContext(connection) as queries:
        project = actions.create_project(  # saves the project, its pistes, its themes and a partner
            by=personas["lyon"], collectivity=lyon_commune, role=Partner.Role.LEAD, pistes=[piste], themes=[theme],
            title="Écotechnologies", summary="Échanges", start_date=datetime.date(2024, 3, 1),
        )
    rewrites = [query for query in queries.captured_queries
                if query["sql"].startswith('DELETE FROM "projects_projectfacts"')]
    assert len(rewrites) == 1
    assert_current(project)
    assert PisteFacts.objects.filter(project=project, piste=piste).exists()
    assert PartnerFacts.objects.filter(project=project, collectivity=lyon_commune).exists()


def test_lists_read_each_projects_budget_from_its_stored_facts(lyon_commune):
    quebec = make_quebec_city()
    euros_only = make_project(lyon_commune, quebec, title="Euros")
    both = make_project(lyon_commune, quebec, title="Deux devises")
    for project, lines in ((euros_only, [("100.10", "EUR"), ("0.90", "EUR")]),
                           (both, [("10", "EUR"), ("15.50", "CAD"), ("4.50", "CAD")])):
        for amount, currency in lines:
            BudgetLine.objects.create(project=project, source="Région", amount=Decimal(amount), currency=currency)
    ProjectFacts.objects.filter(project=euros_only).update(eur=Decimal("999"))  # behind the signals' back

    listed = {project.title: project for project in Project.objects.filter(pk__in=[euros_only.pk, both.pk]).for_list()}
    assert "budget_lines" not in listed["Euros"]._prefetched_objects_cache
    assert listed["Euros"].budget_by_currency() == {"EUR": Decimal("999")}  # the stored figure, not the lines
    assert listed["Deux devises"].budget_by_currency() == {"CAD": Decimal("20.00"), "EUR": Decimal("10.00")}
    # A project read otherwise sums its lines.
    assert Project.objects.get(pk=euros_only.pk).budget_by_currency() == {"EUR": Decimal("101.00")}
    # Without a stored row (facts never computed), the list falls back on the lines.
    ProjectFacts.objects.filter(project=both).delete()
    again = Project.objects.filter(pk=both.pk).for_list().get()
    assert again.budget_by_currency() == {"CAD": Decimal("20.00"), "EUR": Decimal("10.00")}


def test_a_collectivity_moved_by_the_registry_import_moves_in_the_figures(tmp_path, lyon_commune):
    from territories.importers import import_files
    from territories.models import Collectivity
    from territories.tests.test_import_cog_csv import V_COMMUNE, V_DEPARTEMENT, V_REGION

    files = {"v_region_2024.csv": V_REGION, "v_departement_2024.csv": V_DEPARTEMENT,
             "v_commune_2024.csv": V_COMMUNE}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [tmp_path / name for name in files]
    import_files(paths)
    lyon = Collectivity.objects.current().get(side=Side.FRANCE, kind=Kind.COMMUNE, code="69123")
    project = make_project(lyon, make_quebec_city())
    regions = lambda: set(PartnerFacts.objects.filter(project=project, side="fr").values_list(  # noqa: E731
        "region__code", flat=True))
    assert regions() == {"84"}

    # The next vintage puts Lyon in région 01: the import refreshes the project's figures.
    (tmp_path / "v_commune_2024.csv").write_text(
        V_COMMUNE.replace("COM,69123,84,69,", "COM,69123,01,69,"), encoding="utf-8")
    import_files(paths)
    assert Collectivity.objects.get(pk=lyon.pk).region.code == "01"
    assert regions() == {"01"}
    assert_current(project)


def test_a_collectivity_saved_with_another_region_moves_in_the_figures(lyon_commune, region, monkeypatch):
    quebec = make_quebec_city()
    projects = [make_project(lyon_commune, quebec, title=f"Projet {n}") for n in range(3)]
    assert PartnerFacts.objects.get(project=projects[0], side="fr").region_id is None
    refreshed = []
    real_refresh = facts.refresh
    monkeypatch.setattr(facts.PROJECT_FACTS, "refresh",
                        lambda ids, **kw: (refreshed.append(sorted(ids)), real_refresh(ids, **kw)))

    lyon_commune.name = "Lyon (69)"
    lyon_commune.save()
    assert refreshed == []  # same région: nothing to refresh

    lyon_commune.region = region
    lyon_commune.save()
    assert refreshed == [sorted(project.pk for project in projects)]  # its projects, together
    for project in projects:
        assert PartnerFacts.objects.get(project=project, side="fr").region_id == region.pk
        assert_current(project)
