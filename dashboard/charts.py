"""Charts drawn on the server as accessible SVG.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`;
every bar carries its value as text, so nothing is told by colour alone, and the page
shows the same data as a table next to it. Colours reach WCAG AA contrast on white.

The markup is written with f-strings, every text passed through `html.escape` (numbers
are formatted here): `format_html` for each of the few hundred bars cost 5 ms a page.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.templatetags.money import money

from .aggregates import Dashboard

SIDE_LABELS = {
    "fr": gettext_lazy("France"), "qc": gettext_lazy("Québec"), "other": gettext_lazy("Autre pays"),
    "": gettext_lazy("Non précisé"),
}

INK = "#1b1b1f"
MUTED = "#4a4a55"  # 8.6:1 on white: also the outline of a bar's track
BAR = "#1d3f91"  # 10.4:1 on white
FONT = 'font-family="system-ui, sans-serif"'
_ids = itertools.count(1)


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as a reader reads it: "12", "2 / 3 pistes (67 %)", "10 000,00 €"
    total: float | None = None  # draw the bar as a share of its own total (a track shows the total)


def _svg(width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    number = next(_ids)
    # No style attribute (the Content-Security-Policy forbids inline styles): site.css caps
    # svg.chart at 880 px, its 720-unit width a little enlarged.
    return SafeString(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="chart-{number}-title chart-{number}-desc">'
        f'<title id="chart-{number}-title">{escape(title)}</title><desc id="chart-{number}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _n(number: float) -> str:
    """A coordinate, with one decimal."""
    return f"{number:.1f}"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def bar_chart(*, title: str, desc: str, bars: list[Bar], label_width: int = 250) -> SafeString:
    """Horizontal bars, one per row, each with its label on the left and its value on the right."""
    width, row_height, value_width = 720, 40, 200
    plot = width - label_width - value_width
    top = 8
    height = top + row_height * max(len(bars), 1) + 8
    largest = max([bar.value for bar in bars if bar.total is None] + [0]) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * row_height
        share = (bar.value / bar.total if bar.total else 0) if bar.total is not None else bar.value / largest
        length = max(0.0, min(1.0, share)) * plot
        parts.append(
            f"<g><title>{escape(f'{bar.label} : {bar.text}')}</title>"
            f'<text x="{label_width - 8}" y="{y + 25}" text-anchor="end" fill="{INK}" font-size="15" {FONT}>'
            f"{escape(_shorten(bar.label, label_width // 8))}</text>"
        )
        if bar.total is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{plot}" height="28" fill="#ffffff" stroke="{MUTED}"/>'
            )
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{_n(length)}" height="28" fill="{BAR}"/>'
            f'<text x="{label_width + plot + 8}" y="{y + 25}" fill="{INK}" font-size="15" {FONT}>'
            f"{escape(bar.text)}</text></g>"
        )
    return _svg(width, height, title, desc, "".join(parts))


def year_chart(*, title: str, desc: str, series: list[tuple[str, dict[int, int]]], years: list[int],
               unit: str = "") -> SafeString:
    """Small multiples: one row of columns per series (an axis), one column per year, each
    column with its count written above it and its year below; `unit` (what the counts
    count) is written at the right of each row's name."""
    width, label_height, plot_height, year_height, gap = 720, 26, 120, 22, 18
    left = 8
    column = (width - left * 2) / max(len(years), 1)
    # A column is never wider than 64 units: three years do not make three slabs.
    bar_width = min(column * 0.7, 64)
    largest = max([value for _label, values in series for value in values.values()] + [0]) or 1
    row_height = label_height + plot_height + year_height + gap
    parts = []
    for index, (label, values) in enumerate(series):
        top = index * row_height
        base = top + label_height + plot_height
        name = escape(label)
        parts.append(
            f'<text x="{left}" y="{top + 18}" fill="{INK}" font-size="16" font-weight="600" {FONT}>'
            f"{escape(_shorten(label, 60))}</text>"
            f'<text x="{width - left}" y="{top + 18}" text-anchor="end" fill="{MUTED}" font-size="13" {FONT}>'
            f"{escape(unit)}</text>"
            f'<line x1="{left}" x2="{width - left}" y1="{base}" y2="{base}" stroke="{MUTED}"/>'
        )
        for position, year in enumerate(years):
            value = values.get(year, 0)
            bar_height = (plot_height - 20) * value / largest
            x = left + position * column
            middle = _n(x + column / 2)
            parts.append(
                f"<g><title>{name}, {year} : {value}</title>"
                f'<rect x="{_n(x + (column - bar_width) / 2)}" y="{_n(base - bar_height)}" width="{_n(bar_width)}" '
                f'height="{_n(bar_height)}" fill="{BAR}"/>'
                f'<text x="{middle}" y="{_n(base - bar_height - 4)}" text-anchor="middle" fill="{INK}" font-size="14" '
                f"{FONT}>{value}</text>"
                f'<text x="{middle}" y="{base + 17}" text-anchor="middle" fill="{MUTED}" font-size="13" {FONT}>'
                f"{year}</text></g>"
            )
    height = row_height * max(len(series), 1)
    return _svg(width, height, title, desc, "".join(parts))


def dashboard_charts(board: Dashboard) -> dict[str, SafeString]:
    """The dashboard's charts: projects per axis and year, budget per side, progress of the
    pistes, partners per region."""
    rate = board.budgets.rate
    budget_bars = [
        Bar(
            label=str(SIDE_LABELS[side.side]),
            value=float(side.amounts.in_eur(rate)),
            text=f"≈ {money(side.amounts.in_eur(rate), 'EUR')}",
        )
        for side in board.budgets.by_side
    ]
    progress_bars = [
        Bar(
            label=f"{axis.axis.title}",
            value=axis.pistes_with_project,
            total=len(axis.pistes),
            text=_("%(with)s / %(total)s pistes (%(percent)s %%)") % {
                "with": axis.pistes_with_project, "total": len(axis.pistes),
                "percent": round(100 * axis.pistes_with_project / len(axis.pistes)) if axis.pistes else 0,
            },
        )
        for axis in board.axes
    ]
    region_bars = [
        Bar(
            label=f"{row.name or _('Région non renseignée')} ({SIDE_LABELS.get(row.side, row.side)})",
            value=row.partners,
            text=ngettext("%(n)s partenaire", "%(n)s partenaires", row.partners) % {"n": row.partners},
        )
        for row in board.regions
    ]
    return {
        "axis_years": year_chart(
            title=_("Projets actifs par axe et par année"),
            desc=_("Pour chaque axe, une colonne par année donne le nombre de projets actifs cette année-là ; "
                   "les mêmes chiffres sont dans le tableau qui suit."),
            series=[(axis.axis.title, axis.by_year) for axis in board.axes],
            years=board.years, unit=_("projets actifs par année"),
        ),
        "budget_sides": bar_chart(
            title=_("Budget par côté du financeur, converti en euros"),
            desc=_("Montants en euros et en dollars canadiens convertis en euros au taux de %(rate)s $ pour 1 € ; "
                   "le détail par devise est dans le tableau qui suit.") % {"rate": rate.cad_per_eur},
            bars=budget_bars,
        ),
        "piste_progress": bar_chart(
            title=_("Avancement des pistes : pistes ayant au moins un projet, par axe"),
            desc=_("Chaque barre montre la part des pistes de l'axe qui ont au moins un projet ; "
                   "le nombre de pistes est écrit à droite."),
            bars=progress_bars,
        ),
        "regions": bar_chart(
            title=_("Collectivités partenaires par région"),
            desc=_("Nombre de collectivités partenaires situées dans chaque région (France) "
                   "ou région administrative (Québec)."),
            bars=region_bars,
        ),
    }
