import datetime

import pytest
from django.core.cache import cache

from conftest import make_collectivity
from mobility.models import Direction, Exchange, ExchangeKind
from territories.models import Kind, Side


@pytest.fixture(autouse=True)
def fresh_cache():
    # The tableau de bord caches its figures by data version, which restarts in each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(lyon_commune, trois_rivieres_ville):
    """Lyon in Auvergne-Rhône-Alpes, Trois-Rivières in Mauricie."""
    ara = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    for collectivity, region in ((lyon_commune, ara), (trois_rivieres_ville, mauricie)):
        collectivity.region = region
        collectivity.save()
    return {"fr": ara, "qc": mauricie}


def make_exchange(sending=None, host=None, *, direction=Direction.FR_TO_QC, participants=10,
                  kind=ExchangeKind.INTERNSHIP, start=datetime.date(2009, 6, 1), title="Stages d'été", **fields):
    exchange = Exchange(title=title, kind=kind, direction=direction, sending_collectivity=sending,
                        host_collectivity=host, start_date=start, participants=participants, **fields)
    if sending is None and not fields.get("sending_body"):
        exchange.sending_body = "Office franco-québécois pour la jeunesse"
    if host is None and not fields.get("host_body"):
        exchange.host_body = "Cégep de Trois-Rivières"
    exchange.full_clean()
    exchange.save()
    return exchange
