"""The governance in a real browser: the secretariat schedules a meeting through the form
(the side proposed is the other one), downloads its calendar entry and reads it; anyone
downloads the annual report and reads its first page; the bodies list and a meeting page
have no serious or critical axe-core violation."""
import datetime
import io

import icalendar
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.models import Meeting
from tests.browser.fixtures import log_in, serious_violations

from .conftest import PARIS, make_action_item, make_decision, make_meeting


@pytest.fixture
def last_meeting(committee):
    meeting = make_meeting(committee, agenda="1. Bilan\n2. Fonds", minutes="Le comité a siégé.")
    make_action_item(decision=make_decision(meeting), text="Rédiger le mandat", due=datetime.date(2009, 12, 15))
    return meeting


def test_the_secretariat_schedules_a_meeting_and_downloads_its_calendar_entry(page, personas, last_meeting):
    log_in(page, "secretariat")
    page.goto("/gouvernance/instances/comite-technique/")
    page.get_by_role("link", name="Programmer une réunion").click()
    expect(page.get_by_label("Côté qui accueille")).to_have_value("qc")  # the 2009 meeting was in France
    page.get_by_label("Intitulé").fill("Comité technique 2010")
    page.get_by_label("Début").fill("2010-10-20T09:00")
    page.get_by_label("Fin").fill("2010-10-20T16:30")
    page.get_by_label("Heures saisies en").select_option("America/Montreal")
    page.get_by_label("Lieu").fill("Hôtel de ville, Trois-Rivières")
    page.get_by_label("Ordre du jour").fill("1. Bilan 2010\n2. Préparation des Assises")
    page.get_by_label("Publiée").check()
    page.get_by_role("button", name="Enregistrer la réunion").click()
    expect(page.locator("h1")).to_have_text("Comité technique 2010")
    expect(page.get_by_text("20 octobre 2010 à 15 h 00 – 22 h 30")).to_be_visible()  # Paris
    expect(page.get_by_text("20 octobre 2010 à 9 h 00 – 16 h 30")).to_be_visible()  # Montréal
    meeting = Meeting.objects.get(title="Comité technique 2010")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon calendrier (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"reunion-{meeting.pk}.ics"
    with open(download.path(), "rb") as file:
        (event,) = icalendar.Calendar.from_ical(file.read()).walk("VEVENT")
    assert str(event["summary"]) == "Comité technique 2010"
    assert event.decoded("dtstart") == datetime.datetime(2010, 10, 20, 13, 0, tzinfo=datetime.timezone.utc)
    assert event.decoded("dtend") == datetime.datetime(2010, 10, 20, 20, 30, tzinfo=datetime.timezone.utc)
    assert str(event["location"]) == "Hôtel de ville, Trois-Rivières"
    assert "Préparation des Assises" in event["description"]


def test_anyone_downloads_the_annual_report_and_reads_its_first_page(page, last_meeting):
    response = page.request.get("/rapport-annuel/2009.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "Rapport annuel 2009" in first_page
    assert "Projets actifs" in first_page


def test_the_bodies_list_and_a_meeting_page_are_accessible(page, last_meeting):
    make_meeting(None, title="Assises", kind="event", start=datetime.datetime(2010, 11, 18, 9, tzinfo=PARIS))
    for path in ("/gouvernance/", "/gouvernance/reunions/", last_meeting.get_absolute_url(),
                 "/gouvernance/actions/en-retard/"):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert serious_violations(page) == [], path
