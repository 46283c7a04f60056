"""`{% load dates %}`: the filters of core/dates.py, datetimes read in the reader's zone,
empty for a missing value (`{{ project.end_date|long_date|default:"—" }}`)."""
import datetime

from django import template
from django.utils.timezone import template_localtime

from core import dates

register = template.Library()


def _filter(function):
    def apply(value):
        if value in (None, ""):
            return ""
        # The reader's zone, unless a |timezone filter already chose one (as Django's |date).
        return function(template_localtime(value) if isinstance(value, datetime.datetime) else value)

    apply.__doc__ = function.__doc__
    return register.filter(function.__name__, apply, is_safe=False)


long_date = _filter(dates.long_date)
short_date = _filter(dates.short_date)
time_of_day = _filter(dates.time_of_day)
long_datetime = _filter(dates.long_datetime)
short_datetime = _filter(dates.short_datetime)
