"""Logging in leads an editor to their space: their collectivity, what needs their
attention, their projects and the shortcuts; axe-core finds no serious or critical
violation there, at desktop and phone widths."""
import re

import pytest
from playwright.sync_api import expect

from projects.models import Project
from projects.tests.factories import make_project

from .fixtures import log_in, serious_violations


@pytest.mark.parametrize("width", [1280, 390])
def test_an_editor_lands_on_their_space_and_follows_a_check_to_the_filtered_list(page, personas, lyon_commune, width):
    make_project(lyon_commune, title="Forêts urbaines", status=Project.Status.ONGOING)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "lyon")
    expect(page).to_have_url(re.compile(r"/mon-espace/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("link", name="Lyon", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Forêts urbaines")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Pas de partenaire à la fois français et québécois : 1 projet").click()
    expect(page.get_by_role("link", name="Forêts urbaines")).to_be_visible()
    assert "check=lacks_both_sides" in page.url
