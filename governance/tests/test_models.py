"""The governance's rules: meetings alternate sides, parity of the technical committee,
the computed status of an action item, the times in Paris and Montréal."""
import datetime

import pytest

from governance.models import (
    ActionItem, ActionStatus, Meeting, MeetingSide, Membership, local_times, next_meeting_side, parity_is_broken,
    parity_of, proposed_side,
)

from .conftest import PARIS, add_members, make_action_item, make_body, make_decision, make_meeting

FR, QC = MeetingSide.FRANCE, MeetingSide.QUEBEC


def test_the_next_meeting_is_proposed_on_the_other_side_of_the_last_one():
    assert next_meeting_side(Meeting(side=FR)) == QC
    assert next_meeting_side(Meeting(side=QC)) == FR
    assert next_meeting_side(None) == FR


def test_the_proposed_side_follows_the_body_s_latest_meeting_not_its_events(committee):
    assert proposed_side(committee) == FR
    make_meeting(committee, side=FR)
    assert proposed_side(committee) == QC
    make_meeting(committee, title="Comité technique 2010", side=QC,
                 start=datetime.datetime(2010, 10, 20, 9, tzinfo=PARIS))
    assert proposed_side(committee) == FR
    # An event (the Assises) later on does not count, nor another body's meeting.
    make_meeting(None, title="Assises", kind=Meeting.Kind.EVENT, side=QC,
                 start=datetime.datetime(2010, 11, 18, 9, tzinfo=PARIS))
    other = make_body("comite-de-pilotage", kind="steering", name="Comité de pilotage")
    make_meeting(other, title="Pilotage", side=FR, start=datetime.datetime(2011, 1, 5, 9, tzinfo=PARIS))
    assert proposed_side(committee) == FR
    assert proposed_side(other) == QC


def test_parity_counts_current_members_only(committee):
    members = list(Membership.objects.filter(body=committee).current())
    assert parity_of(members) == {"fr": 5, "qc": 5} and not parity_is_broken(members)
    leaving = Membership.objects.filter(body=committee, side=QC).first()
    Membership.objects.filter(pk=leaving.pk).update(start_date=datetime.date(2008, 1, 1),
                                                    end_date=datetime.date(2009, 1, 1))
    members = list(Membership.objects.filter(body=committee).current())
    assert parity_of(members) == {"fr": 5, "qc": 4} and parity_is_broken(members)


def test_a_membership_not_yet_started_is_not_current(committee):
    add_members(committee, 1, 0, start_date=datetime.date(2100, 1, 1))
    assert Membership.objects.filter(body=committee).current().count() == 10


@pytest.mark.parametrize("done, due, status", [
    (False, datetime.date(2010, 3, 31), ActionStatus.OPEN),
    (False, datetime.date(2010, 3, 1), ActionStatus.LATE),
    (True, datetime.date(2010, 3, 1), ActionStatus.DONE),
])
def test_an_action_item_is_late_when_open_past_its_due_date(done, due, status):
    item = ActionItem(text="x", owner="Secrétariat", due_date=due, is_done=done)
    assert item.status(today=datetime.date(2010, 3, 15)) == status


def test_overdue_lists_open_items_past_due_of_a_meeting_or_a_decision(committee):
    meeting = make_meeting(committee)
    late = make_action_item(meeting=meeting, due=datetime.date(2010, 1, 1))
    late_of_decision = make_action_item(decision=make_decision(meeting), due=datetime.date(2010, 2, 1))
    make_action_item(meeting=meeting, due=datetime.date(2010, 1, 1), done=True)
    make_action_item(meeting=meeting, due=datetime.date(2011, 1, 1))
    overdue = ActionItem.objects.overdue(datetime.date(2010, 6, 1))
    assert list(overdue.order_by("due_date")) == [late, late_of_decision]
    assert late_of_decision.source_meeting == meeting
    assert overdue.of_meetings(Meeting.objects.exclude(pk=meeting.pk)).count() == 0


def test_times_are_given_in_paris_and_montreal(settings):
    start = datetime.datetime(2009, 10, 15, 9, 30, tzinfo=PARIS)
    times = local_times(start, start + datetime.timedelta(hours=7, minutes=30))
    assert [(t["zone"], t["start"].strftime("%H:%M"), t["end"].strftime("%H:%M")) for t in times] == [
        ("Europe/Paris", "09:30", "17:00"), ("America/Montreal", "03:30", "11:00")]
    assert times[1]["start"].utcoffset() == datetime.timedelta(hours=-4)


def test_a_meeting_is_stored_in_utc(committee):
    meeting = make_meeting(committee)
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime.datetime(2009, 10, 15, 7, 30, tzinfo=datetime.timezone.utc)
