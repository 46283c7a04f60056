"""The public pages: the calls (window in Paris and Montréal time, caps in their currency,
themes, documents, grid, coordinators) and the envelopes report."""
import datetime
import html
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fund import actions
from projects.models import ExchangeRate

from .factories import make_envelopes

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def dated_call(call):
    call.opens_at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=PARIS)
    call.closes_at = datetime.datetime(2026, 3, 16, 12, 0, tzinfo=PARIS)
    call.save()
    return call


def test_the_call_page_shows_one_window_in_both_time_zones(client, dated_call):
    content = text(client.get(f"/fonds/appels/{dated_call.pk}/"))
    assert "du 5 janvier 2026 à 9 h 00 au 16 mars 2026 à 12 h 00 (heure de Paris)" in content
    assert "du 5 janvier 2026 à 3 h 00 au 16 mars 2026 à 7 h 00 (heure de Montréal)" in content


def test_the_call_page_shows_what_the_call_asks_and_offers(client, call):
    content = text(client.get(f"/fonds/appels/{call.pk}/"))
    for expected in ("16\u202f000,00\u00a0€", "20\u202f000,00\u00a0$\u00a0CA", "Biennal", "de 2026 à 2027, 2 an(s) au plus",
                     "5,00 %", "Jeunesse", "Développement durable", "Accord signé des partenaires",
                     "Délibération du conseil ou, à défaut, Lettre d'intention chiffrée",
                     "Intérêt pour les deux territoires", "Qualité du partenariat",
                     "Auvergne-Rhône-Alpes", "Conférence régionale des élus de la Mauricie"):
        assert expected in content, expected


def test_the_call_list_offers_an_open_calls_page_and_an_editor_a_draft(client, call, personas):
    content = text(client.get("/fonds/"))
    assert call.title in content and "ouvert" in content and "(heure de Montréal)" in content
    client.force_login(personas["lyon"])
    assert f"/fonds/appels/{call.pk}/candidater/" in client.get(f"/fonds/appels/{call.pk}/").content.decode()
    client.force_login(personas["reviewer"])
    assert "/candidater/" not in client.get(f"/fonds/appels/{call.pk}/").content.decode()


def test_the_envelopes_report_gives_each_figure_in_its_currency_and_names_the_rate(client, selected, personas):
    actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2026: Decimal("10000")})
    ExchangeRate.objects.create(valid_from=datetime.date(2020, 1, 1), cad_per_eur=Decimal("1.5"))
    content = text(client.get("/fonds/enveloppes/"))
    # 2026, France: 150 000 € envelope, 10 000 € committed, nothing paid, 140 000 € left.
    assert "150\u202f000,00\u00a0€" in content and "10\u202f000,00\u00a0€" in content and "140\u202f000,00\u00a0€" in content
    assert "225\u202f000,00\u00a0$\u00a0CA" in content
    # Both sides together: 150 000 € + 225 000 $ / 1,5 = 300 000 €, at a rate the page names.
    assert "300\u202f000,00\u00a0€" in content
    assert "taux du 1er janv. 2020 : 1 € = 1,5000 $ CA" in content
    # Leverage: 12 000 € brought by the French collectivities for the 10 000 € of 2026.
    assert "1,20" in content


def test_without_a_rate_the_envelopes_report_converts_nothing_and_says_why(client, db):
    make_envelopes(2026)
    content = text(client.get("/fonds/enveloppes/"))
    assert "Aucun taux de change EUR/CAD n'est en vigueur" in content
    assert "300\u202f000,00" not in content


def test_the_envelopes_report_is_read_from_the_cache_until_a_decision_moves_the_data(
        client, selected, personas, django_assert_max_num_queries):
    ExchangeRate.objects.create(valid_from=datetime.date(2020, 1, 1), cad_per_eur=Decimal("1.5"))
    assert "140\u202f000,00\u00a0€" not in text(client.get("/fonds/enveloppes/"))
    # Read again: the figures come from the cache (the rate and the data version only).
    with django_assert_max_num_queries(2):
        client.get("/fonds/enveloppes/")
    actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2026: Decimal("10000")})
    # The decision moved the data version: the committed amount shows at once.
    assert "140\u202f000,00\u00a0€" in text(client.get("/fonds/enveloppes/"))
