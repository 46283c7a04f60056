"""The API's documentation (/api/v1/docs, Swagger UI served locally) in a real browser: a
link back to the site above it (no JavaScript needed), the description's Markdown link to
the site rendered, and the operations grouped under French names."""
from playwright.sync_api import expect


def test_the_docs_link_back_to_the_site_and_group_operations_in_french(page, db):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Maillage API")).to_be_visible()
    for group in ("Collectivités", "Plan d'action", "Tableau de bord", "Ententes", "Bourse des partenariats"):
        expect(page.locator(".opblock-tag", has_text=group).first).to_be_visible()
    expect(page.locator(".opblock-tag", has_text="matching")).to_have_count(0)
    # The description's Markdown, rendered by Swagger UI.
    described = page.locator(".info .description a", has_text="← Revenir au site Maillage")
    expect(described).to_be_visible()
    expect(described).to_have_attribute("href", "/")
    # The page's own link, above the documentation.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="← Revenir au site Maillage").click()
    page.wait_for_url(lambda url: url.endswith("/") and "/api/" not in url)
    expect(page.locator("h1").first).to_be_visible()
