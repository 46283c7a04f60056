import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import actions
from fund.models import Stage, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application, personas):
    actions.submit(application, by=personas["lyon"])
    return application


def test_each_territory_is_endorsed_by_its_coordinating_body(submitted, regions, rhone_alpes_editor, personas):
    actions.endorse(submitted, territory=regions["fr"], by=rhone_alpes_editor)
    assert submitted.stage == Stage.SUBMITTED  # the Mauricie has not given its opinion yet
    # The Mauricie's body is named in the call (a CRÉ, no account): the secretariat records it.
    actions.endorse(submitted, territory=regions["qc"], by=personas["secretariat"], note="Lettre de la CRÉ")
    submitted.refresh_from_db()
    assert submitted.stage == Stage.ENDORSED
    assert Transition.objects.filter(application=submitted, target=Stage.ENDORSED).get().note == "Lettre de la CRÉ"


def test_another_body_cannot_endorse(submitted, regions, rhone_alpes_editor, personas):
    with pytest.raises(PermissionDenied, match="Seul l'organisme qui coordonne Mauricie"):
        actions.endorse(submitted, territory=regions["qc"], by=rhone_alpes_editor)
    with pytest.raises(PermissionDenied, match="réservé aux éditeurs de l'organisme qui coordonne"):
        actions.endorse(submitted, territory=regions["fr"], by=personas["lyon"])


def test_an_opinion_is_given_once(submitted, regions, rhone_alpes_editor):
    actions.endorse(submitted, territory=regions["fr"], by=rhone_alpes_editor)
    with pytest.raises(ValidationError, match="déjà enregistré"):
        actions.endorse(submitted, territory=regions["fr"], by=rhone_alpes_editor)


def test_a_draft_is_not_endorsed(application, regions, rhone_alpes_editor):
    with pytest.raises(ValidationError, match="à l'étape « Brouillon »"):
        actions.endorse(application, territory=regions["fr"], by=rhone_alpes_editor)


def _endorsed(application, regions, secretariat):
    for territory in regions.values():
        actions.endorse(application, territory=territory, by=secretariat)
    return application


def test_the_secretariat_runs_eligibility(submitted, regions, personas):
    _endorsed(submitted, regions, personas["secretariat"])
    with pytest.raises(PermissionDenied, match="« Déclarer recevable » est réservé au secrétariat."):
        actions.check_eligibility(submitted, by=personas["committee"])
    assert actions.check_eligibility(submitted, by=personas["secretariat"]) == []
    submitted.refresh_from_db()
    assert submitted.stage == Stage.ELIGIBLE


def test_an_ineligible_application_says_what_to_change(submitted, regions, personas):
    _endorsed(submitted, regions, personas["secretariat"])
    submitted.locations.filter(side="fr").delete()
    problems = actions.check_eligibility(submitted, by=personas["secretariat"])
    assert problems == ["Indiquez au moins un lieu d'activité côté France : les activités doivent se dérouler sur "
                        "les deux territoires."]
    submitted.refresh_from_db()
    assert submitted.stage == Stage.INELIGIBLE
    assert submitted.eligibility_notes == problems[0]
    assert Transition.objects.get(application=submitted, target=Stage.INELIGIBLE).note == problems[0]
