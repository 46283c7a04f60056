import pytest
from django.urls import reverse

from plan.models import Piste


def test_the_secretariat_sets_status_and_responsible_body_in_the_admin(client, personas, plan_2008):
    piste = Piste.objects.get(code="ci-3")
    client.force_login(personas["secretariat"])
    url = reverse("admin:plan_piste_change", args=[piste.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "amorcee", "responsible_body": "Comité de pilotage", "text": "Autre"})
    assert response.status_code == 302
    piste.refresh_from_db()
    assert (piste.status, piste.responsible_body) == ("amorcee", "Comité de pilotage")
    assert piste.text.startswith("Partager avec les bibliothèques")  # texts are the document's


@pytest.mark.parametrize("name", ["admin:plan_piste_changelist", "admin:plan_axis_changelist", "admin:plan_plan_changelist"])
def test_admin_lists_open_for_the_secretariat(client, personas, plan_2008, name):
    client.force_login(personas["secretariat"])
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("persona", ["committee", "lyon", "outsider"])
def test_admin_is_closed_to_other_personas(client, personas, plan_2008, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("admin:plan_piste_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]
