"""Application.objects.visible_to: one rule for the API and the pages to come."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fund import actions
from fund.models import Application, Coordinator

pytestmark = pytest.mark.django_db


def test_the_body_coordinating_a_co_applicants_territory_reads_it_once_submitted(
        application, call, regions, personas, django_user_model):
    mauricie_editor = django_user_model.objects.create_user("mauricie")
    mauricie_editor.memberships.create(collectivity=regions["qc"])
    Coordinator.objects.filter(call=call, territory=regions["qc"]).update(body=regions["qc"], body_name="")
    assert not Application.objects.visible_to(mauricie_editor).exists()
    actions.submit(application, by=personas["lyon"])
    assert list(Application.objects.visible_to(mauricie_editor)) == [application]
    # …and gives the territory's opinion itself.
    actions.endorse(application, territory=regions["qc"], by=mauricie_editor)


def test_nobody_anonymous_reads_applications(application):
    from django.contrib.auth.models import AnonymousUser

    assert not Application.objects.visible_to(AnonymousUser()).exists()
    assert not Application.objects.visible_to(None).exists()


def test_past_calls_are_recorded_by_the_secretariat_only(call, personas, lyon_commune):
    call.opens_at = timezone.now() - datetime.timedelta(days=400)
    call.closes_at = timezone.now() - datetime.timedelta(days=300)
    call.save()
    with pytest.raises(ValidationError, match="est clos depuis le"):
        actions.create_application(call=call, lead=lyon_commune, by=personas["lyon"], title="Trop tard")
    recorded = actions.create_application(call=call, lead=lyon_commune, by=personas["secretariat"],
                                          title="Projet de 2009")
    assert recorded.created_by == personas["secretariat"]
    with pytest.raises(PermissionDenied):
        actions.create_application(call=call, lead=lyon_commune, by=personas["outsider"], title="Non")
