"""The site's mark: linked from every page, and /favicon.ico answers (no 404 in logs)."""
import xml.dom.minidom

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

FAVICON = "/static/maillage/favicon.svg"


def test_every_page_links_the_svg_mark(client):
    html = client.get("/").content.decode()
    assert f'<link rel="icon" href="{FAVICON}" type="image/svg+xml">' in html


def test_the_500_page_links_it_too():
    from django.template import loader

    assert f'<link rel="icon" href="{FAVICON}"' in loader.render_to_string("500.html")


def test_favicon_ico_leads_anyone_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == FAVICON
    served = client.get(FAVICON)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/svg+xml")


def test_the_mark_is_well_formed_svg():
    # A "--" inside an XML comment, for one, makes browsers show an error instead of the mark.
    document = xml.dom.minidom.parse(finders.find("maillage/favicon.svg"))
    assert document.documentElement.tagName == "svg"
    assert document.documentElement.getAttribute("viewBox") == "0 0 32 32"
