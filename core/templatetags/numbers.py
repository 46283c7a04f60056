"""Counts and measured quantities the way a French reader writes them: « 21 entreprises »
(not « 21,00 »), « 1 500 tonnes », « 12,5 km ». Amounts of money: money.py."""
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def quantity(value) -> str:
    """`{{ measurement.value|quantity }}`: thousands grouped as the reader's side groups them
    (a narrow no-break space in France, a no-break space in Québec), the decimal comma only
    for a fraction, without trailing zeros (the models store two decimals for every value)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        decimals = 0
    else:
        decimals = -number.normalize().as_tuple().exponent
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
