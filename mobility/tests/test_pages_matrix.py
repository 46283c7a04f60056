"""The mobility's routes × every persona (route_rows.py), with the data the rows name."""
import pytest

from core.testing.matrix import by_route, check_routes, login_clients
from mobility.models import Direction

from .conftest import make_exchange
from .route_rows import ROWS


@pytest.fixture
def world(personas, regions, lyon_commune, trois_rivieres_ville):
    ids = {
        "lyon_exchange": make_exchange(lyon_commune, None, host_body="Université du Québec").pk,
        "shared_exchange": make_exchange(lyon_commune, trois_rivieres_ville, title="Saison").pk,
        "quebec_exchange": make_exchange(trois_rivieres_ville, None, direction=Direction.QC_TO_FR,
                                         host_body="Université Lyon 2", title="Cégépiens").pk,
    }
    return login_clients(personas), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)
