"""A project's outcomes read as counts: « 21 entreprises », « 1 500 tonnes », not « 21,00 »."""
import datetime
from decimal import Decimal

import pytest

from projects.models import Measurement

from .factories import make_indicator, make_project

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


@pytest.fixture
def indicator(lyon_commune):
    project = make_project(lyon_commune)
    indicator = make_indicator(project, lyon_commune, name="Déchets valorisés", unit="tonnes",
                               baseline=Decimal("21.00"), target=Decimal("1500.00"))
    for value, month in ((Decimal("1500.00"), 1), (Decimal("12.50"), 2)):
        Measurement.objects.create(indicator=indicator, period_start=datetime.date(2025, month, 1),
                                   period_end=datetime.date(2025, month, 28), value=value)
    return indicator


def test_the_project_page_writes_outcomes_without_decimals(client, personas, indicator):
    client.force_login(personas["secretariat"])
    page = client.get(f"/projets/{indicator.project_id}/").content.decode()
    assert f"Valeur de départ : 21 tonnes · cible : 1{NNBSP}500 tonnes" in page
    assert f">1{NNBSP}500 tonnes</td>" in page
    assert ">12,5 tonnes</td>" in page
    assert "21,00" not in page and "1500,00" not in page


def test_the_queue_of_measurements_too(client, personas, indicator):
    client.force_login(personas["secretariat"])
    page = client.get("/projets/mesures/a-valider/").content.decode()
    assert f">1{NNBSP}500 tonnes</td>" in page and ">12,5 tonnes</td>" in page
