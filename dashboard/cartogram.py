"""The map of both sides: a tile-grid cartogram of the régions of France and the régions
administratives of Québec, one square each, placed roughly where the région lies, coloured
by the number of projects with a partner there.

The grid is the project's own data (GRID below), not a geographic file: France's thirteen
metropolitan régions and its five overseas régions, Québec's seventeen régions
administratives, each named by its official code (INSEE for France, the Institut de la
statistique du Québec for Québec), as territories stores them (Collectivity.code).

Guarantees:
- one tile per région of GRID, whether or not the région has projects; a tile whose région
  is not loaded in the territories is drawn with no count and no link;
- each tile writes its count (nothing is told by colour alone), names its région in a
  `<title>`, and links to the projects list with the dashboard's filters and that région;
- no query: the counts are the dashboard's (`Dashboard.regions`), the régions its
  `region_list`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from territories.models import Side

from .aggregates import Dashboard
from .tables import ListLinks

# (side, code): (column, row, the label written on the tile, one line per item).
GRID: dict[tuple[str, str], tuple[int, int, tuple[str, ...]]] = {
    # France métropolitaine
    ("fr", "32"): (2, 0, ("Hauts-de-", "France")),
    ("fr", "28"): (1, 1, ("Normandie",)),
    ("fr", "11"): (2, 1, ("Île-de-", "France")),
    ("fr", "44"): (3, 1, ("Grand Est",)),
    ("fr", "53"): (0, 2, ("Bretagne",)),
    ("fr", "52"): (1, 2, ("Pays de", "la Loire")),
    ("fr", "24"): (2, 2, ("Centre-Val", "de Loire")),
    ("fr", "27"): (3, 2, ("Bourgogne-", "Franche-Comté")),
    ("fr", "75"): (1, 3, ("Nouvelle-", "Aquitaine")),
    ("fr", "84"): (3, 3, ("Auvergne-", "Rhône-Alpes")),
    ("fr", "76"): (2, 4, ("Occitanie",)),
    ("fr", "93"): (3, 4, ("Provence-Alpes-", "Côte d'Azur")),
    ("fr", "94"): (4, 5, ("Corse",)),
    # Outre-mer: a row of its own, below the metropolitan régions.
    ("fr", "01"): (0, 6, ("Guadeloupe",)),
    ("fr", "02"): (1, 6, ("Martinique",)),
    ("fr", "03"): (2, 6, ("Guyane",)),
    ("fr", "04"): (3, 6, ("La Réunion",)),
    ("fr", "06"): (4, 6, ("Mayotte",)),
    # Québec: the north, the north shore of the Saint-Laurent, its south shore.
    ("qc", "10"): (2, 0, ("Nord-du-", "Québec")),
    ("qc", "08"): (0, 1, ("Abitibi-", "Témiscamingue")),
    ("qc", "02"): (3, 1, ("Saguenay–", "Lac-Saint-Jean")),
    ("qc", "09"): (4, 1, ("Côte-Nord",)),
    ("qc", "07"): (0, 2, ("Outaouais",)),
    ("qc", "15"): (1, 2, ("Laurentides",)),
    ("qc", "14"): (2, 2, ("Lanaudière",)),
    ("qc", "04"): (3, 2, ("Mauricie",)),
    ("qc", "03"): (4, 2, ("Capitale-", "Nationale")),
    ("qc", "13"): (1, 3, ("Laval",)),
    ("qc", "06"): (2, 3, ("Montréal",)),
    ("qc", "17"): (3, 3, ("Centre-du-", "Québec")),
    ("qc", "12"): (4, 3, ("Chaudière-", "Appalaches")),
    ("qc", "01"): (5, 3, ("Bas-Saint-", "Laurent")),
    ("qc", "11"): (6, 3, ("Gaspésie–Îles-", "de-la-Madeleine")),
    ("qc", "16"): (2, 4, ("Montérégie",)),
    ("qc", "05"): (3, 4, ("Estrie",)),
}
# France's row of the overseas régions, drawn OVERSEAS_SHIFT lower to leave room for their name.
OVERSEAS_ROW = 6
OVERSEAS_SHIFT = 30

TILE, GAP, TOP = 96, 6, 8
# Fills from no project to the most, each with the ink its text is written in (WCAG AA:
# at least 4.5:1 between them); the outline is #4a4a55 (8.6:1 on white).
LEVELS = [
    ("#f3f4f8", "#1b1b1f"),
    ("#dbe4f5", "#1b1b1f"),
    ("#9fb6e3", "#1b1b1f"),
    ("#4a6fc0", "#ffffff"),
    ("#1d3f91", "#ffffff"),
]
OUTLINE = "#4a4a55"
SIDE_TITLES = {
    Side.FRANCE: _("France : projets par région"),
    Side.QUEBEC: _("Québec : projets par région administrative"),
}


@dataclass
class Tile:
    side: str
    code: str
    name: str
    lines: list[tuple[float, str]]  # (y, text) of the label's lines
    x: float
    y: float
    projects: int | None  # None: the région is not loaded
    href: str  # "" when not loaded
    fill: str
    ink: str

    @property
    def title(self) -> str:
        if self.projects is None:
            return str(_("%(name)s : région absente du référentiel des territoires") % {"name": self.name})
        return ngettext("%(name)s : %(n)s projet", "%(name)s : %(n)s projets", self.projects) % {
            "name": self.name, "n": self.projects}

    @property
    def count_y(self) -> float:
        return self.y + TILE - 16

    @property
    def middle(self) -> float:
        return self.x + TILE / 2


@dataclass
class SideMap:
    side: str
    title: str
    width: int
    height: int
    tiles: list[Tile]
    overseas_y: float | None  # where the overseas régions are named (France)


@dataclass
class LegendItem:
    label: str
    fill: str


@dataclass
class Cartogram:
    sides: list[SideMap]
    legend: list[LegendItem]


def _level(projects: int, step: int) -> int:
    return 0 if projects == 0 else min(len(LEVELS) - 1, 1 + (projects - 1) // step)


def _legend(largest: int, step: int) -> list[LegendItem]:
    items = [LegendItem(str(_("Aucun projet")), LEVELS[0][0])]
    low = 1
    while low <= largest:
        level = _level(low, step)
        high = largest if level == len(LEVELS) - 1 else min(largest, low + step - 1)
        if low == high:
            label = ngettext("%(n)s projet", "%(n)s projets", low) % {"n": low}
        else:
            label = _("%(low)s à %(high)s projets") % {"low": low, "high": high}
        items.append(LegendItem(str(label), LEVELS[level][0]))
        low = high + 1
    return items


def _place(side: str, column: int, row: int) -> tuple[float, float]:
    shift = OVERSEAS_SHIFT if side == Side.FRANCE and row >= OVERSEAS_ROW else 0
    return column * (TILE + GAP), TOP + row * (TILE + GAP) + shift


def cartogram(board: Dashboard) -> Cartogram:
    """The tiles of both sides and the legend (no query)."""
    links = ListLinks(board.filters)
    regions = {(region.side, region.code): region for region in board.region_list}
    projects = {(row.side, row.region_id): row.projects for row in board.regions if row.region_id}
    counts = {
        key: projects.get((region.side, region.pk), 0) for key, region in regions.items() if key in GRID
    }
    largest = max(counts.values(), default=0)
    step = max(1, math.ceil(largest / (len(LEVELS) - 1)))
    sides = []
    for side in (Side.FRANCE, Side.QUEBEC):
        tiles = []
        for (tile_side, code), (column, row, lines) in GRID.items():
            if tile_side != side:
                continue
            x, y = _place(side, column, row)
            region = regions.get((side, code))
            count = counts.get((side, code))
            fill, ink = LEVELS[_level(count or 0, step)]
            first = y + (24 if len(lines) == 2 else 32)
            tiles.append(Tile(
                side=side, code=code, name=region.name if region else " ".join(lines).replace("- ", "-").replace("– ", "–"),
                lines=[(first + 14 * index, text) for index, text in enumerate(lines)],
                x=x, y=y, projects=count, href=links.href(region=region.pk) if region else "", fill=fill, ink=ink,
            ))
        columns = 1 + max(column for (tile_side, _code), (column, _row, _lines) in GRID.items() if tile_side == side)
        rows = 1 + max(row for (tile_side, _code), (_column, row, _lines) in GRID.items() if tile_side == side)
        sides.append(SideMap(
            side=side, title=str(SIDE_TITLES[side]), width=columns * (TILE + GAP) - GAP,
            height=int(_place(side, 0, rows - 1)[1]) + TILE + TOP, tiles=tiles,
            overseas_y=_place(side, 0, OVERSEAS_ROW)[1] - 10 if side == Side.FRANCE else None,
        ))
    return Cartogram(sides=sides, legend=_legend(largest, step))
