"""Complementarity, growth and the map, every route × every persona
(registry/tests/route_rows_views.py), with the data the rows name."""
import pytest

from core.testing.matrix import by_route, check_routes, login_clients

from .insights_data import build
from .route_rows_views import ROWS


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    data = build(lyon_commune, trois_rivieres_ville)
    return login_clients(personas), {"theme": data["culture"].pk}


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)
