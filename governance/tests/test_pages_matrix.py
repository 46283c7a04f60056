"""The governance's routes × every persona (route_rows.py), with the data the rows name."""
import datetime

import pytest

from core.testing.matrix import by_route, check_routes, login_clients

from .conftest import PARIS, make_action_item, make_decision, make_meeting
from .route_rows import ROWS


@pytest.fixture
def world(personas, committee):
    meeting = make_meeting(committee)
    decision = make_decision(meeting)
    ids = {
        "meeting": meeting.pk,
        "decision": decision.pk,
        "item": make_action_item(decision=decision).pk,
        "hidden": make_meeting(committee, title="En préparation", published=False,
                               start=datetime.datetime(2010, 10, 20, 9, tzinfo=PARIS)).pk,
    }
    return login_clients(personas), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)
