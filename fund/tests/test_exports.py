"""The fund's exports (applications, envelopes) as CSV and XLSX, and the route × persona
rows of the fund's feeds (route_rows_feeds.py) checked with this data:

- `decided`: Lyon's application (co-applicant Trois-Rivières) decided by both sides
  (France 10 000 € in 2026; Québec 15 000 $ in 2026 and 5 000 $ in 2027), its agreement
  signed and 4 000,50 € paid;
- `other`: Bordeaux's draft with Québec (ville), whose title would be a formula, which
  neither Lyon nor Trois-Rivières may read.
"""
import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import make_collectivity
from core.testing.matrix import check_routes, login_clients
from fund import actions
from territories.models import Kind, Side

from .factories import make_application
from .route_rows_feeds import ROWS

pytestmark = pytest.mark.django_db
APPLICATIONS = "/fonds/export/demandes.{fmt}"
ENVELOPES = "/fonds/export/enveloppes.{fmt}"


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def decided(selected, personas):
    secretariat = personas["secretariat"]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000")})
    actions.decide(selected, side="qc", by=secretariat, amounts={2026: Decimal("15000"), 2027: Decimal("5000")})
    actions.sign_agreement(selected, by=secretariat, signed_on=datetime.date(2026, 1, 15))
    actions.disburse(selected, side="fr", year=2026, amount=Decimal("4000.50"), by=secretariat,
                     paid_on=datetime.date(2026, 2, 1))
    return selected


@pytest.fixture
def other(call):
    bordeaux = make_collectivity(Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux", country="FR")
    quebec = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec", country="CA")
    return make_application(call, bordeaux, quebec, title="=HYPERLINK(\"http://x\")", complete=False)


def titles(client) -> set[str]:
    return {row[2] for row in csv_rows(client.get(APPLICATIONS.format(fmt="csv")))[1:]}


@pytest.mark.parametrize("persona, expected", [
    ("secretariat", {"Jeunes ambassadeurs", "'=HYPERLINK(\"http://x\")"}),
    ("committee", {"Jeunes ambassadeurs", "'=HYPERLINK(\"http://x\")"}),
    ("lyon", {"Jeunes ambassadeurs"}),
    ("trois_rivieres", {"Jeunes ambassadeurs"}),
    ("reviewer", {"Jeunes ambassadeurs"}),  # assigned to it
    ("outsider", set()),
])
def test_each_persona_exports_the_applications_the_api_lists(client, decided, other, personas, persona, expected):
    client.force_login(personas[persona])
    assert titles(client) == expected
    api = client.get("/api/v1/fund/applications").json()
    assert {item["title"] for item in api["items"]} == {title.removeprefix("'") for title in expected}


def test_the_applications_export_gives_the_money_of_each_side_in_its_currency(client, decided, personas):
    client.force_login(personas["secretariat"])
    header, row = csv_rows(client.get(APPLICATIONS.format(fmt="csv")))
    values = dict(zip(header, row))
    assert values["Collectivité cheffe de file"] == "Lyon"
    assert values["Collectivités partenaires"] == "Trois-Rivières"
    assert values["Étape"] == "En cours"
    assert values["Demandé au Fonds, côté France (EUR)"] == "20000,00"
    assert values["Engagé, côté France (EUR)"] == "10000,00"
    assert values["Engagé, côté Québec (CAD)"] == "20000,00"
    assert values["Versé, côté France (EUR)"] == "4000,50"
    assert values["Versé, côté Québec (CAD)"] == "0,00"
    assert values["Apport des collectivités françaises (EUR)"] == "24000,00"


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Toronto"])
def test_the_submission_time_is_given_in_the_readers_time_zone(client, decided, personas, zone):
    user = personas["committee"]
    user.time_zone = zone
    user.save()
    client.force_login(user)
    header, row = csv_rows(client.get(APPLICATIONS.format(fmt="csv")))
    expected = decided.submitted_at.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M")
    assert dict(zip(header, row))["Déposée le"] == expected


def test_the_xlsx_export_keeps_amounts_as_numbers_and_formulas_as_text(client, decided, other, personas):
    client.force_login(personas["secretariat"])
    response = client.get(APPLICATIONS.format(fmt="xlsx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="fonds-demandes.xlsx"' in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    by_title = {row[2]: dict(zip(header, row)) for row in rows}
    assert by_title["Jeunes ambassadeurs"]["Engagé, côté France (EUR)"] == 10000
    assert "'=HYPERLINK(\"http://x\")" in by_title


def test_the_applications_export_reads_a_fixed_number_of_queries(client, decided, call, personas, lyon_commune,
                                                                 trois_rivieres_ville):
    client.force_login(personas["secretariat"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            csv_rows(client.get(APPLICATIONS.format(fmt="csv")))
        return len(queries)

    one = count()
    for index in range(4):
        make_application(call, lyon_commune, trois_rivieres_ville, title=f"Autre {index}")
    assert count() == one


def test_the_envelopes_report_gives_each_year_and_side_in_its_currency(client, decided):
    header, *rows = csv_rows(client.get(ENVELOPES.format(fmt="csv")))
    assert header == ["Année", "Côté", "Devise", "Enveloppe", "Engagé", "Versé", "Reste à engager"]
    assert rows == [
        ["2026", "France", "EUR", "150000,00", "10000,00", "4000,50", "140000,00"],
        ["2026", "Québec", "CAD", "225000,00", "15000,00", "0,00", "210000,00"],
        ["2027", "France", "EUR", "150000,00", "0,00", "0,00", "150000,00"],
        ["2027", "Québec", "CAD", "225000,00", "5000,00", "0,00", "220000,00"],
    ]


def test_the_envelopes_report_agrees_with_the_api(client, decided):
    _header, *rows = xlsx_rows(client.get(ENVELOPES.format(fmt="xlsx")))
    api = client.get("/api/v1/fund/envelopes").json()["items"]
    assert [(row[0], row[2], Decimal(str(row[4])), Decimal(str(row[6]))) for row in rows] == [
        (item["year"], item["currency"], Decimal(item["committed"]), Decimal(item["remaining"])) for item in api]


def test_the_feed_routes_for_every_persona(decided, other, personas):
    check_routes(ROWS, login_clients(personas), {})
