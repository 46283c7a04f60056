"""Search a practice in a real browser: type the words in the search page, narrow by a
facet, open the practice, with no serious or critical axe violation on the way."""
import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import serious_violations

from .conftest import make_practice, make_project


@pytest.fixture
def practices(plan, regions, lyon_commune, trois_rivieres_ville):
    make_practice(lyon_commune, trois_rivieres_ville, title="Gestion concertée des bassins versants",
                  body="Un comité de bassin versant réunit élus et agriculteurs.", worked="Un animateur de bassin.")
    make_practice(lyon_commune, title="Compostage de quartier", summary="Déchets organiques.", piste="dd-8")
    make_project(trois_rivieres_ville, title="Bassin versant de la Saint-Maurice")


def test_search_a_practice_and_open_it(page, practices):
    page.goto("/observatoire/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Rechercher dans l'observatoire").click()
    page.get_by_label("Rechercher dans les pratiques").fill("bassin versant")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="2 résultats")).to_be_visible()
    expect(page.locator("ol.results mark").first).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Bonne pratique (1)").click()
    expect(page.get_by_role("heading", name="1 résultat")).to_be_visible()
    page.get_by_role("link", name="Gestion concertée des bassins versants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestion concertée des bassins versants")
    expect(page.get_by_text("Un animateur de bassin.")).to_be_visible()
    assert serious_violations(page) == []
