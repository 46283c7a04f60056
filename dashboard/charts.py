"""Charts drawn on the server as accessible SVG.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`;
every bar carries its value as text, so nothing is told by colour alone, and the page
shows the same data as a table next to it. Colours reach WCAG AA contrast on white.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from maillage.templatetags.money import money

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


def _svg(width: int, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    number = next(_ids)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" style="max-width:{w}px" aria-labelledby="chart-{n}-title chart-{n}-desc">'
        '<title id="chart-{n}-title">{title}</title><desc id="chart-{n}-desc">{desc}</desc>{body}</svg>',
        w=width, h=height, n=number, title=title, desc=desc, body=body,
    )


def _n(number: float) -> str:
    """A coordinate, formatted before format_html (which escapes its arguments to strings)."""
    return f"{number:.1f}"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def bar_chart(*, title: str, desc: str, bars: list[Bar], label_width: int = 240) -> SafeString:
    """Horizontal bars, one per row, each with its label on the left and its value on the right."""
    width, row_height, value_width = 720, 30, 190
    plot = width - label_width - value_width
    top = 8
    height = top + row_height * max(len(bars), 1) + 8
    largest = max([bar.value for bar in bars if bar.total is None] + [0]) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * row_height
        share = (bar.value / bar.total if bar.total else 0) if bar.total is not None else bar.value / largest
        length = max(0.0, min(1.0, share)) * plot
        parts.append(format_html(
            '<g><title>{full}</title>'
            '<text x="{lx}" y="{ty}" text-anchor="end" fill="{ink}" font-size="13" {font}>{label}</text>',
            full=f"{bar.label} : {bar.text}", lx=label_width - 8, ty=y + 19, ink=INK, font=mark_safe(FONT),
            label=_shorten(bar.label, label_width // 7),
        ))
        if bar.total is not None:
            parts.append(format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="20" fill="#ffffff" stroke="{muted}"/>',
                x=label_width, y=y + 4, w=plot, muted=MUTED,
            ))
        parts.append(format_html(
            '<rect x="{x}" y="{y}" width="{w}" height="20" fill="{bar}"/>'
            '<text x="{vx}" y="{ty}" fill="{ink}" font-size="13" {font}>{text}</text></g>',
            x=label_width, y=y + 4, w=_n(length), bar=BAR, vx=label_width + plot + 8, ty=y + 19, ink=INK,
            font=mark_safe(FONT), text=bar.text,
        ))
    return _svg(width, height, title, desc, mark_safe("".join(parts)))


def year_chart(*, title: str, desc: str, series: list[tuple[str, dict[int, int]]], years: list[int]) -> SafeString:
    """Small multiples: one row of columns per series (an axis), one column per year, each
    column with its count written above it and its year below."""
    width, label_height, plot_height, year_height, gap = 720, 20, 60, 18, 14
    left = 8
    column = (width - left * 2) / max(len(years), 1)
    largest = max([value for _label, values in series for value in values.values()] + [0]) or 1
    row_height = label_height + plot_height + year_height + gap
    parts = []
    for index, (label, values) in enumerate(series):
        top = index * row_height
        base = top + label_height + plot_height
        parts.append(format_html(
            '<text x="{x}" y="{y}" fill="{ink}" font-size="14" font-weight="600" {font}>{label}</text>',
            x=left, y=top + 15, ink=INK, font=mark_safe(FONT), label=_shorten(label, 90),
        ))
        parts.append(format_html(
            '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="{muted}"/>',
            x1=left, x2=width - left, y=base, muted=MUTED,
        ))
        for position, year in enumerate(years):
            value = values.get(year, 0)
            bar_height = (plot_height - 16) * value / largest
            x = left + position * column
            parts.append(format_html(
                '<g><title>{full}</title>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{bar}"/>'
                '<text x="{cx}" y="{vy}" text-anchor="middle" fill="{ink}" font-size="11" {font}>{value}</text>'
                '<text x="{cx}" y="{yy}" text-anchor="middle" fill="{muted}" font-size="10" {font}>{year}</text></g>',
                full=f"{label}, {year} : {value}", x=_n(x + column * 0.15), y=_n(base - bar_height), w=_n(column * 0.7),
                h=_n(bar_height), bar=BAR, cx=_n(x + column / 2), vy=_n(base - bar_height - 3), ink=INK, muted=MUTED,
                font=mark_safe(FONT), value=value, yy=base + 13, year=year,
            ))
    height = row_height * max(len(series), 1)
    return _svg(width, height, title, desc, mark_safe("".join(parts)))


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
            years=board.years,
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
