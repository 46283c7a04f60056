"""Exports of lists as CSV (semicolon-separated, UTF-8 with BOM, as French spreadsheets
expect) and XLSX. Every list page offers both through `export_response`."""
import csv
from collections.abc import Callable, Iterable
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse

Column = tuple[str, Callable[[object], object]]  # (header, value of a row)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(rows: Iterable, columns: list[Column], filename: str, fmt: str) -> HttpResponse:
    """A download of `rows` in `fmt` ("csv" or "xlsx"), one column per (header, getter)."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([str(header) for header, _ in columns])
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
        yield "\ufeff" + writer.writerow([str(header) for header, _ in columns])
        for row in rows:
            yield writer.writerow([_text(getter(row)) for _, getter in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return value
    return str(value)


def _text(value) -> str:
    # French spreadsheets read "1234,5" as a number; keep decimals in that form.
    if value is None:
        return ""
    if isinstance(value, float) or hasattr(value, "as_tuple"):
        return str(value).replace(".", ",")
    return str(value)
