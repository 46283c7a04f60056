"""The balance of mobility on the tableau de bord: the same figures as the balance page
(mobility.figures), recomputed at once when an exchange changes (the data version)."""
import datetime
import re

from django.test import Client

from mobility.models import Direction, Target

from .conftest import make_exchange


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1).strip()


def test_the_dashboard_shows_the_balance_and_follows_changes(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=10)
    Target.objects.create(year=2009, max_imbalance=4)
    html = Client().get("/tableau-de-bord/").content.decode()
    assert figure(html, "mobility-2009-fr_to_qc") == "10" and figure(html, "mobility-2009-imbalance") == "10"
    assert "non atteint" in re.search(r'data-figure="mobility-2009-target">(.*?)</td>', html).group(1)
    # A new exchange shows at once: the cached figures follow the data version.
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, participants=7)
    html = Client().get("/tableau-de-bord/").content.decode()
    assert figure(html, "mobility-2009-qc_to_fr") == "7" and figure(html, "mobility-2009-imbalance") == "3"
    assert "<strong>atteint</strong>" in re.search(r'data-figure="mobility-2009-target">(.*?)</td>', html).group(1)


def test_the_year_filter_applies(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=10)
    make_exchange(lyon_commune, trois_rivieres_ville, participants=3, start=datetime.date(2010, 5, 1))
    html = Client().get("/tableau-de-bord/?year=2010").content.decode()
    assert figure(html, "mobility-2010-fr_to_qc") == "3" and 'data-figure="mobility-2009-' not in html
