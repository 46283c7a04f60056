"""`maillage seed_scale`: synthetic projects on top of an imported registry (small sizes)."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_collectivity
from projects.models import Project
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_registry():
    """A registry as an import leaves it, in miniature: régions, communes, municipalités."""
    rhone_alpes = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    for code, name in [("69123", "Lyon"), ("69266", "Villeurbanne"), ("38185", "Grenoble")]:
        make_collectivity(Side.FRANCE, Kind.COMMUNE, code, name, region=rhone_alpes, population=100_000)
    for code, name in [("37067", "Trois-Rivières"), ("36033", "Shawinigan")]:
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, code, name, region=mauricie, country="CA",
                          population=50_000)


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


def test_it_refuses_an_empty_registry_in_french():
    with pytest.raises(CommandError, match="registre des collectivités n'a pas été importé"):
        seed(projects=3)
    assert Project.objects.count() == 0


def test_it_refuses_a_registry_with_only_one_side():
    make_collectivity(Side.FRANCE, Kind.COMMUNE, "69123", "Lyon")
    with pytest.raises(CommandError, match="0 municipalités québécoises"):
        seed(projects=3)


def test_it_refuses_a_negative_count():
    with pytest.raises(CommandError, match="--projects"):
        seed(projects=-1)


def test_it_creates_the_requested_number_of_demo_projects(small_registry):
    output = seed(projects=12, seed=7)
    assert Project.objects.count() == 12
    assert not Project.objects.filter(is_demo=False).exists()
    assert "12 projets synthétiques" in output


def test_the_same_seed_gives_the_same_projects(small_registry):
    seed(projects=5, seed=3)
    first = sorted(Project.objects.values_list("title", "start_date", "status"))
    Project.objects.all().delete()
    seed(projects=5, seed=3)
    assert sorted(Project.objects.values_list("title", "start_date", "status")) == first
