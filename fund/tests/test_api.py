from decimal import Decimal

import pytest

from core.testing.matrix import check_routes, login_clients
from fund import actions
from fund.models import Application

from .factories import make_application, make_call, make_envelopes
from .route_rows import ROWS

pytestmark = pytest.mark.django_db


def test_the_fund_routes_for_every_persona(application, personas):
    # The API's rows; the pages' and the feeds' need their own data (test_pages_matrix.py…).
    check_routes([row for row in ROWS if row.path.startswith("/api/")], login_clients(personas), {})


def test_envelopes_answer_amounts_as_decimal_strings_in_their_currency(selected, personas, client):
    actions.decide(selected, side="qc", by=personas["secretariat"], amounts={2027: Decimal("12000.50")})
    body = client.get("/api/v1/fund/envelopes?year=2027&side=qc").json()
    assert body == {"count": 1, "items": [{
        "year": 2027, "side": "qc", "currency": "CAD", "amount": "225000.00", "committed": "12000.50",
        "disbursed": "0.00", "remaining": "212999.50"}]}
    assert client.get("/api/v1/fund/envelopes").json()["count"] == 4
    assert client.get("/api/v1/fund/envelopes?side=other").json()["detail"].startswith("Paramètre « side »")


@pytest.mark.parametrize("n", [1, 5])
def test_envelopes_run_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    make_envelopes(*range(2000, 2000 + n))
    with django_assert_num_queries(2):  # count, page (committed and disbursed as subqueries)
        assert client.get("/api/v1/fund/envelopes").json()["count"] == 2 * n


@pytest.mark.parametrize("n", [1, 5])
def test_calls_run_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    for index in range(n):
        make_call(title=f"Appel {index}")
    with django_assert_num_queries(3):  # count, page, themes
        body = client.get("/api/v1/fund/calls").json()
    assert body["count"] == n
    item = body["items"][0]
    assert item["themes"] == ["Jeunesse", "Développement durable"]
    assert (item["cap_eur"], item["cap_cad"], item["is_open"]) == ("16000.00", "20000.00", True)


def test_anonymous_callers_get_401_on_applications(application, client):
    response = client.get("/api/v1/fund/applications")
    assert response.status_code == 401
    assert response.json() == {"detail": "Connectez-vous pour lire les demandes de financement."}


def _titles(client, user, query=""):
    client.force_login(user)
    return sorted(item["title"] for item in client.get(f"/api/v1/fund/applications{query}").json()["items"])


def test_each_persona_reads_the_applications_it_may(application, call, personas, client, rhone_alpes_editor,
                                                     lyon_commune, trois_rivieres_ville):
    from projects.tests.factories import make_french_commune, make_quebec_city

    other = make_application(call, make_french_commune(), make_quebec_city(), title="Autre demande")
    everything = ["Autre demande", "Jeunes ambassadeurs"]
    assert _titles(client, personas["secretariat"]) == everything
    assert _titles(client, personas["committee"]) == everything
    assert _titles(client, personas["lyon"]) == ["Jeunes ambassadeurs"]
    assert _titles(client, personas["trois_rivieres"]) == ["Jeunes ambassadeurs"]  # a co-applicant
    assert _titles(client, personas["outsider"]) == []
    assert _titles(client, personas["reviewer"]) == []  # not assigned
    # The coordinating body reads the applications of its territory once submitted.
    assert _titles(client, rhone_alpes_editor) == []
    actions.submit(application, by=personas["lyon"])
    assert _titles(client, rhone_alpes_editor) == ["Jeunes ambassadeurs"]
    assert _titles(client, personas["secretariat"], "?stage=deposee") == ["Jeunes ambassadeurs"]
    assert _titles(client, personas["secretariat"], f"?call={call.pk}&stage=brouillon") == ["Autre demande"]
    assert other.stage == "brouillon"


def test_reviewers_read_the_applications_assigned_to_them(under_review, personas, client):
    assert _titles(client, personas["reviewer"]) == ["Jeunes ambassadeurs"]
    item = client.get("/api/v1/fund/applications").json()["items"][0]
    assert item["stage"] == "en_evaluation"
    assert item["lead"] == {"side": "fr", "code": "69123", "name": "Lyon"}


@pytest.mark.parametrize("n", [1, 5])
def test_applications_run_a_fixed_number_of_queries(call, personas, client, django_assert_num_queries, n,
                                                     lyon_commune, trois_rivieres_ville):
    for index in range(n):
        make_application(call, lyon_commune, trois_rivieres_ville, title=f"Demande {index}", complete=False)
    client.force_login(personas["lyon"])
    # session, user, memberships (the editor's collectivities), count, page with call and lead
    with django_assert_num_queries(5):
        assert client.get("/api/v1/fund/applications").json()["count"] == n
    assert Application.objects.count() == n
