"""The report's stored figures (fund.models.CallFacts) stay equal to freshly computed ones
(fund.figures.compute) after a change of each source the read model declares
(fund.figures.CALL_FACTS), made through the ORM as the actions make it, and every such
change moves the data version the cached report is keyed on."""
import pytest

from conftest import make_collectivity
from fund import figures
from fund.models import Application, Call, CallFacts, CallTheme, CoApplicant, Decision, Stage
from projects.facts import data_version
from territories.models import Kind, Side

from .factories import make_application, make_call

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    return sorted(CallFacts.objects.values_list("call_id", "group", "key", "applications", "funded"))


def fresh() -> list[tuple]:
    return sorted((row.call_id, row.group, row.key, row.applications, row.funded)
                  for row in figures.compute(Call.objects.values_list("pk", flat=True)))


@pytest.fixture
def world(personas, call, regions, lyon_commune, trois_rivieres_ville):
    """Two calls: a closed application granted by both sides, a refused one, a draft."""
    other_call = make_call(title="Appel 2024-2025")
    closed = make_application(call, lyon_commune, trois_rivieres_ville, title="Clôturée", complete=False,
                              stage=Stage.CLOSED)
    closed.themes.add(call.themes.get(title="Jeunesse"))
    for side in ("fr", "qc"):
        Decision.objects.create(application=closed, side=side, granted=True, decided_by=personas["secretariat"])
    refused = make_application(other_call, trois_rivieres_ville, lyon_commune, title="Refusée", complete=False,
                               stage=Stage.REFUSED)
    refused.themes.add(other_call.themes.get(title="Jeunesse"))
    make_application(call, lyon_commune, title="Brouillon", complete=False)
    return {"closed": closed, "refused": refused, "other_call": other_call}


def change_stage(world, personas):
    application = world["refused"]
    application.stage = Stage.NOT_SELECTED
    application.save(update_fields=["stage"])


def change_lead(world, personas):
    application = world["refused"]
    application.lead = make_collectivity(Side.FRANCE, Kind.REGION, "11", "Île-de-France", country="FR")
    application.save(update_fields=["lead"])


def add_theme(world, personas):
    world["closed"].themes.add(world["closed"].call.themes.get(title="Développement durable"))


def remove_theme(world, personas):
    world["closed"].themes.remove(world["closed"].call.themes.get(title="Jeunesse"))


def clear_themes(world, personas):
    world["refused"].themes.clear()


def add_co_applicant(world, personas):
    CoApplicant.objects.create(application=world["closed"], collectivity=make_collectivity(
        Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", country="CA"))


def remove_co_applicant(world, personas):
    CoApplicant.objects.filter(application=world["closed"]).delete()


def refuse_a_share(world, personas):
    decision = Decision.objects.get(application=world["closed"], side="qc")
    decision.granted, decision.reasons = False, "Priorités de l'année"
    decision.save()


def delete_a_decision(world, personas):
    Decision.objects.get(application=world["closed"], side="fr").delete()


def rename_a_theme(world, personas):
    theme = CallTheme.objects.get(call=world["closed"].call, title="Jeunesse")
    theme.title = "Jeunesse et citoyenneté"
    theme.save()


def delete_an_application(world, personas):
    Application.objects.get(title="Brouillon").delete()


def create_an_application(world, personas):
    make_application(world["other_call"], world["closed"].lead, title="Nouvelle", complete=False,
                     stage=Stage.INELIGIBLE)


CHANGES = {
    "fund.Application": [change_stage, change_lead, delete_an_application, create_an_application],
    "fund.Application_themes": [add_theme, remove_theme, clear_themes],
    "fund.CoApplicant": [add_co_applicant, remove_co_applicant],
    "fund.Decision": [refuse_a_share, delete_a_decision],
    "fund.CallTheme": [rename_a_theme],
}


def test_every_stored_source_of_the_declaration_has_its_changes_here():
    declared = {dependency.model for dependency in figures.CALL_FACTS.dependencies if not dependency.is_live}
    assert declared == set(CHANGES)


@pytest.mark.parametrize("change", [change for changes in CHANGES.values() for change in changes],
                         ids=lambda change: change.__name__)
def test_the_stored_figures_follow_each_change_of_a_declared_source(world, personas, change):
    assert stored() == fresh() != []
    before = data_version()
    change(world, personas)
    assert stored() == fresh()
    assert data_version() > before


def test_a_deleted_call_leaves_no_figures(world):
    world["refused"].delete()
    world["other_call"].delete()
    assert stored() == fresh()
    assert not CallFacts.objects.filter(call_id=world["other_call"].pk).exists()


def test_refresh_all_rebuilds_what_bulk_writes_left_out(world):
    Application.objects.filter(pk=world["refused"].pk).update(stage=Stage.CLOSED)  # no signal
    assert stored() != fresh()
    figures.refresh_all()
    assert stored() == fresh()


def test_the_report_reads_the_stored_figures(world, client):
    rates = {rate.label: (rate.decided, rate.funded) for rate in figures.report(drafts=False).success["side"]}
    assert rates == {"France": (2, 1), "Québec": (2, 1)}
    assert figures.applications_per_stage(drafts=True)[Stage.DRAFT] == 1
