"""The exchange's and the target's own rules: counts add up, dates follow each other, each
side's collectivity is on its side, and something sends and hosts."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from mobility.models import Direction, Exchange, ExchangeKind, Target

from .conftest import make_exchange


def errors_of(exchange) -> dict:
    with pytest.raises(ValidationError) as raised:
        exchange.full_clean()
    return raised.value.message_dict


def exchange(**fields) -> Exchange:
    values = {"title": "Stages", "kind": ExchangeKind.INTERNSHIP, "direction": Direction.FR_TO_QC,
              "sending_body": "Université Lyon 2", "host_body": "UQTR", "start_date": datetime.date(2009, 6, 1),
              "participants": 10}
    return Exchange(**{**values, **fields})


def test_a_complete_exchange_is_valid(lyon_commune, trois_rivieres_ville):
    made = make_exchange(lyon_commune, trois_rivieres_ville, under_18=2, age_18_25=8, women=6, men=4)
    assert made.year == 2009 and made.sending == "Lyon" and made.host == "Trois-Rivières"


def test_it_accepts_a_partial_breakdown_within_the_total(db):
    exchange(age_18_25=7, women=3).full_clean()


def test_it_rejects_a_breakdown_above_the_total(db):
    found = errors_of(exchange(under_18=6, age_18_25=6))
    assert "plus que le total (10)" in found["under_18"][0]


def test_it_rejects_a_complete_breakdown_that_does_not_add_up(db):
    found = errors_of(exchange(women=3, men=4))
    assert "7 participants et non 10" in found["women"][0]


def test_it_rejects_an_end_before_the_start(db):
    found = errors_of(exchange(end_date=datetime.date(2009, 5, 1)))
    assert "précède le début" in found["end_date"][0]


def test_it_needs_a_sender_and_a_host(db):
    found = errors_of(exchange(sending_body="", host_body=" "))
    assert "L'envoi : indiquez une collectivité ou un organisme." in found["sending_body"]
    assert "L'accueil : indiquez une collectivité ou un organisme." in found["host_body"]


def test_each_collectivity_is_on_its_side_of_the_direction(lyon_commune, trois_rivieres_ville):
    found = errors_of(exchange(sending_collectivity=trois_rivieres_ville, host_collectivity=lyon_commune))
    assert "Trois-Rivières est du côté Québec" in found["sending_collectivity"][0]
    assert "Lyon est du côté France" in found["host_collectivity"][0]


def test_it_needs_at_least_one_participant(db):
    assert "participants" in errors_of(exchange(participants=0))


def test_a_target_sets_something_and_says_whether_it_is_met(db):
    with pytest.raises(ValidationError):
        Target(year=2009).full_clean()
    target = Target(year=2009, max_imbalance=5, min_per_direction=10)
    assert target.is_met(12, 10) and not target.is_met(16, 10) and not target.is_met(9, 9)
    assert Target(year=2009, max_imbalance=0).is_met(3, 3)
