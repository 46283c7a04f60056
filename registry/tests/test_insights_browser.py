"""Complementarity, growth and the map in a real browser, without JavaScript needs: axe-core
finds no serious or critical violation, and the strict CSP none (the page fixture fails on
a CSP violation)."""
import pytest

from tests.browser.fixtures import serious_violations

from .insights_data import build


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return build(lyon_commune, trois_rivieres_ville)


@pytest.mark.parametrize("path", [
    "/ententes-jumelages/complementarite/?side=fr&code=69123",
    "/ententes-jumelages/complementarite/?code=69123",
    "/ententes-jumelages/croissance/",
    "/ententes-jumelages/carte/",
])
def test_pages_are_accessible(page, live_server, world, path):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []


def test_the_form_works_from_the_keyboard(page, live_server, world):
    page.goto(live_server.url + "/ententes-jumelages/complementarite/")
    page.get_by_label("Côté").select_option("qc")
    page.get_by_label("Code de la collectivité ou du territoire").fill("04")
    page.get_by_label("Code de la collectivité ou du territoire").press("Enter")
    page.wait_for_url("**code=04**")
    assert page.get_by_role("heading", name="Recoupements : même thème, même région partenaire").is_visible()
    assert "Auvergne-Rhône-Alpes" in page.locator("table").first.inner_text()
