"""The open-data exports × every persona (route_rows.py), over opendata_data's world; the
same file for every persona (what is published, never more); the dashboard's links to them."""
import re

import pytest

from core.testing.matrix import by_route, check_routes, login_clients

from .opendata_data import make_open_world
from .route_rows import ROWS


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    make_open_world(personas, lyon_commune, trois_rivieres_ville)
    return login_clients(personas), {}


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)


@pytest.mark.parametrize("url", [row.path for row in ROWS if row.method == "GET"])
def test_every_persona_gets_the_same_file(world, url):
    clients, _ids = world
    bodies = {persona: client.get(url).content for persona, client in clients.items()}
    assert "Jardins partagés".encode() not in bodies["secretariat"]
    # generated-datetime aside, the IATI file is the same: strip it before comparing.
    stripped = {persona: re.sub(rb'generated-datetime="[^"]*"', b"", body) for persona, body in bodies.items()}
    assert len(set(stripped.values())) == 1


def test_the_dashboard_links_every_export(world):
    clients, _ids = world
    html = clients["anonymous"].get("/tableau-de-bord/").content.decode()
    section = re.search(r'<section id="donnees-ouvertes".*?</section>', html, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)" data-export="(\w+)"', section))
    assert set(links.values()) == {"iati", "partners", "links"}
    assert set(links) == {row.path for row in ROWS if row.method == "GET"}
    for url in links:
        assert clients["anonymous"].get(url).status_code == 200
