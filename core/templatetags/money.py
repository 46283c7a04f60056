"""Amounts in euros and Canadian dollars, written the way each side writes them."""
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import translation
from django.utils.formats import number_format

register = template.Library()

SYMBOLS = {
    # (France, Québec): a French reader needs "$ CA" to tell the dollar apart.
    "EUR": ("€", "€"),
    "CAD": ("$\u00a0CA", "$"),
}


@register.filter
def money(amount, currency: str = "EUR") -> str:
    """`{{ budget|money:"CAD" }}` gives "1 234,56 $ CA" (France) or "1 234,56 $" (Québec)."""
    if amount is None or amount == "":
        return ""
    quebec = (translation.get_language() or "").lower() in {"fr-ca", "fr_ca"}
    symbol = SYMBOLS.get(currency, (currency, currency))[1 if quebec else 0]
    value = number_format(Decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{value}\u00a0{symbol}"
