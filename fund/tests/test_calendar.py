"""/fonds/calendrier.ics: the calls' openings, closings and reports' deadlines, parsed back
with the icalendar library."""
import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fund.models import Call

from .factories import make_application, make_call

pytestmark = pytest.mark.django_db
URL = "/fonds/calendrier.ics"
UTC = datetime.timezone.utc
OPENS = datetime.datetime(2030, 1, 10, 8, 0, tzinfo=UTC)
CLOSES = datetime.datetime(2030, 3, 16, 11, 0, tzinfo=UTC)
MIDTERM = datetime.datetime(2030, 12, 15, 11, 0, tzinfo=UTC)


def events(client) -> dict[str, icalendar.Event]:
    response = client.get(URL)
    assert response.status_code == 200
    feed = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in feed.walk("VEVENT")}


@pytest.fixture
def call_2030(db):
    return make_call(title="Appel 2030-2031", opens_at=OPENS, closes_at=CLOSES, first_year=2030, last_year=2031,
                     midterm_report_due=MIDTERM)


def test_the_feed_is_icalendar_with_its_content_type(client, call_2030):
    response = client.get(URL)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = icalendar.Calendar.from_ical(response.content)
    assert str(feed["version"]) == "2.0"
    assert "Fonds franco-québécois" in str(feed["prodid"])
    assert str(feed["x-wr-calname"]) == "Fonds franco-québécois : appels à projets et échéances"


def test_each_call_opens_and_closes_at_its_utc_instants_with_a_french_summary(client, call_2030):
    found = events(client)
    opening = found[f"appel-{call_2030.pk}-ouverture@fonds.maillage"]
    closing = found[f"appel-{call_2030.pk}-cloture@fonds.maillage"]
    assert opening.decoded("dtstart") == OPENS
    assert closing.decoded("dtstart") == CLOSES
    assert closing.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert str(opening["summary"]) == "Ouverture de l'appel « Appel 2030-2031 »"
    assert str(closing["summary"]) == "Clôture de l'appel « Appel 2030-2031 »"
    description = str(closing["description"])
    assert "16 mars 2030 à 12 h 00 (heure de Paris)" in description
    assert "16 mars 2030 à 7 h 00 (heure de Montréal)" in description


def test_the_feed_holds_the_utc_instants_as_written(client, call_2030):
    text = client.get(URL).content.decode()
    assert "DTSTART:20300316T110000Z" in text
    assert "\r\n" in text  # the line ends RFC 5545 asks for


def test_public_report_deadlines_are_events_and_missing_ones_are_not(client, call_2030):
    found = events(client)
    midterm = found[f"appel-{call_2030.pk}-rapport-etape@fonds.maillage"]
    assert midterm.decoded("dtstart") == MIDTERM
    assert str(midterm["summary"]) == "Rapports d'étape attendus — appel « Appel 2030-2031 »"
    assert f"appel-{call_2030.pk}-rapport-final@fonds.maillage" not in found


def test_past_calls_stay_in_the_feed_and_uids_do_not_change(client, call_2030):
    past = make_call(title="Appel 2009-2010", opens_at=datetime.datetime(2008, 12, 1, 8, tzinfo=UTC),
                     closes_at=datetime.datetime(2009, 3, 16, 11, tzinfo=UTC), first_year=2009, last_year=2010)
    first = events(client)
    assert f"appel-{past.pk}-cloture@fonds.maillage" in first
    Call.objects.filter(pk=call_2030.pk).update(closes_at=CLOSES + datetime.timedelta(days=7))
    second = events(client)
    assert set(second) == set(first)
    assert second[f"appel-{call_2030.pk}-cloture@fonds.maillage"].decoded("dtstart") == CLOSES + datetime.timedelta(
        days=7)


def test_the_feed_names_no_applicant_and_no_person(client, call_2030, personas, lyon_commune, trois_rivieres_ville):
    make_application(call_2030, lyon_commune, trois_rivieres_ville, title="Projet confidentiel des rives")
    text = client.get(URL).content.decode()
    for private in ("Projet confidentiel des rives", "Lyon", "Trois-Rivières", "@example.org", "lyon"):
        assert private not in text


def test_anyone_reads_it_logged_in_or_not(client, call_2030, personas):
    assert client.get(URL).status_code == 200
    client.force_login(personas["outsider"])
    assert client.get(URL).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_calls(client, call_2030):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    one = count()
    for year in (2032, 2034, 2036):
        make_call(title=f"Appel {year}", first_year=year, last_year=year + 1)
    assert count() == one <= 2  # the calls (and, at most, one query of a middleware)
