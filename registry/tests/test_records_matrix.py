"""The records' pages and the API, every route × every persona
(registry/tests/route_rows_records.py), with records_data's records."""
import pytest
from django.core.files.base import ContentFile

from accounts.models import ApiToken
from core.testing.matrix import check_routes, login_clients
from registry import actions
from registry.models import Twinning

from .records_data import *  # noqa: F403
from .route_rows_records import ROWS


@pytest.fixture
def world(records, places, personas):
    for name in ("ra7", "lyon_tr"):
        records[name].document.save("entente-signee.pdf", ContentFile(b"%PDF-1.4 entente"), save=True)
    doomed = actions.create_twinning(by=personas["secretariat"], french=places["villeurbanne"],
                                     quebec=places["levis"], since_year=2001)
    doomed_id = doomed.pk
    actions.delete_twinning(doomed, by=personas["secretariat"])
    deleted = Twinning.history.filter(id=doomed_id, history_type="-").get()
    ids = {name: records[name].pk for name in ("ra7", "ra8", "ra9", "lyon_tr", "chicoutimi")}
    ids.update(lyon_tw=records["lyon"].pk, deleted=deleted.history_id)
    tokens = {persona: ApiToken.objects.issue(user, label="Matrice", by=None)[1] for persona, user in personas.items()}
    return login_clients(personas, tokens), ids


def test_every_route_for_every_persona(world):
    """One world for every row (each request is rolled back): the report names every
    mismatch at once."""
    clients, ids = world
    check_routes(ROWS, clients, ids)
