from decimal import Decimal

import pytest

from fund import actions, figures
from fund.models import Stage
from projects.facts import data_version

from .factories import make_application, make_call, make_envelopes

pytestmark = pytest.mark.django_db


def test_applications_per_stage_and_per_call(application, call, personas, lyon_commune, trois_rivieres_ville):
    make_application(call, lyon_commune, trois_rivieres_ville, title="Deuxième", complete=False)
    other = make_call(title="Appel 2028")
    actions.submit(application, by=personas["lyon"])
    per_stage = figures.applications_per_stage()
    assert list(per_stage) == list(Stage.values)
    assert (per_stage[Stage.DRAFT], per_stage[Stage.SUBMITTED], per_stage[Stage.CLOSED]) == (1, 1, 0)
    per_call = {row.title: row for row in figures.applications_per_call()}
    assert per_call["Appel 2026-2027"].applications == 2
    assert per_call["Appel 2026-2027"].per_stage[Stage.SUBMITTED] == 1
    assert per_call[other.title].applications == 0


def test_remaining_is_the_envelope_less_what_is_committed_never_across_currencies():
    make_envelopes(2026)
    fr, qc = figures.envelope_figures(year=2026)
    assert (fr.side, fr.currency, fr.remaining, qc.currency, qc.remaining) == (
        "fr", "EUR", Decimal("150000.00"), "CAD", Decimal("225000.00"))
    assert str(fr.money("remaining")) == "150\u202f000,00\u00a0€"


def test_leverage_without_commitments_is_empty():
    assert figures.leverage() == {}


def test_a_change_of_the_fund_moves_the_data_version():
    before = data_version()
    make_envelopes(2026)
    assert data_version() > before


def test_a_side_that_refuses_its_share_counts_against_that_side_only(selected, personas):
    actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2026: Decimal("5000")})
    actions.decide(selected, side="qc", by=personas["secretariat"], reasons="Priorités régionales")
    rates = {rate.key: (rate.decided, rate.funded) for rate in figures.success_rates("side")}
    assert rates == {"fr": (1, 1), "qc": (1, 0)}
