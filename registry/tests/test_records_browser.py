"""The records in a real browser: an editor of Lyon records a twinning through the form
(keyboard and labels only), finds it in the list and on its page; the lists, a record's
page with today's and former names, and the form have no serious or critical axe-core
violation."""
import pytest
from playwright.sync_api import expect

from registry.models import Twinning
from tests.browser.fixtures import log_in, serious_violations

from .records_data import *  # noqa: F403


@pytest.fixture
def paths(records):
    return ["/ententes-jumelages/", "/ententes-jumelages/ententes/", "/ententes-jumelages/jumelages/?status=actif",
            records["ra8"].get_absolute_url(), records["annecy"].get_absolute_url()]


def test_the_records_pages_are_accessible(page, paths):
    for path in paths:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert serious_violations(page) == [], path


def test_an_editor_records_a_twinning_and_finds_it(page, records, places, personas):
    log_in(page, "lyon")
    page.goto("/ententes-jumelages/jumelages/nouveau/")
    assert serious_violations(page) == []
    page.get_by_label("Collectivité française").fill("fr:69123")
    page.get_by_label("Collectivité québécoise").fill("Lévis")
    page.get_by_label("Depuis (année)").fill("1995")
    page.get_by_label("Nom du comité ou de l'association").first.fill("Comité Lyon – Lévis")
    page.get_by_label("Nom du comité ou de l'association").first.press("Enter")
    expect(page.locator("h1")).to_contain_text("Lévis")
    twinning = Twinning.objects.get(french=places["lyon"], quebec=places["levis"])
    assert page.url.endswith(twinning.get_absolute_url())
    expect(page.get_by_text("Comité Lyon – Lévis")).to_be_visible()
    page.goto("/ententes-jumelages/jumelages/?collectivity=fr:69123")
    expect(page.get_by_role("link", name="Lévis")).to_be_visible()
