"""The governance's pages: the bodies with the parity warning, the meetings (upcoming and
past, in Paris and Montréal time), the secretariat's forms with the optimistic lock and
the history, the overdue action items; bounded queries."""
import datetime

import pytest
from django.test import Client

from governance.models import ActionItem, Decision, Meeting, MeetingSide, Membership

from .conftest import PARIS, add_members, make_action_item, make_body, make_decision, make_meeting


def client_of(persona=None):
    client = Client()
    if persona is not None:
        client.force_login(persona)
    return client


def test_the_bodies_list_shows_current_members_and_warns_when_parity_is_broken(committee):
    page = client_of().get("/gouvernance/").content.decode()
    assert "Comité technique" in page and "Membre fr 0" in page and "Parité rompue" not in page
    Membership.objects.filter(body=committee, side=MeetingSide.QUEBEC).first().delete()
    page = client_of().get("/gouvernance/").content.decode()
    assert "Parité rompue" in page and "5 membre(s) en fonction côté France et 4 côté Québec" in page


def test_only_the_technical_committee_is_held_to_parity(db):
    group = make_body("groupe", kind="working_group", name="Groupe tripartite", mandate="Proposer des projets.")
    add_members(group, 2, 0)
    page = client_of().get("/gouvernance/").content.decode()
    assert "Groupe tripartite" in page and "Proposer des projets." in page and "Parité rompue" not in page


@pytest.mark.parametrize("count", [1, 5])
def test_the_bodies_list_takes_a_fixed_number_of_queries(db, django_assert_num_queries, count):
    for number in range(count):
        add_members(make_body(f"instance-{number}", name=f"Instance {number}"), 2, 2)
    # 1 the bodies; 2 their current members (with collectivity and organisation joined).
    with django_assert_num_queries(2):
        assert client_of().get("/gouvernance/").status_code == 200


def test_the_body_page_proposes_the_other_side_for_the_next_meeting(committee, personas):
    make_meeting(committee, side=MeetingSide.FRANCE)
    page = client_of().get("/gouvernance/instances/comite-technique/").content.decode()
    assert "la prochaine est proposée côté Québec" in page and "Programmer une réunion" not in page
    page = client_of(personas["secretariat"]).get("/gouvernance/instances/comite-technique/").content.decode()
    assert "?instance=comite-technique" in page
    assert client_of().get("/gouvernance/instances/inconnue/").status_code == 404


def test_the_meetings_list_splits_upcoming_and_past_and_hides_unpublished_ones(committee, personas):
    make_meeting(committee, title="Réunion passée")
    make_meeting(committee, title="Réunion à venir", start=datetime.datetime(2100, 1, 10, 9, tzinfo=PARIS))
    make_meeting(committee, title="Réunion en préparation", published=False,
                 start=datetime.datetime(2100, 2, 10, 9, tzinfo=PARIS))
    page = client_of().get("/gouvernance/reunions/").content.decode()
    upcoming, past = page.split("Passés")
    assert "Réunion à venir" in upcoming and "Réunion passée" in past
    assert "Réunion en préparation" not in page
    assert "Réunion en préparation" in client_of(personas["committee"]).get("/gouvernance/reunions/").content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_meetings_list_takes_a_fixed_number_of_queries(committee, django_assert_num_queries, count):
    for number in range(count):
        make_meeting(committee, title=f"Réunion {number}", start=datetime.datetime(2009 + number, 10, 1, tzinfo=PARIS))
    # 1 the upcoming meetings, 2 the past ones (each with its body joined).
    with django_assert_num_queries(2):
        assert client_of().get("/gouvernance/reunions/").status_code == 200


def test_the_meeting_page_shows_paris_and_montreal_times_and_its_record(committee):
    meeting = make_meeting(committee, agenda="1. Bilan", minutes="Le comité a siégé.")
    decision = make_decision(meeting, "Le comité adopte le bilan 2009.")
    make_action_item(decision=decision, text="Rédiger le mandat", due=datetime.date(2009, 12, 15))
    make_action_item(meeting=meeting, text="Envoyer le compte rendu", due=datetime.date(2100, 1, 1))
    page = client_of().get(f"/gouvernance/reunions/{meeting.pk}/").content.decode()
    assert "Heure de Paris" in page and "15 octobre 2009 à 9 h 30 – 16 h 30" in page
    assert 'datetime="2009-10-15T03:30:00-04:00"' in page
    assert "Heure de Montréal" in page and "15 octobre 2009 à 3 h 30 – 10 h 30" in page
    for text in ("1. Bilan", "Le comité a siégé.", "Le comité adopte le bilan 2009.", "Rédiger le mandat",
                 "En retard", "Envoyer le compte rendu", "En cours", f"/gouvernance/reunions/{meeting.pk}/calendrier.ics"):
        assert text in page


def test_an_unpublished_meeting_is_a_404_for_the_public(committee, personas):
    meeting = make_meeting(committee, published=False)
    assert client_of().get(f"/gouvernance/reunions/{meeting.pk}/").status_code == 404
    assert client_of(personas["lyon"]).get(f"/gouvernance/reunions/{meeting.pk}/").status_code == 404
    assert client_of(personas["committee"]).get(f"/gouvernance/reunions/{meeting.pk}/").status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_meeting_page_takes_a_fixed_number_of_queries(committee, django_assert_num_queries, count):
    meeting = make_meeting(committee)
    for number in range(count):
        decision = make_decision(meeting, f"Décision {number}", number)
        make_action_item(decision=decision)
        make_action_item(meeting=meeting)
    # 1 the meeting and its body; 2 attendance; 3 decisions, 4 their action items; 5 the meeting's own items.
    with django_assert_num_queries(5):
        assert client_of().get(f"/gouvernance/reunions/{meeting.pk}/").status_code == 200


MEETING_FORM = {"kind": "meeting", "title": "Comité technique 2011", "starts_at": "2011-10-12T09:00",
                "ends_at": "2011-10-12T17:00", "zone": "America/Montreal", "side": "qc", "place": "Québec",
                "agenda": "1. Bilan 2011", "minutes": "", "is_published": "on"}


def test_the_secretariat_schedules_a_meeting_in_montreal_time(committee, personas):
    make_meeting(committee, side=MeetingSide.FRANCE)
    client = client_of(personas["secretariat"])
    form = client.get("/gouvernance/reunions/nouvelle/?instance=comite-technique").content.decode()
    assert 'value="qc" selected' in form  # the other side of the last meeting
    response = client.post("/gouvernance/reunions/nouvelle/", {**MEETING_FORM, "body": committee.pk})
    meeting = Meeting.objects.get(title="Comité technique 2011")
    assert response.status_code == 302 and response.url == f"/gouvernance/reunions/{meeting.pk}/"
    assert meeting.starts_at == datetime.datetime(2011, 10, 12, 13, 0, tzinfo=datetime.timezone.utc)
    assert meeting.history.get().history_user == personas["secretariat"]


def test_the_end_must_follow_the_start(committee, personas):
    response = client_of(personas["secretariat"]).post("/gouvernance/reunions/nouvelle/", {
        **MEETING_FORM, "body": committee.pk, "ends_at": "2011-10-11T09:00"})
    assert response.status_code == 200 and "La fin précède le début." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_edited_meanwhile_is_a_conflict_that_keeps_the_input(committee, personas):
    meeting = make_meeting(committee)
    client = client_of(personas["secretariat"])
    data = {**MEETING_FORM, "body": committee.pk, "version": meeting.version, "title": "Mon titre"}
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1)
    page = client.post(f"/gouvernance/reunions/{meeting.pk}/modifier/", data).content.decode()
    assert "Depuis que vous avez ouvert ce formulaire" in page and "Mon titre" in page
    meeting.refresh_from_db()
    assert meeting.title == "Comité technique 2009"
    response = client.post(f"/gouvernance/reunions/{meeting.pk}/modifier/", {**data, "version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Mon titre" and meeting.history.count() == 2


def test_the_edit_form_shows_the_stored_times_in_paris_time(committee, personas):
    meeting = make_meeting(committee)
    page = client_of(personas["secretariat"]).get(f"/gouvernance/reunions/{meeting.pk}/modifier/").content.decode()
    assert 'value="2009-10-15T09:30"' in page


def test_the_secretariat_records_decisions_and_action_items(committee, personas):
    meeting = make_meeting(committee)
    client = client_of(personas["secretariat"])
    assert client.post(f"/gouvernance/reunions/{meeting.pk}/decisions/ajouter/",
                       {"text": "Le comité crée un groupe de travail.", "position": "1"}).status_code == 302
    decision = Decision.objects.get()
    assert client.post(f"/gouvernance/reunions/{meeting.pk}/actions/ajouter/", {
        "decision": decision.pk, "text": "Rédiger son mandat", "owner": "Secrétariat",
        "due_date": "2009-12-15"}).status_code == 302
    assert client.post(f"/gouvernance/reunions/{meeting.pk}/actions/ajouter/", {
        "decision": "", "text": "Diffuser le compte rendu", "owner": "Secrétariat",
        "due_date": "2009-11-15"}).status_code == 302
    of_decision, of_meeting = ActionItem.objects.order_by("pk")
    assert (of_decision.decision, of_decision.meeting) == (decision, None)
    assert (of_meeting.decision, of_meeting.meeting) == (None, meeting)
    response = client.post(f"/gouvernance/reunions/{meeting.pk}/actions/{of_meeting.pk}/modifier/", {
        "decision": "", "text": "Diffuser le compte rendu", "owner": "Secrétariat", "due_date": "2009-11-15",
        "is_done": "on", "version": of_meeting.version})
    assert response.status_code == 302
    of_meeting.refresh_from_db()
    assert of_meeting.is_done and of_meeting.history.count() == 2
    assert client.post(f"/gouvernance/reunions/{meeting.pk}/decisions/{decision.pk}/modifier/", {
        "text": "Le comité crée le groupe de travail tripartite.", "position": "1",
        "version": decision.version}).status_code == 302


def test_a_decision_of_another_meeting_is_a_404(committee, personas):
    meeting, other = make_meeting(committee), make_meeting(committee, title="Autre")
    decision = make_decision(other)
    item = make_action_item(meeting=other)
    client = client_of(personas["secretariat"])
    assert client.get(f"/gouvernance/reunions/{meeting.pk}/decisions/{decision.pk}/modifier/").status_code == 404
    assert client.get(f"/gouvernance/reunions/{meeting.pk}/actions/{item.pk}/modifier/").status_code == 404


def test_the_overdue_page_lists_late_items_of_readable_meetings(committee, personas):
    published = make_meeting(committee)
    hidden = make_meeting(committee, title="Réunion non publiée", published=False)
    make_action_item(meeting=published, text="Action en retard", due=datetime.date(2010, 1, 1))
    make_action_item(decision=make_decision(hidden), text="Action cachée", due=datetime.date(2010, 1, 1))
    make_action_item(meeting=published, text="Action faite", due=datetime.date(2010, 1, 1), done=True)
    page = client_of().get("/gouvernance/actions/en-retard/").content.decode()
    assert "Action en retard" in page and "Action cachée" not in page and "Action faite" not in page
    page = client_of(personas["committee"]).get("/gouvernance/actions/en-retard/").content.decode()
    assert "Action cachée" in page


@pytest.mark.parametrize("count", [1, 5])
def test_the_overdue_page_takes_a_fixed_number_of_queries(committee, django_assert_num_queries, count):
    meeting = make_meeting(committee)
    for _number in range(count):
        make_action_item(meeting=meeting, due=datetime.date(2010, 1, 1))
        make_action_item(decision=make_decision(meeting), due=datetime.date(2010, 1, 1))
    # 1 the items, their meeting (or their decision's) and its body joined.
    with django_assert_num_queries(1):
        assert client_of().get("/gouvernance/actions/en-retard/").status_code == 200
