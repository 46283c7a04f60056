"""The map: shipped coordinates, the projection, counts per région and the SVG."""
from django.contrib.auth.models import AnonymousUser
import pytest

from registry import geo
from registry.models import Agreement, Twinning

from .insights_data import build


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return build(lyon_commune, trois_rivieres_ville)


def test_the_shipped_data_has_every_region_of_both_sides():
    places = geo.places()
    assert len([k for k in places if k[0] == "fr"]) == 18
    assert len([k for k in places if k[0] == "qc"]) == 17


def test_the_projection_places_towns_where_they_are():
    lille, marseille = geo.project("fr", 50.63, 3.06), geo.project("fr", 43.30, 5.37)
    assert lille[1] < marseille[1]  # north is up
    brest, strasbourg = geo.project("fr", 48.39, -4.49), geo.project("fr", 48.57, 7.75)
    assert brest[0] < strasbourg[0]  # west is left
    assert geo.project("fr", -20.88, 55.45) is None  # La Réunion is off the panel
    for lat, lon in [(48.24, -79.02), (48.83, -64.48)]:
        x, y = geo.project("qc", lat, lon)
        assert 0 <= x <= geo.PANEL_WIDTH and 0 <= y <= geo.PANEL_HEIGHT


def test_counts_follow_today_regions(world):
    user = AnonymousUser()
    points = geo.figures(Agreement.objects.visible_to(user), Twinning.objects.visible_to(user))
    counts = {(p.place.side, p.place.code): (p.agreements, p.twinnings) for side in points.values() for p in side}
    assert counts[("fr", "84")] == (1, 3)  # A1 signed by Rhône-Alpes; T1, T2, T3
    assert counts[("fr", "53")] == (0, 1)
    assert counts[("qc", "03")] == (1, 1)
    assert counts[("qc", "04")] == (0, 2)
    assert counts[("qc", "02")] == (0, 1)  # Chicoutimi, today Saguenay
    assert counts[("qc", "06")] == (0, 0)


def test_the_page_draws_svg_without_inline_style_and_a_table(client, world):
    page = client.get("/ententes-jumelages/carte/").content.decode()
    assert page.count("<svg") == 2 and "<circle" in page and "style=" not in page.split("<main", 1)[1]
    assert "<caption>Québec</caption>" in page and "La Réunion" in page and "hors carte" in page


@pytest.mark.parametrize("extra", [0, 5])
def test_the_page_issues_a_bounded_number_of_queries(client, personas, lyon_commune, trois_rivieres_ville,
                                                     django_assert_num_queries, extra):
    build(lyon_commune, trois_rivieres_ville, extra=extra)
    # The data version (the cache key); agreements per région, twinnings per région
    # (LinkPlace); the régions' codes.
    with django_assert_num_queries(4):
        assert client.get("/ententes-jumelages/carte/").status_code == 200
    with django_assert_num_queries(1):  # from the cache until the data version moves
        assert client.get("/ententes-jumelages/carte/").status_code == 200
