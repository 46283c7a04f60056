import pytest

from conftest import make_collectivity
from projects.models import Measurement, Partner, Project
from projects.scale import seed_projects
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    for n in range(5):
        make_collectivity(Side.FRANCE, Kind.COMMUNE, f"0100{n}", f"Commune {n}")
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"9900{n}", f"Municipalité {n}")


def _fingerprint():
    return list(Project.objects.order_by("pk").values_list("title", "status", "start_date", "is_public"))


def test_seed_creates_the_requested_number_with_partners_on_both_sides(registry):
    assert seed_projects(count=2500, seed=7) == 2500
    assert Project.objects.filter(is_demo=True).count() == 2500
    assert Partner.objects.count() >= 2500
    both = Project.objects.with_checks().filter(lacks_both_sides=False).count()
    assert 2000 < both < 2500
    assert Measurement.objects.approved().exists() and Measurement.objects.drafts().exists()


def test_seed_is_deterministic(registry):
    seed_projects(count=50, seed=3)
    first = _fingerprint()
    Project.objects.all().delete()
    seed_projects(count=50, seed=3)
    assert _fingerprint() == first


def test_seed_without_registry_creates_nothing():
    assert seed_projects(count=10) == 0
