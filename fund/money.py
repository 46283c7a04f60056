"""Amounts of the fund: a Decimal with its currency, never a float, never added across
currencies. A conversion goes through projects.models.ExchangeRate and names the rate it
used (its date and value), so that a page can say which one.

Each side pays in its own currency: France in euros, Québec in Canadian dollars."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import short_date
from core.templatetags.money import money as format_amount
from projects.models import Currency, ExchangeRate
from territories.models import Side

CENT = Decimal("0.01")
CURRENCY_OF_SIDE: dict[str, str] = {Side.FRANCE: Currency.EUR, Side.QUEBEC: Currency.CAD}
FUND_SIDES = (Side.FRANCE, Side.QUEBEC)


def currency_of(side: str) -> str:
    """The currency a side of the fund pays in (KeyError for a side the fund has not)."""
    return CURRENCY_OF_SIDE[side]


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float) or not isinstance(self.amount, (Decimal, int)):
            raise TypeError("Money takes a Decimal (or an int), never a float.")
        object.__setattr__(self, "amount", Decimal(self.amount))

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money only adds to Money.")
        if other.currency != self.currency:
            raise ValueError(f"Cannot add {self.currency} and {other.currency}: convert with an ExchangeRate first.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __str__(self) -> str:
        """"1 234,56 €", "1 234,56 $ CA" (France) or "1 234,56 $" (Québec), as
        core/templatetags/money.py writes them."""
        return format_amount(self.amount, self.currency)


@dataclass(frozen=True)
class Conversion:
    """What a conversion gives, with the rate it used: show `rate` beside `result`."""

    original: Money
    result: Money
    rate: ExchangeRate

    def rate_label(self) -> str:
        return _("taux du %(date)s : 1 € = %(rate)s $ CA") % {
            "date": short_date(self.rate.valid_from), "rate": str(self.rate.cad_per_eur).replace(".", ",")}


def rate_on(day: datetime.date) -> ExchangeRate:
    """The rate in force on `day` (the latest `valid_from` on or before it)."""
    rate = ExchangeRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if rate is None:
        raise ValidationError(_("Aucun taux de change EUR/CAD n'est en vigueur le %(date)s : le secrétariat "
                                "doit en saisir un.") % {"date": short_date(day)})
    return rate


def convert(amount: Money, to: str, *, on: datetime.date) -> Conversion:
    """`amount` in currency `to`, at the rate in force `on` that day, rounded to the cent."""
    rate = rate_on(on)
    if amount.currency == to:
        return Conversion(amount, amount, rate)
    if (amount.currency, to) == (Currency.EUR, Currency.CAD):
        value = amount.amount * rate.cad_per_eur
    elif (amount.currency, to) == (Currency.CAD, Currency.EUR):
        value = amount.amount / rate.cad_per_eur
    else:
        raise ValueError(f"Unknown conversion {amount.currency} → {to}")
    return Conversion(amount, Money(value.quantize(CENT, ROUND_HALF_UP), to), rate)
