"""Dates and times as a French reader expects them, on both sides (core/dates.py and the
`dates` template filters)."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core import dates

SIDES = pytest.mark.parametrize("language", ["fr", "fr-ca"])


@SIDES
def test_the_first_of_the_month_is_1er(language):
    with translation.override(language):
        assert dates.long_date(datetime.date(2016, 1, 1)) == "1er janvier 2016"
        assert dates.short_date(datetime.date(2016, 1, 1)) == "1er janv. 2016"
        assert dates.long_date(datetime.date(2016, 1, 2)) == "2 janvier 2016"
        assert dates.long_date(datetime.date(2016, 1, 11)) == "11 janvier 2016"


@SIDES
def test_short_dates_abbreviate_months_the_french_way(language):
    expected = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    with translation.override(language):
        written = [dates.short_date(datetime.date(2023, month, 15)) for month in range(1, 13)]
    assert written == [f"15 {month} 2023" for month in expected]


@SIDES
def test_times_are_written_with_h_and_two_digit_minutes(language):
    with translation.override(language):
        assert dates.time_of_day(datetime.time(14, 30)) == "14 h 30"
        assert dates.time_of_day(datetime.time(9, 0)) == "9 h 00"
        assert dates.time_of_day(datetime.datetime(2023, 2, 15, 0, 5)) == "0 h 05"


def test_date_and_time_together():
    moment = datetime.datetime(2016, 1, 1, 14, 30)
    with translation.override("fr"):
        assert dates.long_datetime(moment) == "1er janvier 2016 à 14 h 30"
        assert dates.short_datetime(moment) == "1er janv. 2016 à 14 h 30"


def test_the_functions_write_the_clock_they_are_given():
    # 11:00 UTC is noon in Paris and 7 a.m. in Montréal in March: the caller picks the zone.
    instant = datetime.datetime(2030, 3, 16, 11, 0, tzinfo=datetime.UTC)
    with translation.override("fr"):
        assert dates.short_datetime(instant.astimezone(ZoneInfo("Europe/Paris"))) == "16 mars 2030 à 12 h 00"
        assert dates.short_datetime(instant.astimezone(ZoneInfo("America/Toronto"))) == "16 mars 2030 à 7 h 00"


def render(source: str, **context) -> str:
    return Template("{% load dates tz %}" + source).render(Context(context))


def test_the_filters_read_datetimes_in_the_readers_zone():
    instant = datetime.datetime(2023, 2, 14, 23, 30, tzinfo=datetime.UTC)
    with translation.override("fr"), timezone.override(ZoneInfo("Europe/Paris")):
        assert render("{{ when|short_date }}", when=instant) == "15 févr. 2023"
        assert render("{{ when|long_datetime }}", when=instant) == "15 février 2023 à 0 h 30"
        assert render("{{ when|time_of_day }}", when=instant) == "0 h 30"
    with translation.override("fr"), timezone.override(ZoneInfo("America/Toronto")):
        assert render("{{ when|short_datetime }}", when=instant) == "14 févr. 2023 à 18 h 30"


def test_a_timezone_filter_before_wins():
    instant = datetime.datetime(2023, 2, 14, 23, 30, tzinfo=datetime.UTC)
    with translation.override("fr"), timezone.override(ZoneInfo("Europe/Paris")):
        assert render('{{ when|timezone:"America/Toronto"|short_datetime }}', when=instant) == "14 févr. 2023 à 18 h 30"


def test_a_missing_date_is_empty_so_that_default_applies():
    with translation.override("fr"):
        assert render('{{ when|long_date|default:"sans date de fin" }}', when=None) == "sans date de fin"
        assert render("[{{ when|short_date }}]", when="") == "[]"
