"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), never a
downloaded browser, against pytest-django's live server; axe-core checks accessibility.

A pytest plugin (the root conftest.py loads it), so that every app's browser tests share
one Chromium: any test using the `page` fixture is marked `browser`.
"""
import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Django refuses to run sync ORM code in the same thread as Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium est introuvable à {CHROMIUM} : installez le paquet Debian chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A French-speaking visitor's tab. A test fails if one of its pages throws a JavaScript
    error or breaks the Content-Security-Policy (the browser refuses a script, a style, an
    image...: Chromium logs "Refused to ..." and fires securitypolicyviolation)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=True)
    # Playwright's init scripts run whatever the page's policy says; this one reports what
    # the policy blocked, with the directive, on the console.
    context.add_init_script(CSP_REPORTER)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    violations = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: _record_csp_violation(page, message, violations))
    page.csp_violations = violations  # for the test of this check itself
    yield page
    context.close()
    assert errors == [], "Erreurs JavaScript dans la page"
    assert violations == [], "Content-Security-Policy enfreinte"


@pytest.fixture
def no_js_page(browser, live_server):
    """A French-speaking visitor's tab with JavaScript turned off: the pages must read and
    their forms work without it."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || ""}:${event.lineNumber || ""})`);
});
"""


def _record_csp_violation(page, message, violations: list[str]) -> None:
    text = message.text
    if "Content Security Policy" in text or text.startswith(("Refused to", "CSP violation:")):
        violations.append(f"{page.url}: {text}")


def log_in(page, username: str, password: str = "mot-de-passe-sûr-42") -> None:
    """Log in through the real login form, as a person would."""
    page.goto("/comptes/connexion/")
    # Django's French labels (typographic apostrophe); the header's "Se connecter" is a link.
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, readable."""
    return _violations(page, impacts={"serious", "critical"})


def all_violations(page) -> list[str]:
    """axe-core's violations of any impact (minor and moderate too) on the current page,
    readable."""
    return _violations(page, impacts={"minor", "moderate", "serious", "critical", None})


def _violations(page, *, impacts: set) -> list[str]:
    """The page is checked at rest: no htmx request in flight (the form being submitted is
    dimmed meanwhile) and no CSS transition running, or axe would measure the contrast of
    half-faded text."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function(
        "() => !document.querySelector('.htmx-request')"
        " && document.getAnimations().every(animation => animation.playState !== 'running')"
    )
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in impacts:
            targets = [node["target"] for node in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found
