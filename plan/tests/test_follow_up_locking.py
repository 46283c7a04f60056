"""The secretariat follows a piste up in two tabs: the stale save is refused (core/locking.py)."""
import html
import re

from django.urls import reverse

from plan.models import Piste

PISTE = reverse("plan:piste", args=["2008-2010", "dd-1"])
FOLLOW_UP = reverse("plan:piste_follow_up", args=["2008-2010", "dd-1"])


def test_a_stale_follow_up_is_refused_with_who_changed_what(client, personas, plan_2008):
    client.force_login(personas["secretariat"])
    read = re.search(r'name="version" value="(\d+)"', client.get(PISTE).content.decode())[1]
    first = client.post(FOLLOW_UP, {"status": "en_cours", "responsible_body": "Comité", "version": read})
    assert first.status_code == 302

    response = client.post(FOLLOW_UP, {"status": "realisee", "responsible_body": "", "version": read})

    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "une modification a été enregistrée par secretariat le" in page
    assert "État de suivi : « Pas amorcée » → « En cours »" in page
    assert "Instance responsable : « — » → « Comité »" in page
    assert Piste.objects.values_list("status", "version").get(code="dd-1") == ("en_cours", 2)
    assert client.post(FOLLOW_UP, {"status": "realisee", "responsible_body": "", "version": "2"}).status_code == 302
    assert Piste.objects.values_list("status", "version").get(code="dd-1") == ("realisee", 3)
