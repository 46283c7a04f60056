"""A collectivity editor creates a project through the projects pages and finds it counted
on the tableau de bord; axe-core finds no serious or critical violation there."""
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

    # The figure leads to the list of the projects behind it.
    page.goto("/tableau-de-bord/")
    figure(page, "piste-dd-1").click()
    expect(page).to_have_url(re.compile(r"/projets/\?piste=dd-1"))
    expect(page.get_by_role("link", name="Écoquartiers partagés")).to_be_visible()


def test_the_public_dashboard_has_no_serious_accessibility_violation(page, personas, plan):
    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord du plan d'action")
    expect(page.get_by_role("img", name="Projets actifs par axe et par année")).to_be_visible()
    assert serious_violations(page) == []
