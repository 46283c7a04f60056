"""The attendance sheet of a meeting: the secretariat marks the body's members in office on
the meeting's day and adds guests; the meeting page lists them."""
import datetime

from governance.models import Attendance, MeetingSide, Membership

from .conftest import make_meeting


def test_the_sheet_lists_the_members_in_office_that_day_and_records_members_and_guests(committee, personas, client):
    Membership.objects.create(body=committee, name="Ancienne membre", role="Membre", side=MeetingSide.QUEBEC,
                              end_date=datetime.date(2008, 12, 31))
    meeting = make_meeting(committee)
    client.force_login(personas["secretariat"])
    form = client.get(f"/gouvernance/reunions/{meeting.pk}/presences/").context["form"]
    assert len(form.members) == 10 and "Ancienne membre" not in {member.name for member in form.members}
    first, second = form.members[0], form.members[1]
    response = client.post(f"/gouvernance/reunions/{meeting.pk}/presences/", {
        f"member_{first.pk}": "present", f"member_{second.pk}": "excused",
        "guest_0_name": "Observatrice du ministère", "guest_0_side": "qc", "guest_0_presence": "remote"})
    assert response.status_code == 302
    recorded = {(a.name, a.side, a.presence, a.membership_id) for a in Attendance.objects.filter(meeting=meeting)}
    assert recorded == {(first.name, first.side, "present", first.pk), (second.name, second.side, "excused", second.pk),
                        ("Observatrice du ministère", "qc", "remote", None)}
    page = client.get(f"/gouvernance/reunions/{meeting.pk}/").content.decode()
    assert "Observatrice du ministère (Québec) — À distance" in page
    assert f'href="/gouvernance/reunions/{meeting.pk}/presences/"' in page

    # Shown again, the sheet starts from what is recorded; saved again, it replaces it whole.
    form = client.get(f"/gouvernance/reunions/{meeting.pk}/presences/").context["form"]
    assert form[f"member_{second.pk}"].initial == "excused" and form["guest_0_name"].initial == "Observatrice du ministère"
    client.post(f"/gouvernance/reunions/{meeting.pk}/presences/", {f"member_{second.pk}": "present"})
    assert list(Attendance.objects.filter(meeting=meeting).values_list("name", "presence")) == [(second.name, "present")]


def test_a_guest_without_a_side_is_refused_in_french_and_nothing_changes(committee, personas, client):
    meeting = make_meeting(committee)
    member = committee.memberships.first()
    Attendance.objects.create(meeting=meeting, membership=member, name=member.name, side=member.side)
    client.force_login(personas["secretariat"])
    response = client.post(f"/gouvernance/reunions/{meeting.pk}/presences/", {"guest_0_name": "Jean Invité"})
    assert response.status_code == 200
    assert response.context["form"].errors["guest_0_side"] == ["Indiquez le côté de « Jean Invité » (France ou Québec)."]
    assert list(Attendance.objects.filter(meeting=meeting).values_list("name", flat=True)) == [member.name]


def test_only_the_secretariat_records_the_attendance(committee, personas, client):
    meeting = make_meeting(committee)
    client.force_login(personas["committee"])
    assert client.post(f"/gouvernance/reunions/{meeting.pk}/presences/", {"guest_0_name": "X", "guest_0_side": "fr"}
                       ).status_code == 403
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert "presences/" not in client.get(f"/gouvernance/reunions/{meeting.pk}/").content.decode()
