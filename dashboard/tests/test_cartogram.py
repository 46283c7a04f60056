"""The map of both sides: one tile per région of France and région administrative of
Québec, with the dashboard's counts, each linking to the projects it counts."""
import re
from html import unescape

import pytest

from dashboard.aggregates import Filters, build_dashboard
from dashboard.cartogram import GRID, LEVELS, cartogram
from territories.models import Collectivity, Kind, Side
from territories.reference import load_reference_data

from .test_dashboard_page import URL, listed_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(world):
    """Every région of both sides, as the reference data loads them (the world's three
    régions among them)."""
    load_reference_data()
    return {(region.side, region.code): region
            for region in Collectivity.objects.current().filter(kind=Kind.REGION, side__in=[Side.FRANCE, Side.QUEBEC])}


def tiles(html: str) -> dict[str, tuple[str, int, str]]:
    """{side-code: (href, projects, title)} of the map's linked tiles."""
    found = re.findall(
        r'<a href="([^"]*)" aria-label="([^"]*)" data-region="([^"]*)" data-projects="(\d+)">\s*<title>([^<]*)</title>',
        html)
    return {region: (unescape(href), int(count), unescape(title)) for href, label, region, count, title in found}


def test_the_grid_places_each_region_of_both_sides_once():
    assert len([key for key in GRID if key[0] == "fr"]) == 18  # 13 metropolitan, 5 overseas
    assert len([key for key in GRID if key[0] == "qc"]) == 17
    places = [(side, column, row) for (side, _code), (column, row, _lines) in GRID.items()]
    assert len(set(places)) == len(places)


def test_the_reference_regions_are_the_grids(regions):
    assert set(regions) == set(GRID)


def test_the_map_has_one_tile_per_region_with_its_count_and_link(client, world, regions):
    client.force_login(world.personas["committee"])
    html = client.get(URL).content.decode()
    found = tiles(html)
    assert set(found) == {f"{side}-{code}" for side, code in GRID}
    board = build_dashboard(world.personas["committee"], Filters(plan=world.plan))
    counted = {(row.side, row.region_id): row.projects for row in board.regions}
    for (side, code), region in regions.items():
        href, projects, title = found[f"{side}-{code}"]
        assert href == f"/projets/?region={region.pk}"
        assert projects == counted.get((side, region.pk), 0)
        # (« 0 projet » once the catalogue says so: French puts 0 in the singular.)
        assert title.removesuffix("s") == f"{region.name} : {projects} projet"
    # The world: Écoquartiers and Patrimoine in Auvergne-Rhône-Alpes (Lyon), and Jeunesse
    # (unpublished: the committee reads it) too; Écoquartiers and Sans piste in Mauricie.
    assert found["fr-84"][1] == 3
    assert found["qc-04"][1] == 2
    assert found["qc-03"][1] == 1
    assert found["fr-53"][1] == 0


@pytest.mark.parametrize("region", ["fr-84", "qc-04", "qc-03"])
def test_a_tile_links_to_the_list_of_the_projects_it_counts(client, world, regions, region):
    client.force_login(world.personas["committee"])
    href, projects, _title = tiles(client.get(URL, {"status": "en_cours"}).content.decode())[region]
    assert "status=en_cours" in href
    assert listed_count(client, href) == projects


def test_the_map_is_an_accessible_group_of_links_with_the_same_numbers_in_a_table(client, world, regions):
    html = client.get(URL).content.decode()
    section = html[html.index('id="carte"'):html.index('id="regions"')]
    maps = re.findall(r"<svg[^>]*role=\"group\"[^>]*>.*?</svg>", section, re.S)
    assert len(maps) == 2
    for side, svg in zip(["fr", "qc"], maps):
        assert f'aria-labelledby="map-{side}-title"' in svg
        assert svg.count("<title>") == len([key for key in GRID if key[0] == side])
    for (side, code), region in regions.items():
        cell = re.search(rf'data-figure="map-{side}-{code}"><a href="([^"]*)">(\d+)</a>', section)
        assert cell, (side, code)
        assert int(cell.group(2)) == tiles(html)[f"{side}-{code}"][1]
    assert "Légende de la carte" in section


def test_a_region_not_loaded_is_drawn_without_count_or_link(world):
    # The world has three régions only: the other tiles are there, unlinked.
    drawn = cartogram(build_dashboard(None, Filters(plan=world.plan)))
    by_region = {(tile.side, tile.code): tile for side in drawn.sides for tile in side.tiles}
    assert set(by_region) == set(GRID)
    assert by_region["fr", "53"].projects is None and by_region["fr", "53"].href == ""
    assert by_region["fr", "53"].name == "Bretagne"
    assert by_region["qc", "04"].href == f"/projets/?region={world.mauricie.pk}"


def test_the_colours_grow_with_the_projects_and_the_legend_says_each_range(world):
    board = build_dashboard(None, Filters(plan=world.plan))
    drawn = cartogram(board)
    by_region = {(tile.side, tile.code): tile for side in drawn.sides for tile in side.tiles}
    # The public: 2 projects in Auvergne-Rhône-Alpes, 2 in Mauricie, none in the Capitale-Nationale.
    assert by_region["fr", "84"].projects == 2 and by_region["qc", "03"].projects == 0
    assert by_region["fr", "84"].fill != by_region["qc", "03"].fill == LEVELS[0][0]
    assert [item.label for item in drawn.legend] == ["Aucun projet", "1 projet", "2 projets"]
    assert [item.fill for item in drawn.legend] == [LEVELS[0][0], LEVELS[1][0], LEVELS[2][0]]


def test_the_legend_groups_counts_when_they_are_many(world):
    board = build_dashboard(None, Filters(plan=world.plan))
    for row in board.regions:
        if row.region_id == world.ara.pk:
            row.projects = 10
    assert [item.label for item in cartogram(board).legend] == [
        "Aucun projet", "1 à 3 projets", "4 à 6 projets", "7 à 9 projets", "10 projets",
    ]
