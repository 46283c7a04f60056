"""/calendrier.ics: the published meetings and events, and the fund's deadlines; one
entry per meeting to download."""
import datetime

import icalendar
from django.test import Client

from fund.tests.factories import make_call

from .conftest import PARIS, make_meeting


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in feed.walk("VEVENT")}


def test_the_calendar_holds_published_meetings_events_and_the_fund_s_deadlines(committee, personas):
    meeting = make_meeting(committee, agenda="1. Bilan")
    make_meeting(None, title="Assises 2010", kind="event", place="Rhône-Alpes",
                 start=datetime.datetime(2010, 11, 18, 9, tzinfo=PARIS), hours=32)
    make_meeting(committee, title="Réunion en préparation", published=False)
    make_call(title="Appel 2009-2010")
    # The committee reads unpublished meetings, but the feed is the public's.
    found = events(Client().get("/calendrier.ics"))
    assert {"Comité technique 2009", "Assises 2010", "Clôture de l'appel « Appel 2009-2010 »"} <= set(found)
    assert "Réunion en préparation" not in found
    entry = found["Comité technique 2009"]
    assert entry["uid"] == f"reunion-{meeting.pk}@gouvernance.maillage"
    assert entry.decoded("dtstart") == datetime.datetime(2009, 10, 15, 7, 30, tzinfo=datetime.timezone.utc)
    assert entry.decoded("dtend") == datetime.datetime(2009, 10, 15, 14, 30, tzinfo=datetime.timezone.utc)
    assert "heure de Paris" in entry["description"] and "heure de Montréal" in entry["description"]
    assert "3 h 30" in entry["description"] and "1. Bilan" in entry["description"]
    assert str(found["Assises 2010"]["location"]) == "Rhône-Alpes"
    client = Client()
    client.force_login(personas["committee"])
    assert "Réunion en préparation" not in events(client.get("/calendrier.ics"))


def test_one_meeting_s_entry_downloads_as_an_attachment(committee, personas):
    meeting = make_meeting(committee, place="Hôtel de Région, Lyon")
    response = Client().get(f"/gouvernance/reunions/{meeting.pk}/calendrier.ics")
    assert response["Content-Disposition"] == f'attachment; filename="reunion-{meeting.pk}.ics"'
    (entry,) = events(response).values()
    assert str(entry["location"]) == "Hôtel de Région, Lyon"
    assert str(entry["url"]).endswith(f"/gouvernance/reunions/{meeting.pk}/")
    hidden = make_meeting(committee, title="En préparation", published=False)
    assert Client().get(f"/gouvernance/reunions/{hidden.pk}/calendrier.ics").status_code == 404
    client = Client()
    client.force_login(personas["secretariat"])
    assert client.get(f"/gouvernance/reunions/{hidden.pk}/calendrier.ics").status_code == 200
