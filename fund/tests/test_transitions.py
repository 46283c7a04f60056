"""Every declared transition refuses the wrong stage (ValidationError) and the wrong role
(PermissionDenied), in French, and lets its role through."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import transitions
from fund.models import Stage

pytestmark = pytest.mark.django_db

# Who may make each transition, among the personas (the secretariat may make every one).
ALLOWED = {
    "submit": {"lyon"},
    "receive_midterm_report": {"lyon", "trois_rivieres"},
    "receive_final_report": {"lyon", "trois_rivieres"},
    "select": {"committee"},
    "not_select": {"committee"},
}
PERSONAS = ("committee", "reviewer", "lyon", "trois_rivieres", "outsider")


@pytest.mark.parametrize("name", sorted(transitions.TRANSITIONS))
def test_each_transition_checks_stage_and_role(application, personas, name):
    transition = transitions.TRANSITIONS[name]
    wrong = next(stage for stage in Stage.values if stage not in transition.sources)
    application.stage = wrong
    with pytest.raises(ValidationError, match="n'est pas possible"):
        transitions.check(application, name, personas["secretariat"])
    application.stage = transition.sources[0]
    assert transitions.check(application, name, personas["secretariat"]) is transition
    for persona in PERSONAS:
        if persona in ALLOWED.get(name, set()):
            assert transitions.check(application, name, personas[persona]) is transition
        else:
            with pytest.raises(PermissionDenied, match="est réservé"):
                transitions.check(application, name, personas[persona])


def test_endorsing_is_for_the_coordinating_bodys_editors(application, personas, rhone_alpes_editor):
    application.stage = Stage.SUBMITTED
    assert transitions.can(application, "endorse", rhone_alpes_editor)
    assert not transitions.can(application, "endorse", personas["lyon"])

