"""A person uses the registry in a real browser: logs in through the form, searches the
list of collectivities without typing accents, opens a collectivity; axe-core finds no
serious or critical accessibility violation on the way."""
import re

import pytest
from playwright.sync_api import expect

from conftest import make_collectivity
from territories.models import Kind, Side

from .fixtures import log_in, serious_violations


@pytest.fixture
def levis(db):
    return make_collectivity(
        Side.QUEBEC, Kind.MUNICIPALITE, "25213", "Lévis", designation="Ville",
        population=149683, country="CA",
    )


@pytest.fixture
def laval(db):
    return make_collectivity(
        Side.QUEBEC, Kind.MUNICIPALITE, "65005", "Laval", designation="Ville",
        population=438366, country="CA",
    )


def test_public_pages_have_no_serious_accessibility_violation(page):
    for path in ("/", "/comptes/connexion/"):
        page.goto(path)
        assert serious_violations(page) == [], path


def test_the_layout_stays_accessible_on_the_other_sections(page, personas):
    for path in ("/plan/", "/projets/", "/tableau-de-bord/", "/comptes/mot-de-passe/oubli/"):
        page.goto(path)
        assert serious_violations(page) == [], path
    log_in(page, "lyon")
    page.goto("/comptes/profil/")
    assert serious_violations(page) == [], "/comptes/profil/"


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller au contenu")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenu$"))


def test_a_wrong_password_is_refused_with_a_french_message(page, personas):
    log_in(page, "lyon", password="pas-le-bon")
    expect(page.get_by_role("alert")).to_contain_text("Saisissez un nom d’utilisateur et un mot de passe valides")
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_a_person_logs_in_searches_the_registry_and_opens_a_collectivity(page, personas, levis, laval):
    log_in(page, "lyon")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Collectivités").click()
    expect(page).to_have_url(re.compile(r"/collectivites/$"))
    assert serious_violations(page) == []

    page.get_by_role("searchbox").fill("levis")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=levis"))
    results = page.get_by_role("main")
    expect(results.get_by_role("link", name="Lévis")).to_be_visible()
    expect(results.get_by_role("link", name="Laval")).to_have_count(0)
    assert serious_violations(page) == []

    results.get_by_role("link", name="Lévis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lévis")
    expect(page.get_by_role("main")).to_contain_text("25213")
    assert serious_violations(page) == []


def test_the_registry_search_works_without_javascript(browser, live_server, levis, laval):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/collectivites/")
        page.get_by_role("searchbox").fill("LEVIS")
        page.get_by_role("searchbox").press("Enter")
        main = page.get_by_role("main")
        expect(main.get_by_role("link", name="Lévis")).to_be_visible()
        expect(main.get_by_role("link", name="Laval")).to_have_count(0)
    finally:
        context.close()
