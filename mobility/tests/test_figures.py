"""The balance's figures on a known set of exchanges: per direction, kind and région, the
imbalance, its trend and the targets; a bounded number of queries; the data version."""
import datetime

import pytest

from mobility import figures
from mobility.models import Direction, ExchangeKind, Target
from projects.facts import data_version

from .conftest import make_exchange

QC = Direction.QC_TO_FR
Y2010 = datetime.date(2010, 3, 1)


@pytest.fixture
def exchanges(regions, lyon_commune, trois_rivieres_ville):
    """2009: France → Québec 10 + 5, Québec → France 4 + 3 (imbalance 8);
    2010: France → Québec 2 + 1 (the région itself), Québec → France 6 (imbalance −3);
    targets: 2009 at most 5 apart, 2011 at most 3 apart (no exchange that year)."""
    make_exchange(lyon_commune, trois_rivieres_ville, participants=10)
    make_exchange(lyon_commune, None, kind=ExchangeKind.SEASONAL, participants=5)
    make_exchange(trois_rivieres_ville, lyon_commune, direction=QC, kind=ExchangeKind.STUDY, participants=4)
    make_exchange(None, lyon_commune, direction=QC, kind=ExchangeKind.YOUTH, participants=3,
                  sending_body="Office franco-québécois pour la jeunesse")
    make_exchange(trois_rivieres_ville, lyon_commune, direction=QC, kind=ExchangeKind.STAFF, participants=6,
                  start=Y2010)
    make_exchange(lyon_commune, trois_rivieres_ville, kind=ExchangeKind.RESIDENCY, participants=2, start=Y2010)
    make_exchange(regions["fr"], trois_rivieres_ville, kind=ExchangeKind.YOUTH, participants=1, start=Y2010)
    Target.objects.create(year=2009, max_imbalance=5)
    Target.objects.create(year=2011, max_imbalance=3)
    return regions


def test_the_balance_of_a_year_per_direction_and_kind(exchanges):
    found = figures.balance(2009)
    assert (found.fr_to_qc, found.qc_to_fr, found.total, found.imbalance) == (15, 7, 22, 8)
    assert {k.kind: (k.fr_to_qc, k.qc_to_fr) for k in found.by_kind} == {
        "internship": (10, 0), "seasonal": (5, 0), "study": (0, 4), "staff": (0, 0), "residency": (0, 0),
        "youth": (0, 3)}
    assert found.target.max_imbalance == 5 and found.target_met is False


def test_every_year_together(exchanges):
    found = figures.balance()
    assert (found.fr_to_qc, found.qc_to_fr, found.imbalance) == (18, 13, 5)
    assert found.target is None and found.target_met is None


def test_the_regions_count_what_their_collectivities_send_and_host(exchanges):
    ara, mauricie = exchanges["fr"], exchanges["qc"]
    assert [(r.name, r.side, r.sent, r.hosted) for r in figures.balance(2009).by_region] == [
        ("Auvergne-Rhône-Alpes", "fr", 15, 7), ("Mauricie", "qc", 4, 10)]
    # In 2010 the région itself sends one participant: counted as its own.
    assert {r.region_id: (r.sent, r.hosted, r.imbalance) for r in figures.by_region(2010)} == {
        ara.pk: (3, 6, -3), mauricie.pk: (6, 3, 3)}


def test_the_trend_over_the_years_with_the_targets(exchanges):
    rows = figures.trend()
    assert [(r.year, r.fr_to_qc, r.qc_to_fr, r.imbalance, r.trend, r.target_met) for r in rows] == [
        (2009, 15, 7, 8, None, False),
        (2010, 3, 6, -3, figures.Trend.NARROWING, None),
        (2011, 0, 0, 0, figures.Trend.NARROWING, True),
    ]
    (only_2010,) = figures.trend(year=2010)
    assert only_2010.trend == figures.Trend.NARROWING
    assert figures.years() == [2010, 2009]


def test_a_wider_gap_is_a_widening_trend(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=2)
    make_exchange(lyon_commune, trois_rivieres_ville, participants=2, start=Y2010)
    make_exchange(trois_rivieres_ville, lyon_commune, direction=QC, participants=6, start=datetime.date(2011, 1, 1))
    assert [r.trend for r in figures.trend()] == [None, figures.Trend.STEADY, figures.Trend.WIDENING]


def test_the_figures_take_a_fixed_number_of_queries(exchanges, django_assert_num_queries,
                                                    lyon_commune, trois_rivieres_ville):
    # by kind, the year's target, régions of the senders, régions of the hosts
    with django_assert_num_queries(4):
        figures.balance(2009)
    for _more in range(5):
        make_exchange(lyon_commune, trois_rivieres_ville, participants=1)
    with django_assert_num_queries(4):
        figures.balance(2009)
    # per year and direction, the targets
    with django_assert_num_queries(2):
        figures.trend()


def test_every_declared_source_moves_the_data_version(exchanges, lyon_commune):
    before = data_version()
    exchange = make_exchange(lyon_commune, None, participants=1)
    assert data_version() > before
    before = data_version()
    exchange.participants = 2
    exchange.save(update_fields=["participants"])
    assert data_version() > before
    before = data_version()
    exchange.title = "Autre intitulé"
    exchange.save(update_fields=["title"])  # not read by the figures
    assert data_version() == before
    target = Target.objects.get(year=2009)
    target.max_imbalance = 9
    target.save()
    assert data_version() > before
    before = data_version()
    lyon_commune.region = None
    lyon_commune.save(update_fields=["region"])
    assert data_version() > before
    before = data_version()
    exchange.delete()
    assert data_version() > before
