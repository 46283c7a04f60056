"""The suggestions' routes, every persona (matching/tests/route_rows_suggestions.py)."""
import pytest

from core.testing.matrix import by_route, check_routes, login_clients

from .route_rows_suggestions import ROWS


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(personas, route):
    check_routes(by_route(ROWS)[route], login_clients(personas), {})
