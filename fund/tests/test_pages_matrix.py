"""The fund's pages, every route × every persona (fund/tests/route_rows_pages.py), with
the data the rows name."""
import pytest

from core.testing.matrix import by_route, check_routes, login_clients
from fund import actions

from .factories import make_application
from .route_rows_pages import ROWS


@pytest.fixture
def world(personas, call, regions, lyon_commune, trois_rivieres_ville):
    draft = make_application(call, lyon_commune, trois_rivieres_ville)
    reviewed = make_application(call, lyon_commune, trois_rivieres_ville, title="Circuits courts")
    secretariat = personas["secretariat"]
    actions.submit(reviewed, by=personas["lyon"])
    for territory in regions.values():
        actions.endorse(reviewed, territory=territory, by=secretariat)
    actions.check_eligibility(reviewed, by=secretariat)
    (review,) = actions.open_review(reviewed, by=secretariat, reviewers=[personas["reviewer"]])
    ids = {"call": call.pk, "draft": draft.pk, "reviewed": reviewed.pk, "review": review.pk,
           "location": draft.locations.first().pk, "document": draft.documents.first().pk}
    return login_clients(personas), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)
