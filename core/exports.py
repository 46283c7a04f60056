"""Exports of lists as CSV (semicolon-separated, UTF-8 with BOM, as French spreadsheets
expect) and XLSX. Every list page offers both through `export_response`.

Every text cell is neutralised against formula injection (OWASP, "CSV injection"): a
spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so such a text gets a leading single quote and is written as text. Numbers stay
numbers (a negative amount is a number, not a formula)."""
import csv
from collections.abc import Callable, Iterable
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

Column = tuple[str, Callable[[object], object]]  # (header, value of a row)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(rows: Iterable, columns: list[Column], filename: str, fmt: str) -> HttpResponse:
    """A download of `rows` in `fmt` ("csv" or "xlsx"), one column per (header, getter).

    No text cell, header included, can be read as a formula by a spreadsheet."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([_cell(header) for header, _ in columns])
        for row in rows:
            sheet.append([_cell(getter(row)) for _, getter in columns])
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if fmt != "csv":
        raise ValueError(f"Format d'export inconnu : {fmt}")
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([_text(header) for header, _ in columns])
        for row in rows:
            yield writer.writerow([_text(getter(row)) for _, getter in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def neutralise(text: str) -> str:
    """`text`, prefixed with a single quote if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal))


def _cell(value):
    if value is None:
        return ""
    if _is_number(value):
        return value
    # openpyxl refuses control characters in a cell (IllegalCharacterError): drop them.
    # What is left cannot start with "=" once neutralised, so openpyxl types it "s", not "f".
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _text(value) -> str:
    if value is None:
        return ""
    # French spreadsheets read "1234,5" as a number; keep decimals in that form.
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))
