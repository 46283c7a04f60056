import pytest
from django.urls import reverse

from plan.models import Piste

PISTE = reverse("plan:piste", args=["2008-2010", "dd-1"])
FOLLOW_UP = reverse("plan:piste_follow_up", args=["2008-2010", "dd-1"])
CHANGE = {"status": "en_cours", "responsible_body": "Comité technique"}


def follow_up():
    return Piste.objects.values_list("status", "responsible_body").get(code="dd-1")


def test_the_secretariat_changes_status_and_responsible_body(client, personas, plan_2008):
    client.force_login(personas["secretariat"])
    response = client.post(FOLLOW_UP, CHANGE)
    assert response.status_code == 302 and response["Location"] == PISTE
    assert follow_up() == ("en_cours", "Comité technique")
    assert "Le suivi de la piste dd-1 est enregistré." in client.get(PISTE).content.decode()


def test_the_history_keeps_who_changed_the_follow_up_and_when(client, personas, plan_2008):
    client.force_login(personas["secretariat"])
    client.post(FOLLOW_UP, CHANGE)
    latest = Piste.objects.get(code="dd-1").history.latest()
    assert (latest.history_user, latest.status, latest.responsible_body) == (
        personas["secretariat"], "en_cours", "Comité technique",
    )
    assert latest.history_date is not None


def test_the_piste_text_cannot_be_changed_through_the_form(client, personas, plan_2008):
    text = Piste.objects.get(code="dd-1").text
    client.force_login(personas["secretariat"])
    client.post(FOLLOW_UP, {**CHANGE, "text": "Autre texte", "code": "zz"})
    assert Piste.objects.get(code="dd-1").text == text


def test_an_unknown_status_is_refused_with_a_message(client, personas, plan_2008):
    client.force_login(personas["secretariat"])
    response = client.post(FOLLOW_UP, {"status": "fini", "responsible_body": ""})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert follow_up() == ("pas_amorcee", "")


@pytest.mark.parametrize("persona", ["committee", "reviewer", "lyon", "trois_rivieres", "outsider"])
def test_other_personas_get_403_and_nothing_changes(client, personas, plan_2008, persona):
    client.force_login(personas[persona])
    assert client.post(FOLLOW_UP, CHANGE).status_code == 403
    assert follow_up() == ("pas_amorcee", "")


def test_anonymous_is_sent_to_log_in_and_nothing_changes(client, plan_2008):
    response = client.post(FOLLOW_UP, CHANGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert follow_up() == ("pas_amorcee", "")


def test_the_follow_up_url_only_accepts_post(client, personas, plan_2008):
    client.force_login(personas["secretariat"])
    assert client.get(FOLLOW_UP).status_code == 405


@pytest.mark.parametrize("persona, sees_form", [
    ("anonymous", False), ("committee", False), ("reviewer", False), ("lyon", False), ("outsider", False),
    ("secretariat", True),
])
def test_only_the_secretariat_sees_the_form(client, personas, plan_2008, persona, sees_form):
    if persona != "anonymous":
        client.force_login(personas[persona])
    assert (FOLLOW_UP in client.get(PISTE).content.decode()) is sees_form
