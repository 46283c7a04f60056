"""A person reads the plan and the secretariat follows a piste up, in a real browser,
without JavaScript being needed; axe-core finds no serious or critical violation."""
import pytest
from playwright.sync_api import expect

from plan.models import Piste
from tests.browser.fixtures import log_in, serious_violations

pytestmark = pytest.mark.browser


def test_plan_pages_have_no_serious_accessibility_violation(page, plan_2008, make_project):
    make_project(Piste.objects.get(code="nv-4"))
    for path in ("/plan/", "/plan/2008-2010/", "/plan/2008-2010/pistes/nv-4/"):
        page.goto(path)
        assert serious_violations(page) == [], path


def test_the_secretariat_changes_a_piste_status_with_the_keyboard(page, personas, plan_2008):
    log_in(page, "secretariat")
    page.goto("/plan/2008-2010/pistes/dd-3/")
    assert serious_violations(page) == []
    page.get_by_label("État de suivi").select_option(label="En cours")
    page.get_by_label("Instance responsable").fill("Comité technique")
    page.get_by_label("Instance responsable").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Le suivi de la piste dd-3 est enregistré.")
    assert Piste.objects.values_list("status", "responsible_body").get(code="dd-3") == ("en_cours", "Comité technique")
