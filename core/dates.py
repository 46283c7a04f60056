"""Dates and times the way a French reader writes them, on both sides of the Atlantic:
« 1er janvier 2016 », « 15 févr. 2023 », « 14 h 30 » (« 9 h 00 » on the hour, always two
digits for the minutes).

Django's date formats cannot say this: no format character gives the ordinal « 1er », and
its abbreviated months (« fév », or « fév. » in the Associated Press style) are not those
of the French typographic rules (« févr. », « juil. »). The templates use the filters of
core/templatetags/dates.py, the messages built in Python these functions; the format
modules (maillage/formats) keep the numeric forms the date fields read and write.
"""
import datetime

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

ABBREVIATED_MONTHS = {
    1: pgettext_lazy("abbreviated month", "janv."),
    2: pgettext_lazy("abbreviated month", "févr."),
    3: pgettext_lazy("abbreviated month", "mars"),
    4: pgettext_lazy("abbreviated month", "avr."),
    5: pgettext_lazy("abbreviated month", "mai"),
    6: pgettext_lazy("abbreviated month", "juin"),
    7: pgettext_lazy("abbreviated month", "juil."),
    8: pgettext_lazy("abbreviated month", "août"),
    9: pgettext_lazy("abbreviated month", "sept."),
    10: pgettext_lazy("abbreviated month", "oct."),
    11: pgettext_lazy("abbreviated month", "nov."),
    12: pgettext_lazy("abbreviated month", "déc."),
}

DateLike = datetime.date | datetime.datetime


def _day(value: DateLike) -> str:
    return pgettext("first day of the month", "1er") if value.day == 1 else str(value.day)


def long_date(value: DateLike) -> str:
    """« 1er janvier 2016 », « 15 février 2023 »."""
    return f"{_day(value)} {MONTHS[value.month]} {value.year}"


def short_date(value: DateLike) -> str:
    """« 1er janv. 2016 », « 15 févr. 2023 »."""
    return f"{_day(value)} {ABBREVIATED_MONTHS[value.month]} {value.year}"


def time_of_day(value: datetime.datetime | datetime.time) -> str:
    """« 14 h 30 », « 9 h 00 »."""
    return _("%(hour)d h %(minute)02d") % {"hour": value.hour, "minute": value.minute}


def long_datetime(value: datetime.datetime) -> str:
    """« 1er janvier 2016 à 14 h 30 »."""
    return _("%(date)s à %(time)s") % {"date": long_date(value), "time": time_of_day(value)}


def short_datetime(value: datetime.datetime) -> str:
    """« 15 févr. 2023 à 9 h 00 »."""
    return _("%(date)s à %(time)s") % {"date": short_date(value), "time": time_of_day(value)}
