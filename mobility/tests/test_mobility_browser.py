"""Record an exchange in a real browser and see the balance change: Lyon's editor reads
the balance of 2009, records a placement of twelve interns from Lyon to Trois-Rivières,
and finds the balance, and the tableau de bord, counting them; axe-core finds no serious
or critical accessibility violation on the way, nor on the list (filtered, paginated),
the form (empty, and with its mistakes shown), the balance and the targets' form."""
import datetime

import pytest
from playwright.sync_api import expect

from mobility.models import Direction, Target
from tests.browser.fixtures import log_in, serious_violations

from .conftest import make_exchange


@pytest.fixture
def balance_2009(personas, lyon_commune, trois_rivieres_ville):
    """Eight participants from Trois-Rivières to Lyon in 2009; the committee wants a gap of 5 at most."""
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, participants=8,
                  title="Échange de cégépiens", start=datetime.date(2009, 9, 1))
    Target.objects.create(year=2009, max_imbalance=5)


def test_record_an_exchange_and_see_the_balance_change(page, balance_2009):
    log_in(page, "lyon")
    page.goto("/mobilite/bilan/?year=2009")
    expect(page.locator('[data-figure="fr_to_qc"]')).to_have_text("0")
    expect(page.locator('[data-figure="imbalance"]')).to_have_text("-8")
    expect(page.locator('[data-figure="target"]')).to_contain_text("n'est pas atteint")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Les échanges").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mobilité : échanges et stages")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Enregistrer un échange").click()
    page.get_by_label("Intitulé", exact=True).fill("Stages d'été en urbanisme")
    page.get_by_label("Nature", exact=True).select_option(label="Stage professionnel")
    page.get_by_label("Sens", exact=True).select_option(label="France → Québec")
    page.get_by_label("Collectivité d'envoi", exact=True).fill("69123")
    page.get_by_label("Collectivité d'accueil", exact=True).fill("qc:37067")
    page.get_by_label("Début", exact=True).fill("2009-06-01")
    page.get_by_label("Fin", exact=True).fill("2009-08-31")
    page.get_by_label("Participants", exact=True).fill("12")
    page.get_by_label("18 à 25 ans", exact=True).fill("12")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Enregistrer l'échange").click()

    expect(page.get_by_role("status")).to_contain_text("L'échange « Stages d'été en urbanisme » est enregistré.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilan de la mobilité")
    expect(page.locator('[data-figure="fr_to_qc"]')).to_have_text("12")
    expect(page.locator('[data-figure="qc_to_fr"]')).to_have_text("8")
    expect(page.locator('[data-figure="imbalance"]')).to_have_text("4")
    expect(page.locator('[data-figure="kind-internship-fr_to_qc"]')).to_have_text("12")
    expect(page.locator('[data-figure="target"]')).to_contain_text("L'objectif du comité est atteint.")
    assert serious_violations(page) == []

    page.goto("/tableau-de-bord/")
    expect(page.locator('[data-figure="mobility-2009-fr_to_qc"]')).to_have_text("12")
    expect(page.locator('[data-figure="mobility-2009-imbalance"]')).to_have_text("4")
    assert serious_violations(page) == []


def test_a_mistake_is_shown_beside_its_field(page, balance_2009):
    log_in(page, "lyon")
    page.goto("/mobilite/echanges/nouveau/")
    page.get_by_label("Intitulé", exact=True).fill("Stages")
    page.get_by_label("Nature", exact=True).select_option(label="Stage professionnel")
    page.get_by_label("Sens", exact=True).select_option(label="Québec → France")
    page.get_by_label("Collectivité d'envoi", exact=True).fill("69123")
    page.get_by_label("Organisme d'accueil", exact=True).fill("Université Lyon 2")
    page.get_by_label("Début", exact=True).fill("2009-06-01")
    page.get_by_label("Participants", exact=True).fill("3")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    expect(page.get_by_role("alert").first).to_contain_text("Lyon est du côté France")
    assert serious_violations(page) == []


@pytest.fixture
def many_exchanges(balance_2009, regions, lyon_commune, trois_rivieres_ville):
    """Thirty exchanges, more than a page of the list."""
    for number in range(30):
        make_exchange(lyon_commune, trois_rivieres_ville, title=f"Stage {number}", participants=number + 1,
                      start=datetime.date(2008 + number % 3, 6, 1))


def test_the_mobility_pages_are_accessible(page, many_exchanges, regions):
    filtered = f"/mobilite/?year=2009&direction=fr_to_qc&kind=internship&region={regions['fr'].pk}"
    paths = ["/mobilite/", "/mobilite/?page=2", filtered, "/mobilite/bilan/", "/mobilite/bilan/?year=2009",
             "/mobilite/bilan/?year="]
    for path in paths:
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        assert serious_violations(page) == [], path
    log_in(page, "secretariat")
    for path in ("/mobilite/", "/mobilite/echanges/nouveau/", "/mobilite/objectifs/2009/"):
        page.goto(path)
        assert serious_violations(page) == [], path
    page.goto("/mobilite/echanges/nouveau/")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert serious_violations(page) == []


def test_the_list_filters_and_pages_without_javascript(browser, live_server, many_exchanges):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto("/mobilite/")
    expect(page.get_by_text("31 échanges")).to_be_visible()
    page.get_by_role("link", name="Page suivante").click()
    expect(page.get_by_text("Page 2 sur 2")).to_be_visible()
    page.get_by_label("Année", exact=True).fill("2009")
    page.get_by_label("Sens", exact=True).select_option(label="Québec → France")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("rowheader", name="Échange de cégépiens")).to_be_visible()
    context.close()
