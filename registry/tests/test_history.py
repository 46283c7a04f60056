"""Today's entity of a record and back (registry/history.py), in a bounded number of queries."""
import datetime

from conftest import make_collectivity
from registry import history
from territories.models import Kind, Link, Side, Succession

from .records_data import *  # noqa: F403


def test_a_former_region_a_merged_municipality_and_a_commune_deleguee_lead_to_today(places, django_assert_num_queries):
    p = places
    records = [p["rhone_alpes"], p["chicoutimi"], p["annecy_le_vieux"], p["lyon"]]
    # 1 the successions of the former records, 2 the parent communes of the parts.
    with django_assert_num_queries(2):
        today = history.current_entities(records)
    assert today[p["rhone_alpes"].pk] == p["ara"]
    assert today[p["chicoutimi"].pk] == p["saguenay"]
    assert today[p["annecy_le_vieux"].pk] == p["annecy"]
    assert today[p["lyon"].pk] == p["lyon"]
    assert today[p["chicoutimi"].pk].region_id == p["saguenay_lac"].pk


def test_current_records_need_no_query(places, django_assert_num_queries):
    with django_assert_num_queries(0):
        today = history.current_entities([places["lyon"], places["levis"]])
    assert today == {places["lyon"].pk: places["lyon"], places["levis"].pk: places["levis"]}


def test_it_follows_several_steps(places):
    older = make_collectivity(Side.FRANCE, Kind.COMMUNE, "74999", "Ancienne commune",
                              valid_until=datetime.date(1972, 12, 31))
    Succession.objects.create(predecessor=older, successor=places["annecy_le_vieux"], event="fusion",
                              date=datetime.date(1973, 1, 1))
    assert history.current_entity(older) == places["annecy"]
    assert older.pk in history.with_former_ids([places["annecy"].pk])


def test_a_split_stays_itself(places):
    split = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01999", "Commune scindée", valid_until=datetime.date(2000, 1, 1))
    for successor in (places["lyon"], places["villeurbanne"]):
        Succession.objects.create(predecessor=split, successor=successor, event="scission", date=datetime.date(2000, 1, 2))
    assert history.current_entity(split) == split


def test_the_reverse_finds_every_former_record(places, django_assert_num_queries):
    p = places
    # One query a step: predecessors and parts of Saguenay, then theirs (none).
    with django_assert_num_queries(2):
        ids = history.with_former_ids([p["saguenay"].pk, p["ara"].pk, p["annecy"].pk])
    assert ids == {p["saguenay"].pk, p["chicoutimi"].pk, p["ara"].pk, p["rhone_alpes"].pk, p["annecy"].pk,
                   p["annecy_le_vieux"].pk}
    assert history.with_former_ids([p["lyon"].pk]) == {p["lyon"].pk}


def test_a_departement_is_not_a_part_of_its_region(places):
    # Links of départements to régions are not history: the reverse keeps only parts of communes.
    assert places["rhone"].pk not in history.with_former_ids([places["ara"].pk])
    Link.objects.get(child=places["rhone"], parent=places["ara"])
