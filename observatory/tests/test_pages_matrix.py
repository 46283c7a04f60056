"""The observatory's routes × every persona (route_rows.py), with the data the rows name."""
import pytest

from core.testing.matrix import by_route, check_routes, login_clients
from observatory.models import Practice
from projects.models import Project

from .conftest import make_practice, make_project
from .route_rows import ROWS


@pytest.fixture
def world(personas, plan, regions, lyon_commune, trois_rivieres_ville):
    ids = {
        "published": make_practice(lyon_commune, trois_rivieres_ville).pk,
        "draft": make_practice(lyon_commune, title="Brouillon", status=Practice.Status.DRAFT).pk,
        "review": make_practice(lyon_commune, title="En relecture", status=Practice.Status.REVIEW).pk,
        "done": make_project(lyon_commune).pk,
        "running": make_project(lyon_commune, title="En cours", status=Project.Status.ONGOING).pk,
    }
    return login_clients(personas), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)
