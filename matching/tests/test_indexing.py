"""The suggestions' index follows every declared source, row by row (no rebuild)."""
import pytest
from django.core.management import call_command

from conftest import make_collectivity
from matching import indexing
from matching.models import CandidateFeatures, Profile
from plan.models import Axis, Plan
from projects.models import Partner
from projects.tests.factories import make_project
from registry.models import Agreement, AgreementParty, Twinning
from territories.models import Collectivity, Kind, Side

FIELDS = ("side", "kind", "code", "population", "is_candidate", "has_profile", "is_open", "themes", "pistes",
          "project_themes", "project_pistes", "excellence", "offers", "seeks", "linked", "twinned")


def stored(collectivity):
    return {f: getattr(CandidateFeatures.objects.get(pk=collectivity.pk), f) for f in FIELDS}


def fresh(collectivity):
    (row,) = indexing.compute([collectivity.pk])
    return {f: getattr(row, f) for f in FIELDS}


def assert_up_to_date(*collectivities):
    for collectivity in collectivities:
        assert stored(collectivity) == fresh(collectivity)


@pytest.fixture
def pair(db):
    fr = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01001", "Bourg", population=10_000)
    qc = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90001", "Ville", population=9_000)
    return fr, qc


def test_a_new_collectivity_gets_its_row(pair):
    fr, _qc = pair
    assert stored(fr)["population"] == 10_000 and stored(fr)["is_candidate"]


def test_a_profile_and_its_themes_rewrite_only_its_row(pair):
    fr, qc = pair
    theme = Axis.objects.create(plan=Plan.objects.create(slug="p", title="P", start_year=2008, end_year=2010),
                                slug="culture", position=1, title="Culture", kind=Axis.Kind.THEME)
    other_stamp = CandidateFeatures.objects.get(pk=qc.pk).stamp
    profile = Profile.objects.create(collectivity=fr, side="fr", is_published=True, offers="Les forêts")
    profile.themes.add(theme)
    assert stored(fr)["themes"] == [theme.pk] and stored(fr)["offers"] == {"foret": "forêts"}
    assert CandidateFeatures.objects.get(pk=qc.pk).stamp == other_stamp
    profile.is_published = False
    profile.save()
    assert stored(fr)["themes"] == [] and not stored(fr)["has_profile"]
    assert_up_to_date(fr, qc)


def test_a_partnership_links_both_sides_and_its_removal_unlinks(pair):
    fr, qc = pair
    project = make_project(fr, qc, is_public=True)
    assert stored(fr)["linked"] == [qc.pk] and stored(qc)["linked"] == [fr.pk]
    Partner.objects.get(project=project, collectivity=qc).delete()
    assert stored(fr)["linked"] == [] and stored(qc)["linked"] == []
    assert_up_to_date(fr, qc)


def test_a_twinning_and_an_agreement_link_the_pair(pair):
    fr, qc = pair
    twinning = Twinning.objects.create(french=fr, quebec=qc)
    assert stored(fr)["twinned"] == [qc.pk] and stored(qc)["linked"] == [fr.pk]
    twinning.delete()
    assert stored(fr)["linked"] == []
    agreement = Agreement.objects.create(title="Entente")
    AgreementParty.objects.create(agreement=agreement, side="fr", collectivity=fr)
    AgreementParty.objects.create(agreement=agreement, side="qc", collectivity=qc)
    assert stored(fr)["linked"] == [qc.pk] and stored(qc)["linked"] == [fr.pk]
    assert_up_to_date(fr, qc)


def test_a_bulk_change_is_found_stale_and_the_command_builds_everything(pair):
    fr, qc = pair
    Collectivity.objects.filter(pk=fr.pk).update(population=20_000)  # no signal
    assert indexing.stale_collectivities() == {fr.pk}
    CandidateFeatures.objects.all().delete()
    call_command("build_matching_index", stdout=__import__("io").StringIO())
    assert stored(fr)["population"] == 20_000
    assert indexing.stale_collectivities() == set()
    assert_up_to_date(fr, qc)
