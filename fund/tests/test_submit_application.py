import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import actions
from fund.models import Application, Stage, Transition

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def deadline(call):
    call.closes_at = datetime.datetime(2026, 3, 16, 12, 0, tzinfo=PARIS)
    call.opens_at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=PARIS)
    call.save()
    return call.closes_at


def test_the_lead_editor_submits_before_the_deadline(application, personas, deadline):
    just_in_time = deadline - datetime.timedelta(seconds=1)
    actions.submit(application, by=personas["lyon"], now=just_in_time)
    application.refresh_from_db()
    assert (application.stage, application.submitted_at) == (Stage.SUBMITTED, just_in_time)
    log = Transition.objects.get(application=application)
    assert (log.name, log.source, log.target, log.by) == ("submit", Stage.DRAFT, Stage.SUBMITTED, personas["lyon"])
    assert application.history.first().history_user == personas["lyon"]


def test_it_rejects_late_submission_with_the_deadline_in_paris_time(application, personas, deadline):
    with pytest.raises(ValidationError) as error:
        actions.submit(application, by=personas["lyon"], now=deadline + datetime.timedelta(minutes=1))
    assert error.value.messages == [
        "Trop tard : l'appel « Appel 2026-2027 » a fermé le 16 mars 2026 à 12 h 00 (heure de Paris) ; la demande ne "
        "peut plus être déposée."]
    assert Application.objects.get().stage == Stage.DRAFT


def test_it_rejects_late_submission_with_the_deadline_in_montreal_time(application, personas, deadline):
    lyon = personas["lyon"]
    lyon.time_zone = "America/Toronto"
    with pytest.raises(ValidationError, match=r"a fermé le 16 mars 2026 à 7 h 00 \(heure de Montréal\)"):
        actions.submit(application, by=lyon, now=deadline + datetime.timedelta(minutes=1))


def test_it_rejects_submission_at_the_closing_instant(application, personas, deadline):
    with pytest.raises(ValidationError, match="Trop tard"):
        actions.submit(application, by=personas["lyon"], now=deadline)


def test_it_rejects_submission_before_the_call_opens(application, personas, deadline):
    with pytest.raises(ValidationError, match="n'ouvre que le 5 janv. 2026 à 9 h 00"):
        actions.submit(application, by=personas["lyon"], now=datetime.datetime(2026, 1, 5, 8, 59, tzinfo=PARIS))


@pytest.mark.parametrize("persona", ["trois_rivieres", "reviewer", "committee", "outsider"])
def test_only_the_lead_editor_submits(application, personas, persona):
    with pytest.raises(PermissionDenied, match="réservé aux éditeurs de la collectivité cheffe de file"):
        actions.submit(application, by=personas[persona])


def test_a_submitted_application_cannot_be_submitted_again(application, personas):
    actions.submit(application, by=personas["lyon"])
    with pytest.raises(ValidationError) as error:
        actions.submit(application, by=personas["lyon"])
    assert error.value.messages == [
        "« Déposer la demande » n'est pas possible : la demande « Jeunes ambassadeurs » est à l'étape « Déposée », "
        "et cette action ne se fait qu'à l'étape « Brouillon »."]


def test_a_draft_is_saved_as_they_go_and_frozen_once_submitted(application, personas):
    actions.save_draft(application, by=personas["trois_rivieres"], version=application.version, title="Nouveau titre")
    assert Application.objects.get().title == "Nouveau titre"
    actions.submit(application, by=personas["lyon"])
    with pytest.raises(ValidationError, match="seul un brouillon se modifie"):
        actions.save_draft(application, by=personas["lyon"], title="Encore")
    with pytest.raises(PermissionDenied):
        actions.save_draft(application, by=personas["outsider"], title="Encore")


def test_an_editor_creates_a_draft_only_for_their_collectivity(call, personas, lyon_commune, trois_rivieres_ville):
    draft = actions.create_application(call=call, lead=lyon_commune, by=personas["lyon"], title="Projet")
    assert (draft.stage, draft.created_by) == (Stage.DRAFT, personas["lyon"])
    with pytest.raises(PermissionDenied):
        actions.create_application(call=call, lead=trois_rivieres_ville, by=personas["lyon"], title="Projet")
    actions.add_co_applicant(draft, collectivity=trois_rivieres_ville, by=personas["lyon"])
    with pytest.raises(ValidationError, match="fait déjà partie des demandeurs"):
        actions.add_co_applicant(draft, collectivity=trois_rivieres_ville, by=personas["lyon"])
    assert draft.co_applicant_links.get().side == "qc"
