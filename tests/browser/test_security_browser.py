"""The Content-Security-Policy holds in a real browser: the API documentation (Swagger UI)
works under it, a blocked inline style is caught by the `page` fixture, and a locked-out
login shows its French message in the site's layout."""
from playwright.sync_api import expect

from .fixtures import log_in, serious_violations


def test_the_api_documentation_works_under_the_policy(page):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Maillage API")).to_be_visible()
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/collectivities").first
    expect(operation).to_be_visible()
    operation.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")


def test_an_inline_style_is_refused_and_reported(page):
    page.goto("/")
    page.evaluate(
        "() => { const style = document.createElement('style');"
        " style.textContent = 'body { color: red }'; document.head.append(style); }"
    )
    page.wait_for_function("() => true")  # let the console message arrive
    page.wait_for_timeout(200)
    assert any("style-src" in violation for violation in page.csp_violations), page.csp_violations
    assert page.evaluate("() => getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    page.csp_violations.clear()  # the check worked: do not fail this test for it


def test_a_locked_account_sees_when_to_try_again(page, personas):
    for _ in range(5):
        log_in(page, "lyon", password="pas-le-bon")
    log_in(page, "lyon")
    expect(page.get_by_role("alert").first).to_contain_text(
        "Trop de tentatives de connexion. Réessayez dans 15 minutes, "
        "ou demandez au secrétariat de débloquer le compte."
    )
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    assert serious_violations(page) == []
