"""Every figure of the dashboard against the known answers of the `world` fixture."""
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import make_collectivity
from dashboard.aggregates import Amounts, Filters, Rate, build_dashboard
from projects.forms import filter_projects
from projects.models import BudgetLine, Partner, Project
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db


def dashboard_for(world, user="committee", **filters):
    person = AnonymousUser() if user is None else world.personas[user]
    return build_dashboard(person, Filters(plan=world.plan, **filters))


def piste_totals(board):
    return {row.piste.code: row.counts.total for axis in board.axes for row in axis.pistes}


def test_it_counts_projects_by_status_for_the_committee(world):
    board = dashboard_for(world)
    assert board.overall.total == 4
    assert board.overall.by_status == {"prevu": 1, "en_cours": 2, "suspendu": 0, "termine": 1, "abandonne": 0}
    assert board.unlinked == 1


def test_it_counts_projects_per_piste_and_distinct_projects_per_axis(world):
    board = dashboard_for(world)
    assert piste_totals(board) == {"dd-1": 2, "dd-2": 1, "dd-3": 0, "ci-1": 1, "ci-2": 0}
    dd, ci = board.axes
    assert dd.axis == world.dd and ci.axis == world.ci
    # Écoquartiers is on dd-1 and dd-2 but is one project of the axis.
    assert dd.counts.total == 2
    assert dd.counts.by_status["en_cours"] == 1 and dd.counts.by_status["prevu"] == 1
    assert dd.pistes[0].counts.by_status == {"prevu": 1, "en_cours": 1, "suspendu": 0, "termine": 0, "abandonne": 0}
    assert ci.counts.total == 1 and ci.counts.by_status["termine"] == 1
    assert dd.pistes_with_project == 2 and ci.pistes_with_project == 1


def test_it_lists_the_pistes_without_project(world):
    board = dashboard_for(world)
    assert [piste.code for piste in board.pistes_without_project] == ["dd-3", "ci-2"]
    assert board.piste_count == 5


def test_it_counts_pistes_by_follow_up_status(world):
    dd, ci = dashboard_for(world).axes
    assert dd.pistes_by_status == {"pas_amorcee": 1, "amorcee": 1, "en_cours": 1, "realisee": 0, "abandonnee": 0}
    assert ci.pistes_by_status == {"pas_amorcee": 1, "amorcee": 0, "en_cours": 0, "realisee": 1, "abandonnee": 0}


def test_it_counts_projects_active_per_axis_and_year(world):
    board = dashboard_for(world)
    dd, ci = board.axes
    # The plan's span (2008-2010), not every year since Patrimoine started in 2007.
    assert board.years == [2008, 2009, 2010]
    assert dd.by_year == {2008: 1, 2009: 1, 2010: 1}
    assert ci.by_year == {2008: 1, 2009: 0, 2010: 0}


def test_the_years_are_the_plans_even_when_projects_run_on(world):
    # Jeunesse (2011, no end) and Sans piste (2009, no end) run until today: the chart still
    # shows the plan's three years, not two decades of empty columns.
    board = dashboard_for(world)
    assert len(board.years) == 3
    assert date.today().year not in board.years


def test_it_sums_budgets_per_currency_and_converts_at_todays_rate(world):
    budgets = dashboard_for(world).budgets
    assert [(t.currency, t.amount, t.lines, t.projects) for t in budgets.by_currency] == [
        ("EUR", Decimal("17000.50"), 3, 3),
        ("CAD", Decimal("18000"), 2, 2),
    ]
    assert budgets.rate.cad_per_eur == Decimal("1.47")
    assert budgets.rate.valid_from == date(2024, 1, 1)
    # 17 000,50 € + 18 000 $ / 1,47 and 18 000 $ + 17 000,50 € × 1,47
    assert budgets.total_in_eur == Decimal("29245.40")
    assert budgets.total_in_cad == Decimal("42990.74")


def test_budget_totals_equal_the_sum_of_the_budget_lines(world):
    budgets = dashboard_for(world).budgets
    for total in budgets.by_currency:
        lines = BudgetLine.objects.filter(currency=total.currency)
        assert total.amount == sum(line.amount for line in lines)
    side_sum = Amounts()
    for side in budgets.by_side:
        side_sum.eur += side.amounts.eur
        side_sum.cad += side.amounts.cad
    assert side_sum == budgets.amounts


def test_it_splits_budgets_by_the_funders_side(world):
    by_side = {row.side: (row.amounts.eur, row.amounts.cad) for row in dashboard_for(world).budgets.by_side}
    assert by_side == {
        "fr": (Decimal("10000"), Decimal("0")),
        "qc": (Decimal("0"), Decimal("18000")),
        "": (Decimal("7000.50"), Decimal("0")),
    }


def test_it_uses_the_rate_in_force_on_the_first_of_january_of_the_chosen_year(world):
    budgets = dashboard_for(world, year=2009).budgets
    assert budgets.rate.cad_per_eur == Decimal("1.6") and budgets.rate.valid_from == date(2009, 1, 1)
    # Écoquartiers and Sans piste are active in 2009.
    assert budgets.amounts == Amounts(eur=Decimal("12000.50"), cad=Decimal("15000"))
    assert budgets.total_in_eur == Decimal("21375.50")  # 12 000,50 + 15 000 / 1,6
    assert budgets.total_in_cad == Decimal("34200.80")  # 15 000 + 12 000,50 × 1,6


def test_it_falls_back_to_the_plans_convention_before_the_first_rate(world):
    budgets = dashboard_for(world, year=2007).budgets
    assert budgets.rate.is_plan_convention
    assert budgets.rate.cad_per_eur == Decimal("1.50")
    assert budgets.amounts == Amounts(eur=Decimal("5000"), cad=Decimal("0"))
    assert budgets.total_in_cad == Decimal("7500.00")


def test_it_never_adds_currencies_without_conversion():
    amounts = Amounts(eur=Decimal("100"), cad=Decimal("150"))
    rate = Rate(cad_per_eur=Decimal("1.5"), valid_from=date(2008, 1, 1), reference_date=date(2008, 1, 1))
    assert amounts.in_eur(rate) == Decimal("200.00")
    assert amounts.in_cad(rate) == Decimal("300.00")
    assert Decimal("250") not in (amounts.in_eur(rate), amounts.in_cad(rate))


def test_it_counts_outcomes_against_targets_with_approved_measurements_only(world):
    rows = {row.category: (row.indicators, row.measured, row.reached) for row in dashboard_for(world).outcomes}
    assert rows == {
        "economique": (1, 1, 1),
        "social": (1, 1, 0),
        "culturel": (0, 0, 0),
        "environnemental": (0, 0, 0),
    }


def test_attention_counts_equal_the_projects_flagged_by_each_check(world):
    board = dashboard_for(world)
    flagged = list(Project.objects.with_checks())
    for key, count in board.attention.counts.items():
        assert count == sum(1 for project in flagged if getattr(project, key)), key
    assert board.attention.total == sum(
        1 for project in flagged if any(getattr(project, key) for key in board.attention.counts)
    )
    listed = {project.title: project.checks for project in board.attention.projects}
    assert "lacks_both_sides" in listed["Patrimoine"]
    assert "lacks_both_sides" not in listed.get("Écoquartiers", [])


def test_it_counts_partners_by_region_on_both_sides(world):
    rows = [(row.side, row.name, row.partners, row.projects) for row in dashboard_for(world).regions]
    assert rows == [
        ("fr", "Auvergne-Rhône-Alpes", 1, 3),
        ("fr", "", 1, 1),  # Nantes has no région in the registry
        ("qc", "Mauricie", 1, 2),
        ("qc", "Capitale-Nationale", 1, 1),  # a région partner counts in itself
    ]


def test_a_project_with_two_partners_in_a_region_counts_once_there(world):
    villeurbanne = make_collectivity(Side.FRANCE, Kind.COMMUNE, "69266", "Villeurbanne", country="FR")
    villeurbanne.region = world.ara
    villeurbanne.save()
    Partner.objects.create(project=world.ecoquartier, collectivity=villeurbanne)
    Partner.objects.create(project=world.ecoquartier, collectivity=world.ara)  # the région itself
    rows = {(row.side, row.name): (row.partners, row.projects) for row in dashboard_for(world).regions}
    # Lyon, Villeurbanne and the région: three collectivities, still the same three projects.
    assert rows["fr", "Auvergne-Rhône-Alpes"] == (3, 3)
    assert rows["qc", "Mauricie"] == (1, 2)


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"year": 2009}, {"Écoquartiers", "Sans piste"}),
        ({"year": 2008}, {"Écoquartiers", "Patrimoine"}),
        ({"status": "en_cours"}, {"Écoquartiers", "Sans piste"}),
        ({"side": "fr"}, {"Écoquartiers", "Patrimoine", "Jeunesse"}),
        ({"side": "qc"}, {"Écoquartiers", "Jeunesse", "Sans piste"}),
    ],
)
def test_filters_select_the_matching_projects(world, filters, expected):
    # The projects list with the same filters (each figure links to it) lists them too.
    projects = filter_projects(Project.objects.visible_to(world.personas["committee"]), filters)
    assert set(projects.values_list("title", flat=True)) == expected
    assert dashboard_for(world, **filters).overall.total == len(expected)


def test_region_and_theme_filters(world):
    by_region = dashboard_for(world, region=world.mauricie)
    assert by_region.overall.total == 2
    assert piste_totals(by_region)["dd-1"] == 1
    by_theme = dashboard_for(world, theme="ruralite")
    assert by_theme.overall.total == 1
    assert by_theme.budgets.amounts == Amounts(eur=Decimal("10000"), cad=Decimal("15000"))


def test_year_filter_limits_the_years_of_the_chart(world):
    board = dashboard_for(world, year=2009)
    assert board.years == [2009]
    assert board.axes[0].by_year == {2009: 1}
    assert board.axes[1].by_year == {2009: 0}


@pytest.mark.parametrize(
    "user, total, dd1",
    [
        (None, 3, 1),  # the public: published projects only
        ("outsider", 3, 1),
        ("trois_rivieres", 3, 1),
        ("lyon", 4, 2),  # published ones and the project Lyon's editor created
        ("committee", 4, 2),
        ("secretariat", 4, 2),
    ],
)
def test_figures_cover_only_the_projects_the_user_may_read(world, user, total, dd1):
    board = dashboard_for(world, user=user)
    assert board.overall.total == total
    assert piste_totals(board)["dd-1"] == dd1


def test_the_public_never_sees_unpublished_budgets(world):
    budgets = dashboard_for(world, user=None).budgets
    assert budgets.amounts == Amounts(eur=Decimal("17000.50"), cad=Decimal("15000"))
