"""A collectivity picker (territories.picker.PickerInput) in a real browser: typing « lyo »
in the projects' filter offers Lyon with its département in the <datalist> htmx fills;
choosing it and filtering lists Lyon's projects only. Without JavaScript the same field
takes the name typed, which the server resolves."""
import pytest
from playwright.sync_api import expect

from conftest import make_collectivity
from projects.tests.factories import make_project
from territories.models import Kind, Link, Side

from .fixtures import serious_violations

LYON = "Lyon — Commune, Rhône (fr:69123)"


@pytest.fixture
def projects(lyon_commune, trois_rivieres_ville):
    rhone = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "69", "Rhône")
    Link.objects.create(child=lyon_commune, parent=rhone)
    eure = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "27", "Eure")
    lyons = make_collectivity(Side.FRANCE, Kind.COMMUNE, "27377", "Lyons-la-Forêt", population=751)
    Link.objects.create(child=lyons, parent=eure)
    bordeaux = make_collectivity(Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux", population=261804)
    make_project(lyon_commune, trois_rivieres_ville, title="Jardins partagés de Lyon", is_public=True)
    make_project(lyons, title="Forêts normandes", is_public=True)
    make_project(bordeaux, trois_rivieres_ville, title="Vignes et érables", is_public=True)


def test_typing_in_the_picker_offers_lyon_with_its_departement_and_filters_by_it(page, projects):
    page.goto("/projets/")
    field = page.get_by_label("Collectivité partenaire")
    field.press_sequentially("lyo", delay=60)
    options = page.locator(f"datalist#{field.get_attribute('list')} option")
    # Lyon and Lyons-la-Forêt, each with its département (they start alike).
    expect(options).to_have_count(2)
    expect(options.first).to_have_attribute("value", LYON)
    assert "Lyons-la-Forêt — Commune, Eure (fr:27377)" in [o.get_attribute("value") for o in options.all()]
    field.fill(LYON)  # what the browser writes when the option is chosen
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="1 projet")).to_be_visible()
    expect(page.get_by_role("link", name="Jardins partagés de Lyon")).to_be_visible()
    expect(page.get_by_role("link", name="Vignes et érables")).to_have_count(0)
    expect(page.get_by_label("Collectivité partenaire")).to_have_value(LYON)
    assert serious_violations(page) == []


def test_without_javascript_the_server_resolves_the_name_typed(no_js_page, projects):
    no_js_page.goto("/projets/")
    no_js_page.get_by_label("Collectivité partenaire").fill("lyon")
    no_js_page.get_by_role("button", name="Filtrer").click()
    expect(no_js_page.get_by_role("heading", name="1 projet")).to_be_visible()
    expect(no_js_page.get_by_role("link", name="Jardins partagés de Lyon")).to_be_visible()
    expect(no_js_page.get_by_role("link", name="Forêts normandes")).to_have_count(0)
    # A beginning two names share: the candidates are listed, each with its département.
    no_js_page.get_by_label("Collectivité partenaire").fill("lyo")
    no_js_page.get_by_role("button", name="Filtrer").click()
    expect(no_js_page.get_by_text(LYON)).to_be_visible()
    expect(no_js_page.get_by_text("Lyons-la-Forêt — Commune, Eure (fr:27377)")).to_be_visible()
