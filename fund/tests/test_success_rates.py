"""The success rates by side, région and theme (fund.figures.success_rates) and the report
that holds them with the applications per stage and per call (fund.figures.report), with
known answers on `world`:

- the région Auvergne-Rhône-Alpes holds Lyon and Villeurbanne; the Mauricie holds
  Trois-Rivières and Shawinigan; the Capitale-Nationale holds Québec;
- A1 Lyon with Trois-Rivières and Villeurbanne: closed, granted by both sides;
- A2 Trois-Rivières with Lyon and Shawinigan: refused by both sides;
- A3 Québec with Lyon: decided, granted by France, refused by Québec;
- A6 the région Auvergne-Rhône-Alpes itself with Shawinigan, in another call whose theme
  "Jeunesse" has the same title: not selected;
- and two without an outcome, counted nowhere: A4 under review, A5 a draft.
"""
from decimal import Decimal

import pytest
from django.core.cache import cache

from conftest import make_collectivity
from fund import figures
from fund.models import Application, Decision, Stage
from territories.models import Kind, Side

from .factories import make_application, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, call, regions, lyon_commune, trois_rivieres_ville):
    villeurbanne = make_collectivity(Side.FRANCE, Kind.COMMUNE, "69266", "Villeurbanne", country="FR",
                                     region=regions["fr"])
    shawinigan = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "36033", "Shawinigan", country="CA",
                                   region=regions["qc"])
    capitale = make_collectivity(Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", country="CA")
    quebec = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec", country="CA", region=capitale)
    other_call = make_call(title="Appel 2024-2025")
    youth, durable = call.themes.get(title="Jeunesse"), call.themes.get(title="Développement durable")
    secretariat = personas["secretariat"]

    def application(title, lead, co_applicants, stage, themes, decisions=(), on=call):
        made = make_application(on, lead, *co_applicants, title=title, complete=False, stage=stage)
        made.themes.set(themes)
        for side, granted in decisions:
            Decision.objects.create(application=made, side=side, granted=granted, decided_by=secretariat,
                                    reasons="" if granted else "Priorités de l'année")
        return made

    application("A1", lyon_commune, [trois_rivieres_ville, villeurbanne], Stage.CLOSED, [youth],
                [("fr", True), ("qc", True)])
    application("A2", trois_rivieres_ville, [lyon_commune, shawinigan], Stage.REFUSED, [youth, durable],
                [("fr", False), ("qc", False)])
    application("A3", quebec, [lyon_commune], Stage.DECIDED, [durable], [("fr", True), ("qc", False)])
    application("A4", lyon_commune, [trois_rivieres_ville], Stage.UNDER_REVIEW, [youth])
    application("A5", lyon_commune, [trois_rivieres_ville], Stage.DRAFT, [youth])
    application("A6", regions["fr"], [shawinigan], Stage.NOT_SELECTED, [other_call.themes.get(title="Jeunesse")],
                on=other_call)
    return {"other_call": other_call, "villeurbanne": villeurbanne}


def rates(by):
    return {rate.label: (rate.decided, rate.funded, rate.rate) for rate in figures.success_rates(by)}


def test_by_side_an_application_counts_for_each_side_of_its_applicants_funded_when_that_side_granted(world):
    assert rates("side") == {"France": (4, 2, Decimal("50.0")), "Québec": (4, 1, Decimal("25.0"))}


def test_by_region_an_application_counts_once_in_each_region_of_its_applicants(world):
    # A1's lead and co-applicant Villeurbanne, A2's lead and Shawinigan share a région: once.
    assert rates("region") == {
        "Auvergne-Rhône-Alpes": (4, 2, Decimal("50.0")), "Capitale-Nationale": (1, 1, Decimal("100.0")),
        "Mauricie": (3, 1, Decimal("33.3"))}
    assert [(rate.label, rate.side) for rate in figures.success_rates("region")] == [
        ("Auvergne-Rhône-Alpes", "fr"), ("Capitale-Nationale", "qc"), ("Mauricie", "qc")]


def test_by_theme_the_same_title_in_two_calls_is_one_theme(world):
    assert rates("theme") == {"Développement durable": (2, 1, Decimal("50.0")), "Jeunesse": (3, 1, Decimal("33.3"))}


def test_an_application_keeps_the_region_its_applicants_had_when_it_was_made(world, regions, call, lyon_commune,
                                                                             trois_rivieres_ville):
    elsewhere = make_collectivity(Side.FRANCE, Kind.REGION, "11", "Île-de-France", country="FR")
    lyon_commune.region = elsewhere
    lyon_commune.save()
    assert rates("region")["Auvergne-Rhône-Alpes"] == (4, 2, Decimal("50.0"))
    make_application(call, lyon_commune, trois_rivieres_ville, title="A7", complete=False, stage=Stage.INELIGIBLE)
    assert rates("region")["Île-de-France"] == (1, 0, Decimal("0.0"))
    assert rates("region")["Mauricie"] == (4, 1, Decimal("25.0"))


def test_without_an_outcome_there_is_no_rate(call, lyon_commune, trois_rivieres_ville):
    make_application(call, lyon_commune, trois_rivieres_ville, complete=False, stage=Stage.UNDER_REVIEW)
    assert all(figures.success_rates(by) == [] for by in figures.SUCCESS_GROUPS)


def test_the_success_rates_make_the_same_queries_whatever_the_number_of_applications(
        world, call, lyon_commune, trois_rivieres_ville, django_assert_num_queries):
    # Read from the stored figures (CallFacts): one grouped query; the régions' names too.
    for by, queries in (("side", 1), ("region", 2), ("theme", 1)):
        with django_assert_num_queries(queries):
            figures.success_rates(by)
    for index in range(5):
        make_application(call, lyon_commune, trois_rivieres_ville, title=f"Plus {index}", complete=False,
                         stage=Stage.NOT_SELECTED)
    for by, queries in (("side", 1), ("region", 2), ("theme", 1)):
        with django_assert_num_queries(queries):
            figures.success_rates(by)
    # Computing them (fund.figures.compute, what a change refreshes) is seven grouped
    # queries for one call or all of them, plus the one that finds the calls.
    with django_assert_num_queries(8):
        figures.compute([call.pk, world["other_call"].pk])


def test_the_report_holds_the_stages_summed_over_the_calls_drafts_only_when_asked(world, call):
    cache.clear()
    public, full = figures.report(drafts=False), figures.report(drafts=True)
    assert full.per_stage == figures.applications_per_stage(drafts=True)
    assert public.per_stage == figures.applications_per_stage(drafts=False)
    assert Stage.DRAFT not in public.per_stage and full.per_stage[Stage.DRAFT] == 1
    per_call = {row.title: row for row in public.per_call}
    assert (per_call[call.title].applications, per_call[call.title].funded, per_call[call.title].not_funded,
            per_call[call.title].pending) == (4, 2, 1, 1)
    assert {row.title: row for row in full.per_call}[call.title].pending == 2  # the draft
    assert per_call[world["other_call"].title].stages_held == [(Stage.NOT_SELECTED.label, 1)]
    assert public.success == {by: figures.success_rates(by) for by in figures.SUCCESS_GROUPS}


def test_the_report_is_cached_until_the_data_changes(world, call, django_assert_num_queries):
    cache.clear()
    figures.report(drafts=False)
    with django_assert_num_queries(1):  # the data version
        again = figures.report(drafts=False)
    assert again.per_stage[Stage.UNDER_REVIEW] == 1
    application = Application.objects.get(title="A4")
    application.stage = Stage.NOT_SELECTED
    application.save()
    fresh = figures.report(drafts=False)
    assert (fresh.per_stage[Stage.UNDER_REVIEW], fresh.per_stage[Stage.NOT_SELECTED]) == (0, 2)
    assert {rate.label: rate.decided for rate in fresh.success["side"]} == {"France": 5, "Québec": 5}
