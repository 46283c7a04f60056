import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fund.money import Money, convert, currency_of
from projects.models import ExchangeRate


def test_it_refuses_floats():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")


def test_it_never_adds_euros_and_dollars():
    with pytest.raises(ValueError, match="ExchangeRate"):
        Money(Decimal("1"), "EUR") + Money(Decimal("1"), "CAD")
    with pytest.raises(ValueError):
        Money(Decimal("1"), "EUR") < Money(Decimal("1"), "CAD")
    assert Money(Decimal("1.50"), "CAD") + Money(Decimal("2"), "CAD") == Money(Decimal("3.50"), "CAD")


def test_each_side_pays_in_its_currency():
    assert (currency_of("fr"), currency_of("qc")) == ("EUR", "CAD")


def test_it_writes_amounts_as_the_money_filter_does():
    assert str(Money(Decimal("16000"), "EUR")) == "16\u202f000,00\u00a0€"
    assert str(Money(Decimal("20000"), "CAD")) == "20\u202f000,00\u00a0$\u00a0CA"


@pytest.mark.django_db
def test_a_conversion_uses_and_names_the_dated_rate():
    ExchangeRate.objects.create(valid_from=datetime.date(2009, 1, 1), cad_per_eur=Decimal("1.5000"))
    ExchangeRate.objects.create(valid_from=datetime.date(2024, 1, 1), cad_per_eur=Decimal("1.4700"))
    conversion = convert(Money(Decimal("100"), "EUR"), "CAD", on=datetime.date(2010, 6, 1))
    assert conversion.result == Money(Decimal("150.00"), "CAD")
    assert conversion.rate.valid_from == datetime.date(2009, 1, 1)
    assert conversion.rate_label() == "taux du 1er janv. 2009 : 1 € = 1,5000 $ CA"
    back = convert(Money(Decimal("147"), "CAD"), "EUR", on=datetime.date(2025, 1, 1))
    assert back.result == Money(Decimal("100.00"), "EUR")


@pytest.mark.django_db
def test_without_a_rate_a_conversion_says_so_in_french():
    with pytest.raises(ValidationError, match="Aucun taux de change EUR/CAD n'est en vigueur le 1er juin 2010"):
        convert(Money(Decimal("100"), "EUR"), "CAD", on=datetime.date(2010, 6, 1))
