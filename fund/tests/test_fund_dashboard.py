"""The tableau de bord's fund block: per year and side, the envelope, what is committed,
disbursed and remaining, each in its side's currency, from fund.figures; cached with the
dashboard's figures and fresh after every change (the read model moves the data version)."""
import csv
import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fund import actions

from .factories import make_envelopes

pytestmark = pytest.mark.django_db
URL = "/tableau-de-bord/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{re.escape(name)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no figure {name}"
    return unescape(match.group(1)).replace("\u00a0", " ").replace("\u202f", " ").strip()


def section(html: str) -> str:
    match = re.search(r'<section id="fonds".*?</section>', html, re.S)
    assert match
    return unescape(match.group(0)).replace("\u00a0", " ").replace("\u202f", " ")


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def decided(selected, personas):
    """2026 and 2027 envelopes (150 000 €, 225 000 $); France commits 10 000 € for 2026 and
    pays 4 000 €; Québec 15 000 $ for 2026."""
    secretariat = personas["secretariat"]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000")})
    actions.decide(selected, side="qc", by=secretariat, amounts={2026: Decimal("15000")})
    actions.sign_agreement(selected, by=secretariat, signed_on=datetime.date(2026, 1, 15))
    actions.disburse(selected, side="fr", year=2026, amount=Decimal("4000"), by=secretariat,
                     paid_on=datetime.date(2026, 2, 1))
    return selected


def test_each_year_and_side_in_its_own_currency(client, decided):
    html = page(client)
    assert figure(html, "fund-2026-fr-amount") == "150 000,00 €"
    assert figure(html, "fund-2026-fr-committed") == "10 000,00 €"
    assert figure(html, "fund-2026-fr-disbursed") == "4 000,00 €"
    assert figure(html, "fund-2026-fr-remaining") == "140 000,00 €"
    assert figure(html, "fund-2026-qc-committed") == "15 000,00 $ CA"
    assert figure(html, "fund-2026-qc-remaining") == "210 000,00 $ CA"
    assert figure(html, "fund-2027-qc-amount") == "225 000,00 $ CA"


def test_euros_and_dollars_are_never_added(client, decided):
    block = section(page(client))
    for total in ("375 000", "350 000"):  # 150 000 € + 225 000 $, 140 000 € + 210 000 $
        assert total not in block


def test_a_decision_shows_at_once(client, selected, personas):
    client.force_login(personas["committee"])
    assert figure(page(client), "fund-2026-fr-committed") == "0,00 €"
    actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2026: Decimal("7500")})
    assert figure(page(client), "fund-2026-fr-committed") == "7 500,00 €"


def test_the_year_and_side_filters_apply_to_the_envelopes(client, decided):
    block = section(page(client, year=2027, side="qc"))
    assert 'data-figure="fund-2027-qc-amount"' in block
    assert "fund-2026" not in block and "fund-2027-fr" not in block


def test_without_envelopes_the_block_says_so(client, db):
    assert "Aucune enveloppe du Fonds n'est saisie pour ces filtres." in section(page(client))


def test_the_api_gives_the_same_figures_as_the_funds_own_api(client, decided):
    board = client.get("/api/v1/dashboard").json()["fund"]
    envelopes = client.get("/api/v1/fund/envelopes").json()["items"]
    assert [(row["year"], row["side"], row["currency"], Decimal(row["committed"]), Decimal(row["remaining"]))
            for row in board] == [
        (row["year"], row["side"], row["currency"], Decimal(row["committed"]), Decimal(row["remaining"]))
        for row in envelopes]


def test_the_block_exports_as_csv(client, decided):
    response = client.get("/tableau-de-bord/export/fonds.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Année", "Côté", "Devise", "Enveloppe", "Engagé", "Versé", "Reste à engager"]
    assert rows[1] == ["2026", "France", "EUR", "150000,00", "10000,00", "4000,00", "140000,00"]


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client)
    return len(queries)


def test_one_query_for_the_block_whatever_the_number_of_envelopes(client, decided):
    cache.clear()
    two_years = count_queries(client)
    make_envelopes(2028, 2029, 2030)
    cache.clear()
    assert count_queries(client) == two_years
    # Cached with the dashboard's figures: a second visit reads no envelope.
    with CaptureQueriesContext(connection) as queries:
        html = page(client)
    assert figure(html, "fund-2030-qc-amount") == "225 000,00 $ CA"
    assert not [query for query in queries if "fund_envelope" in query["sql"]]
