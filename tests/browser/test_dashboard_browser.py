"""A collectivity editor creates a project through the projects pages and finds it counted
on the tableau de bord; axe-core finds no serious or critical violation there, on a desktop
and on a phone 390 px wide, where nothing scrolls sideways."""
import re

import pytest
from playwright.sync_api import expect

from plan.models import Axis, Piste, Plan
from projects.models import ExchangeRate

from .fixtures import log_in, serious_violations


@pytest.fixture
def plan(db):
    plan = Plan.objects.create(slug="2008-2010", title="Plan d'action 2008-2010", start_year=2008, end_year=2010)
    axis = Axis.objects.create(plan=plan, slug="dd", position=1, title="Développement durable")
    for position, code in enumerate(["dd-1", "dd-2"], start=1):
        Piste.objects.create(axis=axis, code=code, position=position, text=f"Piste {code} du développement durable")
    ExchangeRate.objects.create(valid_from="2024-01-01", cad_per_eur="1.4700", source="test")
    return plan


@pytest.fixture(autouse=True)
def empty_cache():
    # The dashboard caches its figures in the process that also runs the live server.
    from django.core.cache import cache

    cache.clear()


def figure(page, name: str):
    return page.locator(f'[data-figure="{name}"]')


def test_an_editor_creates_a_project_and_sees_it_counted_on_the_dashboard(page, personas, plan):
    log_in(page, "lyon")
    page.goto("/tableau-de-bord/")
    expect(figure(page, "piste-dd-1")).to_have_text("0")
    assert serious_violations(page) == []

    page.goto("/projets/nouveau/")
    page.get_by_label("Titre").fill("Écoquartiers partagés")
    page.get_by_label("Résumé").fill("Échanges entre Lyon et Trois-Rivières sur les écoquartiers.")
    page.get_by_label("Pistes de coopération").select_option(label="dd-1 — Piste dd-1 du développement durable")
    page.get_by_label("Début").fill("2009-03-01")
    page.get_by_label("État").select_option("en_cours")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Écoquartiers partagés")

    page.goto("/tableau-de-bord/")
    expect(figure(page, "total")).to_have_text("1")
    expect(figure(page, "status-en_cours")).to_have_text("1")
    expect(figure(page, "piste-dd-1")).to_have_text("1")
    expect(page.locator("#pistes-sans-projet")).to_contain_text("1 piste sans aucun projet")

    # Filtering by year, without JavaScript needed: a plain GET form.
    page.get_by_role("spinbutton", name="Année").fill("2008")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"year=2008"))
    expect(figure(page, "piste-dd-1")).to_have_text("0")

    # The figure leads to the list of the projects behind it (the axis' detail unfolded first).
    page.goto("/tableau-de-bord/")
    page.locator("details.axis-detail > summary").first.click()
    figure(page, "piste-dd-1").click()
    expect(page).to_have_url(re.compile(r"/projets/\?piste=dd-1"))
    expect(page.get_by_role("link", name="Écoquartiers partagés")).to_be_visible()


def test_the_public_dashboard_has_no_serious_accessibility_violation(page, personas, plan):
    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord du plan d'action")
    expect(page.get_by_role("img", name="Projets actifs par axe et par année")).to_be_visible()
    assert serious_violations(page) == []


@pytest.fixture
def regions_world(plan, lyon_commune, trois_rivieres_ville):
    """Every région of both sides, a project with partners in Auvergne-Rhône-Alpes and the
    Mauricie, a twinning, exchanges and an envelope: every block of the page has figures."""
    from datetime import date
    from decimal import Decimal

    from fund.models import Envelope
    from mobility.models import Direction, Exchange, ExchangeKind
    from projects.models import BudgetLine, Partner, Project
    from registry.models import Twinning
    from territories.models import Collectivity, Kind, Side
    from territories.reference import load_reference_data

    load_reference_data()
    regions = {(r.side, r.code): r for r in Collectivity.objects.current().filter(kind=Kind.REGION)}
    lyon, trois_rivieres = lyon_commune, trois_rivieres_ville
    lyon.region = regions["fr", "84"]
    lyon.save()
    trois_rivieres.region = regions["qc", "04"]
    trois_rivieres.save()
    project = Project.objects.create(title="Écoquartiers", summary="Échanges", status=Project.Status.ONGOING,
                                     is_public=True, start_date=date(2009, 3, 1))
    project.pistes.set([Piste.objects.get(code="dd-1")])
    partner = Partner.objects.create(project=project, collectivity=lyon, role=Partner.Role.LEAD)
    Partner.objects.create(project=project, collectivity=trois_rivieres)
    BudgetLine.objects.create(project=project, source="Ville", funder=partner, amount=Decimal("10000"), currency="EUR")
    Twinning.objects.create(french=lyon, quebec=trois_rivieres, since_year=1990)
    Exchange.objects.create(title="Stage", kind=ExchangeKind.INTERNSHIP, direction=Direction.FR_TO_QC,
                            participants=4, start_date=date(2009, 5, 1))
    Envelope.objects.create(side=Side.FRANCE, year=2009, amount=Decimal("150000"), currency="EUR")
    return regions


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_reads_at_a_glance_on_a_desktop_and_a_phone(page, regions_world, width):
    page.set_viewport_size({"width": width, "height": 900})
    mauricie = regions_world["qc", "04"]
    page.goto(f"/tableau-de-bord/?year=2009&region={mauricie.pk}")
    expect(page.locator('[data-figure="key-projects"]')).to_have_text("1")
    expect(page.locator('[data-figure="key-twinnings"]')).to_have_text("1")
    expect(page.get_by_role("link", name="Retirer le filtre Année : 2009")).to_be_visible()
    # The map: every tile a link named by its région and count.
    expect(page.locator("#carte a[data-region]")).to_have_count(35)
    expect(page.get_by_role("link", name="Mauricie : 1 projet")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The detail unfolds, then the pistes without project within it.
    page.locator("details.axis-detail > summary").first.click()
    expect(figure(page, "piste-dd-1")).to_be_visible()
    expect(figure(page, "piste-dd-2")).to_be_hidden()
    page.get_by_text("1 piste sans projet").click()
    expect(figure(page, "piste-dd-2")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A chip removes its filter.
    page.get_by_role("link", name="Retirer le filtre Année : 2009").click()
    expect(page).to_have_url(re.compile(rf"/tableau-de-bord/\?region={mauricie.pk}$"))
    page.get_by_role("link", name="Tout effacer").click()
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))

    # A tile leads to the list of its projects.
    page.get_by_role("link", name="Mauricie : 1 projet").click()
    expect(page).to_have_url(re.compile(rf"/projets/\?region={mauricie.pk}$"))
    expect(page.get_by_role("link", name="Écoquartiers")).to_be_visible()


def test_the_folded_detail_opens_without_javascript(browser, live_server, regions_world):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/tableau-de-bord/")
        expect(figure(page, "piste-dd-1")).to_be_hidden()
        page.locator("details.axis-detail > summary").first.click()
        expect(figure(page, "piste-dd-1")).to_be_visible()
        expect(page.locator('[data-figure="key-projects"]')).to_have_text("1")
    finally:
        context.close()
