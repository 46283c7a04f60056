"""Growth of twinning on data with known answers (registry/tests/insights_data.py)."""
import datetime

import pytest
from openpyxl import load_workbook
from io import BytesIO

from registry import growth
from registry.models import Twinning

from .insights_data import build


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return build(lyon_commune, trois_rivieres_ville)


def test_new_twinnings_per_year_with_running_total(world):
    assert [(r.year, r.new, r.cumulative) for r in growth.per_year(Twinning.objects.all())] == [
        (1990, 2, 2), (2001, 1, 3), (2010, 1, 4)]


def test_per_region_of_each_side_by_activity(world):
    french = growth.per_region(Twinning.objects.all(), "french")
    assert [(r.region.name, r.active, r.dormant, r.ended) for r in french] == [
        ("Auvergne-Rhône-Alpes", 2, 1, 0), ("Bretagne", 0, 0, 1)]
    quebec = growth.per_region(Twinning.objects.all(), "quebec")
    assert [(r.region.name, r.active, r.dormant, r.ended) for r in quebec] == [
        ("Mauricie", 2, 0, 0), ("Capitale-Nationale", 0, 0, 1), ("Saguenay–Lac-Saint-Jean", 0, 1, 0)]


def test_to_revive_are_dormant_or_without_exchange_for_three_years(world):
    revive = growth.to_revive(Twinning.objects.all(), today=datetime.date(2026, 12, 2))
    assert [str(t) for t in revive] == ["Villeurbanne – Chicoutimi", "Villeurbanne – Trois-Rivières"]


def test_invitations_are_for_the_secretariat_and_committees(client, world, personas):
    client.force_login(personas["outsider"])
    assert client.get("/ententes-jumelages/croissance/invitations.csv").status_code == 403
    client.force_login(personas["committee"])
    csv = b"".join(client.get("/ententes-jumelages/croissance/invitations.csv").streaming_content).decode()
    lines = csv.lstrip("\ufeff").splitlines()
    assert len(lines) == 4  # header and T1, T2, T3 (T4 has ended)
    assert "Lyon;69123;Trois-Rivières;37067;Jumelage;Actif;1990;Comité de jumelage de Lyon;Anne Martin;anne@example.org" in csv
    sheet = load_workbook(BytesIO(client.get("/ententes-jumelages/croissance/invitations.xlsx").content)).active
    assert sheet.max_row == 4


def test_the_public_page_hides_the_invitation_list(client, world):
    page = client.get("/ententes-jumelages/croissance/").content.decode()
    assert "Jumelages à relancer" in page and "Villeurbanne" in page
    assert "invitations.csv" not in page and "réservée au secrétariat" in page


@pytest.mark.parametrize("extra", [0, 5])
def test_pages_issue_a_bounded_number_of_queries(client, personas, lyon_commune, trois_rivieres_ville,
                                                  django_assert_num_queries, extra):
    build(lyon_commune, trois_rivieres_ville, extra=extra)
    # The data version (the figures' cache key); per year; per French région: counts
    # (LinkPlace), régions; the same for Québec; the twinnings to revive: their count; the
    # data version again (the page's cache key) and their first page.
    with django_assert_num_queries(9):
        assert client.get("/ententes-jumelages/croissance/").status_code == 200
    # Again: the figures and the page come from the cache until the data version moves
    # (its two readings remain).
    with django_assert_num_queries(2):
        assert client.get("/ententes-jumelages/croissance/").status_code == 200
    client.force_login(personas["secretariat"])
    # Session, user (the secretariat reads everything: no membership query); the
    # twinnings; their committees.
    with django_assert_num_queries(4):
        response = client.get("/ententes-jumelages/croissance/invitations.xlsx")
    assert response.status_code == 200
