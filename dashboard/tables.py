"""The rows of the dashboard's large tables, written as HTML strings.

The page shows some 1 500 figures, most of them links to the projects they count. Written
by the template engine (a tag, a filter lookup and an escape per value) they took about
40 ms a page; written here, one f-string per cell, about 2 ms. dashboard.html keeps the
tables' captions, headings and text; these functions give their rows.

Guarantees:
- the markup is the one the template wrote, cell for cell;
- every text that comes from the data (piste texts and codes, titles, names) is escaped;
  the rest is numbers and escaped labels;
- each link is the one `{% projects_link %}` gives for the same filters (`ListLinks`);
- counts are written the way the template writes an int: its digits, since the settings
  leave USE_THOUSAND_SEPARATOR off (a test compares with Django's `localize`).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote_plus, urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

from .aggregates import AxisRow, Dashboard, Filters, PisteRow
from .charts import SIDE_LABELS
from .exports import CHECK_LABELS, PISTE_STATUS_LABELS, STATUS_LABELS

# As the template cut them with `truncatechars`.
PISTE_TEXT_LENGTH = 110


class ListLinks:
    """Addresses of the projects list (/projets/) with the dashboard's filters and more."""

    def __init__(self, filters: Filters):
        self.url = reverse("projects:list")
        self.params = filters.project_list_params()

    def href(self, **params) -> str:
        """The list with the dashboard's filters and these ones (an empty value removes a
        filter); a filter given again keeps its place in the query string. Not escaped."""
        query = dict(self.params)
        for key, value in params.items():
            if value in (None, ""):
                query.pop(key, None)
            else:
                query[key] = str(value)
        return f"{self.url}?{urlencode(query)}" if query else self.url

    def pattern(self, *keys: str) -> str:
        """`href` for these keys, escaped for an attribute, as a `str.format` pattern: for
        non-empty values, `pattern("piste").format(piste=quote_plus(code))` equals
        `escape(href(piste=code))`. Tables call it once and format it for each cell, instead
        of building and encoding a query per cell."""
        # No brace to double: urlencode and reverse() percent-encode them.
        query = {key: urlencode({key: value}) for key, value in self.params.items()}
        for key in keys:
            query[key] = f"{key}={{{key}}}"
        return escape(self.url) + "?" + "&amp;".join(query.values())


@dataclass
class AxisTable:
    """An axis' table: the rows of its pistes with a project, those of its pistes without
    any (the page folds them), and its row of distinct projects."""

    axis: AxisRow
    rows: SafeString
    empty_rows: SafeString
    empty_count: int
    totals: SafeString


def dashboard_tables(board: Dashboard) -> dict:
    """The rows of the page's large tables: per axis, its pistes and its totals; projects
    per axis and year (the axes with none apart); pistes per follow-up status; partners per
    région; the projects to watch."""
    links = ListLinks(board.filters)
    # (quoted value, escaped label) of each project status, worked out once a page.
    statuses = {status: (quote_plus(status), escape(str(label))) for status, label in STATUS_LABELS.items()}
    active = [axis for axis in board.axes if any(axis.by_year.values())]
    idle = [axis for axis in board.axes if not any(axis.by_year.values())]
    return {
        "pistes": [_axis_table(axis, links, statuses) for axis in board.axes],
        "years": _year_rows(active, links),
        "years_empty": _year_rows(idle, links),
        "years_empty_count": len(idle),
        "progress": _progress_rows(board),
        "regions": _region_rows(board, links),
        "attention": _attention_rows(board, statuses),
    }


def _axis_table(axis: AxisRow, links: ListLinks, statuses: dict[str, tuple[str, str]]) -> AxisTable:
    empty = [row for row in axis.pistes if not row.counts.total]
    return AxisTable(
        axis=axis,
        rows=_piste_rows([row for row in axis.pistes if row.counts.total], links, statuses),
        empty_rows=_piste_rows(empty, links, statuses),
        empty_count=len(empty),
        totals=_axis_totals(axis, links, statuses),
    )


def _piste_rows(pistes: list[PisteRow], links: ListLinks, statuses: dict[str, tuple[str, str]]) -> SafeString:
    total_link = links.pattern("piste")
    status_link = links.pattern("piste", "status")
    piste_statuses = {status: escape(str(label)) for status, label in PISTE_STATUS_LABELS.items()}
    rows = []
    for row in pistes:
        piste = row.piste
        code, quoted = escape(piste.code), quote_plus(piste.code)
        text = escape(Truncator(piste.text).chars(PISTE_TEXT_LENGTH))
        follow_up = piste_statuses.get(piste.status) or escape(piste.status)
        cells = [
            f'<th scope="row"><span class="code">{code}</span> {text}</th>',
            f"<td>{follow_up}</td>",
            f'<td class="num"><a href="{total_link.format(piste=quoted)}" data-figure="piste-{code}">'
            f"{row.counts.total}</a></td>",
        ]
        for status, count in row.counts.by_status.items():
            value, label = statuses[status]
            cells.append(
                f'<td class="num"><a href="{status_link.format(piste=quoted, status=value)}" '
                f'aria-label="{code}, {label} : {count}">{count}</a></td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return SafeString("\n".join(rows))


def _axis_totals(axis: AxisRow, links: ListLinks, statuses: dict[str, tuple[str, str]]) -> SafeString:
    """The cells of the axis' row of distinct projects (the heading cell is the template's)."""
    slug, quoted = escape(axis.axis.slug), quote_plus(axis.axis.slug)
    counts = axis.counts
    status_link = links.pattern("axis", "status")
    cells = [
        f'<td class="num"><a href="{links.pattern("axis").format(axis=quoted)}" data-figure="axis-{slug}">'
        f"{counts.total}</a></td>"
    ]
    for status, count in counts.by_status.items():
        cells.append(
            f'<td class="num"><a href="{status_link.format(axis=quoted, status=statuses[status][0])}">{count}</a></td>'
        )
    return SafeString("".join(cells))


def _year_rows(axes: list[AxisRow], links: ListLinks) -> SafeString:
    link = links.pattern("axis", "year")
    rows = []
    for axis in axes:
        title, quoted = escape(axis.axis.title), quote_plus(axis.axis.slug)
        cells = "".join(
            f'<td class="num"><a href="{link.format(axis=quoted, year=year)}" '
            f'aria-label="{title}, {year} : {count}">{count}</a></td>'
            for year, count in axis.by_year.items()
        )
        rows.append(f'<tr><th scope="row">{title}</th>{cells}</tr>')
    return SafeString("\n".join(rows))


def _progress_rows(board: Dashboard) -> SafeString:
    rows = []
    for axis in board.axes:
        by_status = "".join(f'<td class="num">{count}</td>' for count in axis.pistes_by_status.values())
        rows.append(
            f'<tr><th scope="row">{escape(axis.axis.title)}</th><td class="num">{len(axis.pistes)}</td>'
            f'<td class="num">{axis.pistes_with_project}</td>{by_status}</tr>'
        )
    return SafeString("\n".join(rows))


def _region_rows(board: Dashboard, links: ListLinks) -> SafeString:
    link = links.pattern("region")
    sides = {side: escape(str(label)) for side, label in SIDE_LABELS.items()}
    unnamed = escape(gettext("Région non renseignée"))
    rows = []
    for row in board.regions:
        projects = (
            f'<a href="{link.format(region=row.region_id)}">{row.projects}</a>' if row.region_id else row.projects
        )
        rows.append(
            f"<tr><td>{sides.get(row.side) or escape(row.side)}</td>"
            f'<th scope="row">{escape(row.name) or unnamed}</th>'
            f'<td class="num" data-figure="region-partners-{row.region_id}">{row.partners}</td>'
            f'<td class="num">{projects}</td></tr>'
        )
    return SafeString("\n".join(rows))


def _attention_rows(board: Dashboard, statuses: dict[str, tuple[str, str]]) -> SafeString:
    checks = {key: escape(str(label)) for key, label in CHECK_LABELS.items()}
    rows = []
    for project in board.attention.projects:
        href = escape(reverse("projects:detail", args=[project.pk]))
        status = statuses[project.status][1] if project.status in statuses else escape(project.status)
        items = "".join(f"<li>{checks[key]}</li>" for key in project.checks)
        rows.append(
            f'<tr><th scope="row"><a href="{href}">{escape(project.title)}</a></th>'
            f'<td>{status}</td><td><ul class="plain">{items}</ul></td></tr>'
        )
    return SafeString("\n".join(rows))
