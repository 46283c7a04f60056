"""GET /api/v1/meetings: published meetings for the public, every one for the committees."""
import datetime

from django.test import Client

from .conftest import PARIS, make_decision, make_meeting


def test_the_public_reads_published_meetings_with_both_clocks(committee):
    meeting = make_meeting(committee)
    make_decision(meeting)
    make_meeting(committee, title="En préparation", published=False)
    body = Client().get("/api/v1/meetings").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["title"] == "Comité technique 2009" and item["body"] == "comite-technique"
    assert item["starts_at"] == "2009-10-15T07:30:00Z" and item["side"] == "fr" and item["decisions"] == 1
    assert [t["starts_at"] for t in item["local_times"]] == ["2009-10-15T09:30:00+02:00", "2009-10-15T03:30:00-04:00"]
    assert item["url"] == f"/gouvernance/reunions/{meeting.pk}/"


def test_the_committee_reads_every_meeting_and_filters_apply(committee, personas):
    make_meeting(committee)
    make_meeting(committee, title="En préparation", published=False,
                 start=datetime.datetime(2010, 10, 20, 9, tzinfo=PARIS))
    make_meeting(None, title="Assises", kind="event", start=datetime.datetime(2010, 11, 18, 9, tzinfo=PARIS))
    client = Client()
    client.force_login(personas["committee"])
    assert client.get("/api/v1/meetings").json()["count"] == 3
    assert [m["title"] for m in client.get("/api/v1/meetings?year=2010").json()["items"]] == ["En préparation", "Assises"]
    assert [m["title"] for m in client.get("/api/v1/meetings?kind=event").json()["items"]] == ["Assises"]
    page = client.get("/api/v1/meetings?limit=1&offset=1").json()
    assert page["count"] == 3 and [m["title"] for m in page["items"]] == ["En préparation"]
    assert client.get("/api/v1/meetings?kind=autre").status_code == 422
    assert client.get("/api/v1/meetings?limit=501").status_code == 422
