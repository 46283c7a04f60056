"""The exports of the meetings and of the action items (CSV and XLSX, core.exports)."""
import datetime
import io

from django.test import Client
from openpyxl import load_workbook

from .conftest import make_action_item, make_decision, make_meeting


def csv_lines(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [line.split(";") for line in text.strip().splitlines()]


def test_the_meetings_export_gives_both_clocks_and_leaves_out_unpublished_ones(committee, personas):
    make_meeting(committee)
    make_meeting(committee, title="En préparation", published=False)
    header, *rows = csv_lines(Client().get("/gouvernance/reunions/export.csv"))
    assert header[:7] == ["Numéro", "Intitulé", "Nature", "Instance", "Début (UTC)", "Début (heure de Paris)",
                          "Début (heure de Montréal)"]
    assert [row[1:7] for row in rows] == [["Comité technique 2009", "Réunion", "Comité technique",
                                           "2009-10-15 07:30", "2009-10-15 09:30", "2009-10-15 03:30"]]
    client = Client()
    client.force_login(personas["committee"])
    workbook = load_workbook(io.BytesIO(client.get("/gouvernance/reunions/export.xlsx").content))
    assert workbook.active.max_row == 3


def test_the_action_items_export_gives_their_status(committee):
    meeting = make_meeting(committee)
    make_action_item(decision=make_decision(meeting, "Créer le groupe"), text="Rédiger le mandat",
                     due=datetime.date(2009, 12, 15))
    make_action_item(meeting=meeting, text="Diffuser", due=datetime.date(2009, 12, 1), done=True)
    make_action_item(decision=make_decision(make_meeting(committee, title="Cachée", published=False)), text="Cachée")
    _header, *rows = csv_lines(Client().get("/gouvernance/actions/export.csv"))
    assert [(row[1], row[4], row[5], row[6]) for row in rows] == [
        ("Diffuser", "Réalisée", "Comité technique 2009", ""),
        ("Rédiger le mandat", "En retard", "Comité technique 2009", "Créer le groupe")]
    assert Client().get("/gouvernance/actions/export.pdf").status_code == 404
