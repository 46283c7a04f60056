"""France and Québec write dates, numbers and amounts differently; `fr-ca` switches."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format

from core.templatetags.money import money

NNBSP = "\u202f"  # France groups thousands with a narrow no-break space
NBSP = "\u00a0"  # Québec (OQLF) with a no-break space; both put one before the symbol


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("fr", "27/11/2026", "27 novembre 2026"),
        ("fr-ca", "2026-11-27", "27 novembre 2026"),
    ],
)
def test_dates_follow_the_side(language, short, long):
    with translation.override(language):
        assert date_format(date(2026, 11, 27), "SHORT_DATE_FORMAT") == short
        assert date_format(date(2026, 11, 27)) == long


def test_quebec_writes_hours_with_h():
    moment = datetime(2026, 11, 27, 14, 30, tzinfo=ZoneInfo("America/Toronto"))
    with translation.override("fr-ca"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-11-27 14 h 30"
    with translation.override("fr"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "27/11/2026 14 h 30"


@pytest.mark.parametrize(("language", "grouping"), [("fr", NNBSP), ("fr-ca", NBSP)])
def test_numbers_use_a_decimal_comma_and_group_thousands(language, grouping):
    with translation.override(language):
        assert number_format(Decimal("1234567.5"), 1, force_grouping=True) == f"1{grouping}234{grouping}567,5"


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [
        ("fr", "EUR", f"1{NNBSP}234,56{NBSP}€"),
        ("fr", "CAD", f"1{NNBSP}234,56{NBSP}${NBSP}CA"),
        ("fr-ca", "CAD", f"1{NBSP}234,56{NBSP}$"),
        ("fr-ca", "EUR", f"1{NBSP}234,56{NBSP}€"),
    ],
)
def test_money_writes_amounts_the_way_each_side_reads_them(language, currency, expected):
    with translation.override(language):
        assert money(Decimal("1234.56"), currency) == expected


def test_money_shows_cents_and_leaves_missing_amounts_empty():
    with translation.override("fr"):
        assert money(Decimal("1234.5"), "EUR") == f"1{NNBSP}234,50{NBSP}€"
        assert money(12, "EUR") == f"12,00{NBSP}€"
        assert money(None, "EUR") == ""
        assert money("", "CAD") == ""


def test_money_rounds_to_the_cent():
    with translation.override("fr"):
        assert money(Decimal("1234.567"), "EUR") == f"1{NNBSP}234,57{NBSP}€"
        assert money(Decimal("0.005"), "CAD") == f"0,01{NBSP}${NBSP}CA"


def test_money_filter_in_a_template():
    template = Template('{% load money %}{{ amount|money }} / {{ amount|money:"CAD" }}')
    with translation.override("fr"):
        rendered = template.render(Context({"amount": Decimal("1500")}))
    assert rendered == f"1{NNBSP}500,00{NBSP}€ / 1{NNBSP}500,00{NBSP}${NBSP}CA"


@pytest.mark.django_db
def test_a_quebec_browser_gets_quebec_formats(client):
    response = client.get("/", headers={"accept-language": "fr-CA,fr;q=0.8"})
    assert '<html lang="fr-ca">' in response.content.decode()


@pytest.mark.django_db
def test_the_language_menu_switches_to_quebec_and_back_without_logging_in(client):
    response = client.post("/i18n/setlang/", {"language": "fr-ca", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="fr-ca">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get("/").content.decode()
