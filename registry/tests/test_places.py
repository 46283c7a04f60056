"""The registry's read model (registry/places.py): after each change of a declared source,
made as the platform makes it (the ORM, in a transaction), the stored places equal those
rebuilt from scratch, and the data version moved."""
import datetime

import pytest

from projects.facts import data_version
from registry import places
from registry.models import AgreementParty, LinkPlace, NearbyLink, SignerToday, Twinning
from territories.models import Kind, Link, Side, Succession
from conftest import make_collectivity

from .insights_data import build


def stored():
    return (set(LinkPlace.objects.values_list("agreement_id", "twinning_id", "side", "area_id", "is_region")),
            set(SignerToday.objects.values_list("signer_id", "today_id")),
            sorted(NearbyLink.objects.values_list("agreement_id", "twinning_id", "area_id", "axis_id", "partner_id",
                                                  "is_published"), key=str))


def assert_fresh():
    kept = stored()
    places.refresh_all()
    assert kept == stored()


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return build(lyon_commune, trois_rivieres_ville)


def test_places_name_the_territories_as_signed_and_today(world):
    t3 = world["t3"]  # Villeurbanne – Chicoutimi, today Saguenay
    rows = set(LinkPlace.objects.filter(twinning=t3).values_list("side", "area_id", "is_region"))
    assert rows == {
        (Side.FRANCE, world["rhone"].pk, False), (Side.FRANCE, world["ara"].pk, True),
        (Side.QUEBEC, world["saguenay_region"].pk, True),
    }
    # Signed by Rhône-Alpes: in Rhône-Alpes as signed, in Auvergne-Rhône-Alpes today.
    rows = set(LinkPlace.objects.filter(agreement=world["a1"], side=Side.FRANCE).values_list("area_id", "is_region"))
    assert rows == {(world["rhone_alpes"].pk, False), (world["ara"].pk, True)}
    assert_fresh()


def test_signers_today_name_the_entity_of_today_of_former_records(world):
    # Chicoutimi (t3) → Saguenay, Rhône-Alpes (a1) → Auvergne-Rhône-Alpes; current ones have no row.
    assert set(SignerToday.objects.values_list("signer_id", "today_id")) == {
        (world["chicoutimi"].pk, world["saguenay"].pk), (world["rhone_alpes"].pk, world["ara"].pk)}
    assert_fresh()


def test_nearby_links_cross_areas_themes_and_partner_regions(world):
    t3, a1 = world["t3"], world["a1"]  # Villeurbanne – Chicoutimi (economy); Rhône-Alpes's agreement
    rows = set(NearbyLink.objects.filter(twinning=t3).values_list("area_id", "axis_id", "partner_id", "is_published"))
    french_side = {(area, axis, partner, t3.is_published) for area in (world["rhone"].pk, world["ara"].pk)
                   for axis, partner in ((world["economy"].pk, world["saguenay_region"].pk), (None, None))}
    quebec_side = {(world["saguenay_region"].pk, axis, partner, t3.is_published)
                   for axis, partner in ((world["economy"].pk, world["ara"].pk), (None, None))}
    on_its_theme = {(None, world["economy"].pk, None, t3.is_published)}  # wherever it lies
    assert rows == french_side | quebec_side | on_its_theme
    # Each theme of the agreement, in each of its areas, with each partner région.
    themes = set(a1.themes.values_list("pk", flat=True))
    rows = NearbyLink.objects.filter(agreement=a1, area=world["ara"])
    assert {axis for axis in rows.values_list("axis_id", flat=True)} == themes | {None}
    assert {partner for partner in rows.values_list("partner_id", flat=True)} == {None} | set(
        LinkPlace.objects.filter(agreement=a1, is_region=True, side=Side.QUEBEC).values_list("area_id", flat=True))
    assert_fresh()


def test_a_link_without_theme_is_still_nearby(world):
    t3 = world["t3"]
    t3.themes.clear()
    assert set(NearbyLink.objects.filter(twinning=t3).values_list("axis_id", flat=True)) == {None}
    assert NearbyLink.objects.filter(twinning=t3, area=world["ara"]).exists()
    assert_fresh()


@pytest.mark.parametrize("change", [
    "collectivity_closed",
    "twinning_partner", "party_collectivity", "collectivity_region", "link_added", "link_removed",
    "succession_added", "twinning_deleted",
    "agreement_unpublished", "twinning_unpublished", "agreement_theme_added", "twinning_theme_removed",
    "theme_deleted",
])
def test_every_declared_source_keeps_the_places_fresh(world, change):
    version = data_version()
    if change == "twinning_partner":
        twinning = world["t4"]
        twinning.quebec = world["trois_rivieres"]
        twinning.save()
    elif change == "party_collectivity":
        party = AgreementParty.objects.get(agreement=world["a2"], side=Side.FRANCE)
        party.collectivity = world["rennes"]
        party.save()
    elif change == "collectivity_region":
        rennes = world["rennes"]
        rennes.region = world["ara"]
        rennes.save()
    elif change == "collectivity_closed":  # the succession came first, without a signal
        Twinning.objects.create(french=world["rennes"], quebec=world["quebec"], kind="partenariat", since_year=1990)
        Succession.objects.bulk_create([Succession(predecessor=world["rennes"], successor=world["lyon"],
                                                   event="fusion", date=datetime.date(2020, 1, 1))])
        rennes = world["rennes"]
        rennes.valid_until = datetime.date(2019, 12, 31)
        rennes.save()
        assert SignerToday.objects.filter(signer=rennes, today=world["lyon"]).exists()
    elif change == "link_added":
        Link.objects.create(child=world["rennes"], parent=world["rhone"])
    elif change == "link_removed":
        Link.objects.get(child=world["lyon"], parent=world["rhone"]).delete()
    elif change == "succession_added":
        dijon = make_collectivity(Side.FRANCE, Kind.REGION, "26", "Bourgogne", valid_until=datetime.date(2015, 12, 31))
        Twinning.objects.create(french=dijon, quebec=world["quebec"], since_year=1980)
        Succession.objects.create(predecessor=dijon, successor=world["ara"], event="fusion",
                                  date=datetime.date(2016, 1, 1))
    elif change == "twinning_deleted":
        world["t1"].delete()
    elif change == "agreement_unpublished":
        world["a1"].is_published = False
        world["a1"].save()
        assert not NearbyLink.objects.filter(agreement=world["a1"], is_published=True).exists()
    elif change == "twinning_unpublished":
        world["t1"].is_published = False
        world["t1"].save()
        assert not NearbyLink.objects.filter(twinning=world["t1"], is_published=True).exists()
    elif change == "agreement_theme_added":
        world["a2"].themes.add(world["culture"])
        assert NearbyLink.objects.filter(agreement=world["a2"], axis=world["culture"]).exists()
    elif change == "twinning_theme_removed":
        world["t1"].themes.remove(world["culture"])
        assert not NearbyLink.objects.filter(twinning=world["t1"], axis=world["culture"]).exists()
    elif change == "theme_deleted":
        world["culture"].delete()
    assert data_version() > version
    assert_fresh()
