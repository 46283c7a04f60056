import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from governance.models import ActionItem, Body, Decision, Meeting, MeetingSide, Membership

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def fresh_cache():
    # The tableau de bord (and so the annual report) caches its figures by data version.
    cache.clear()
    yield
    cache.clear()


def make_body(slug="comite-technique", kind=Body.Kind.TECHNICAL_COMMITTEE, name="Comité technique", **fields):
    return Body.objects.create(slug=slug, kind=kind, name=name, **fields)


def add_members(body, fr, qc, **fields):
    for side, count in ((MeetingSide.FRANCE, fr), (MeetingSide.QUEBEC, qc)):
        for number in range(count):
            Membership.objects.create(body=body, name=f"Membre {side} {number}", role="Membre", side=side, **fields)


def make_meeting(body=None, *, title="Comité technique 2009", start=datetime.datetime(2009, 10, 15, 9, 30, tzinfo=PARIS),
                 hours=7, side=MeetingSide.FRANCE, published=True, **fields):
    return Meeting.objects.create(body=body, title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=hours),
                                  side=side, is_published=published, place=fields.pop("place", "Lyon"), **fields)


def make_decision(meeting, text="Le comité adopte le bilan.", position=1):
    return Decision.objects.create(meeting=meeting, text=text, position=position)


def make_action_item(*, meeting=None, decision=None, text="Préparer l'appel", due=datetime.date(2010, 3, 31),
                     done=False, owner="Secrétariat"):
    return ActionItem.objects.create(meeting=meeting, decision=decision, text=text, owner=owner, due_date=due,
                                     is_done=done)


@pytest.fixture
def committee(db):
    body = make_body()
    add_members(body, 5, 5)
    return body
