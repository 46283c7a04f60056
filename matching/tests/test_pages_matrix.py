"""The matchmaking's pages and bourse API, every route × every persona
(matching/tests/route_rows_pages.py), with the data the rows name."""
from dataclasses import replace

import pytest

from accounts.models import ApiToken
from core.testing.matrix import by_route, check_routes, login_clients
from matching.models import Interest

from .factories import make_exchange, make_posting, make_profile
from .route_rows_pages import ROWS


@pytest.fixture
def world(personas, themes, lyon_commune, villeurbanne, lyon_profile, tr_profile, organisation_profile):
    # With their author: a posting's validation asks for one (the API's rows change them).
    posting = make_posting(tr_profile, themes=[themes["culture"]], created_by=personas["trois_rivieres"])
    hidden_posting = make_posting(tr_profile, title="Brouillon d'annonce", is_published=False,
                                  created_by=personas["trois_rivieres"])
    exchange = make_exchange(tr_profile, themes=[themes["jeunesse"]])
    hidden_exchange = make_exchange(tr_profile, post="Archiviste", is_published=False)
    draft = make_profile(villeurbanne, is_published=False)
    pending = Interest.objects.create(sender=lyon_profile, recipient=tr_profile, sent_by=personas["lyon"])
    accepted = Interest.objects.create(sender=organisation_profile, recipient=tr_profile,
                                       status=Interest.Status.ACCEPTED)
    ids = {"lyon_profile": lyon_profile.pk, "tr_profile": tr_profile.pk, "organisation_profile": organisation_profile.pk,
           "draft": draft.pk, "posting": posting.pk, "hidden_posting": hidden_posting.pk, "exchange": exchange.pk,
           "hidden_exchange": hidden_exchange.pk, "pending": pending.pk, "accepted": accepted.pk,
           "lyon_commune": lyon_commune.pk, "villeurbanne": villeurbanne.pk,
           "jeunesse": themes["jeunesse"].pk, "culture": themes["culture"].pk}
    tokens = {persona: ApiToken.objects.issue(user, label="Matrice", by=None)[1] for persona, user in personas.items()}
    return login_clients(personas, tokens), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    rows = [replace(row, data={key: value.format_map(ids) if isinstance(value, str) else value
                               for key, value in row.data.items()})
            for row in by_route(ROWS)[route]]
    check_routes(rows, clients, ids)
