"""A collectivity editor creates a project with JavaScript turned off (plain forms), finds
it on its page and in the list; another collectivity's editor cannot change it; axe-core
finds no serious or critical violation on the list and on the project page."""
import re

import pytest
from playwright.sync_api import expect

from plan.models import Axis, Piste, Plan
from projects.models import Project

from .fixtures import log_in, serious_violations


@pytest.fixture
def plan(db):
    plan = Plan.objects.create(slug="2008-2010", title="Plan d'action 2008-2010", start_year=2008, end_year=2010)
    axis = Axis.objects.create(plan=plan, slug="ci", position=1, title="Culture et identité")
    Axis.objects.create(plan=plan, slug="tourisme", position=9, title="Le tourisme", kind=Axis.Kind.THEME)
    Piste.objects.create(axis=axis, code="ci-1", position=1, text="Coopérations sur le patrimoine")
    return plan


def test_an_editor_creates_a_project_without_javascript_and_another_editor_cannot_change_it(
        no_js_page, page, personas, plan):
    log_in(no_js_page, "lyon")
    no_js_page.goto("/projets/")
    no_js_page.get_by_role("link", name="Créer un projet").click()
    expect(no_js_page.get_by_label("Collectivité porteuse")).to_have_value(str(personas["lyon"].memberships.get().collectivity_id))
    no_js_page.get_by_label("Titre").fill("Patrimoine des vieux quartiers")
    no_js_page.get_by_label("Résumé").fill("Restauration et médiation du patrimoine bâti.")
    no_js_page.get_by_label("Pistes de coopération").select_option(label="ci-1 — Coopérations sur le patrimoine")
    no_js_page.get_by_label("Le tourisme").check()
    no_js_page.get_by_label("Début").fill("2025-01-01")
    no_js_page.get_by_label("Fin").fill("2024-01-01")
    no_js_page.get_by_role("button", name="Enregistrer").click()
    # A clear French error, next to the field, and the typed values are kept.
    expect(no_js_page.get_by_role("alert")).to_contain_text("La fin (1er janv. 2024) précède le début (1er janv. 2025).")
    no_js_page.get_by_label("Fin").fill("2027-12-31")
    no_js_page.get_by_role("button", name="Enregistrer").click()

    project = Project.objects.get(title="Patrimoine des vieux quartiers")
    expect(no_js_page).to_have_url(re.compile(rf"/projets/{project.pk}/$"))
    expect(no_js_page.get_by_role("status")).to_contain_text("Patrimoine des vieux quartiers")
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Patrimoine des vieux quartiers")
    expect(no_js_page.locator("#partenaires")).to_contain_text("Lyon")
    expect(no_js_page.locator("#partenaires")).to_contain_text("Chef de file")
    # Lyon is the only partner: its request publishes the project (docs/roles.md, Publication).
    no_js_page.get_by_role("button", name="Demander la publication").click()
    expect(no_js_page.get_by_role("status")).to_contain_text("Le projet est publié.")

    # The journal form, still without JavaScript: the link leads to a page with the form.
    no_js_page.get_by_role("link", name="Ajouter une entrée au journal").click()
    no_js_page.get_by_label("Texte").fill("Premier comité de pilotage.")
    no_js_page.get_by_role("button", name="Enregistrer").click()
    expect(no_js_page.locator("#journal")).to_contain_text("Premier comité de pilotage.")

    no_js_page.goto("/projets/")
    expect(no_js_page.get_by_role("link", name="Patrimoine des vieux quartiers")).to_be_visible()

    # Trois-Rivières's editor reads the published project but gets a 403 when changing it.
    log_in(page, "trois_rivieres")
    page.goto(f"/projets/{project.pk}/")
    expect(page.get_by_role("link", name="Modifier le projet")).to_have_count(0)
    response = page.goto(f"/projets/{project.pk}/modifier/")
    assert response.status == 403


def test_htmx_loads_the_add_form_inline_and_the_pages_pass_axe(page, personas, plan, lyon_commune):
    project = Project.objects.create(title="Relève artistique", summary="Résidences croisées",
                                     start_date="2025-01-01", is_public=True)
    project.partners.create(collectivity=lyon_commune, role="chef_de_file")
    log_in(page, "lyon")
    page.goto(f"/projets/{project.pk}/")
    page.get_by_role("link", name="Ajouter une activité ou un jalon").click()
    expect(page.locator("#ajout-activite form")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/projets/{project.pk}/$"))  # stayed on the page
    page.locator("#ajout-activite").get_by_label("Titre").fill("Mission d'étude")
    page.locator("#ajout-activite").get_by_label("Date").first.fill("2025-05-01")
    page.locator("#ajout-activite").get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#activites")).to_contain_text("Mission d'étude")
    # Reloaded: the flash message list of base.html is checked by its own owner.
    page.goto(f"/projets/{project.pk}/")
    assert serious_violations(page) == []

    page.goto("/projets/")
    expect(page.get_by_role("link", name="Relève artistique")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"/projets/{project.pk}/historique/")
    assert serious_violations(page) == []
