"""The API's documentation at /api/v1/docs: a French page with a link back to the site, the
description's Markdown link to it, and every operation in one French group (TAGS)."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_links_back_to_the_site_without_javascript(client):
    content = client.get("/api/v1/docs").content.decode()
    assert '<html lang="fr">' in content
    assert '<a href="/">← Revenir au site Maillage</a>' in content
    assert '<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>' in content  # in <noscript>


def test_the_description_links_to_the_site_in_markdown(client):
    info = client.get("/api/v1/openapi.json").json()["info"]
    assert info["description"].startswith("[← Revenir au site Maillage](/)\n\n")


def test_every_operation_is_in_one_declared_french_group(client):
    schema = client.get("/api/v1/openapi.json").json()
    declared = [tag["name"] for tag in schema["tags"]]
    used = {tag for operations in schema["paths"].values() for operation in operations.values()
            for tag in operation["tags"]}
    assert all(len(operation["tags"]) == 1 for operations in schema["paths"].values()
               for operation in operations.values())
    assert used == set(declared)
    assert {"matching", "plan", "dashboard"}.isdisjoint(used)
    assert all(tag["description"] for tag in schema["tags"])


def test_every_operation_is_summarized_and_described_in_french(client):
    """The descriptions come from the docstrings unless given: none may be the code's English."""
    import re

    english = re.compile(r"\b(the|of the|with|which|published ones)\b")
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} : pas de résumé"
            text = f"{operation['summary']} {operation.get('description', '')}"
            assert not english.search(text), f"{method.upper()} {path} : « {text} »"
