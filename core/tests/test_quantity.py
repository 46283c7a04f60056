"""Counts without decimals, thousands grouped the way each side groups them."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.numbers import quantity

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(("language", "grouping"), [("fr", NNBSP), ("fr-ca", NBSP)])
def test_whole_quantities_have_no_decimals_and_grouped_thousands(language, grouping):
    with translation.override(language):
        assert quantity(Decimal("21.00")) == "21"
        assert quantity(Decimal("1500.00")) == f"1{grouping}500"
        assert quantity(1234567) == f"1{grouping}234{grouping}567"
        assert quantity(Decimal("0.00")) == "0"
        assert quantity(Decimal("-1500")) == f"-1{grouping}500"


def test_a_fraction_keeps_its_decimal_comma_without_trailing_zeros():
    with translation.override("fr"):
        assert quantity(Decimal("12.50")) == "12,5"
        assert quantity(Decimal("1500.25")) == f"1{NNBSP}500,25"
        assert quantity(2.5) == "2,5"


def test_a_missing_value_is_empty():
    assert quantity(None) == ""
    assert quantity("") == ""


def test_in_a_template():
    with translation.override("fr"):
        rendered = Template("{% load numbers %}{{ n|quantity }} entreprises").render(Context({"n": Decimal("21.00")}))
    assert rendered == "21 entreprises"
