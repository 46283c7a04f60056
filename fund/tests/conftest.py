"""The fund's test data, beside the root personas (lyon, trois_rivieres, reviewer…):

- `regions`: the région Auvergne-Rhône-Alpes (Lyon's) and the région administrative de la
  Mauricie (Trois-Rivières'), Lyon and Trois-Rivières placed in them;
- `coordinators`: `rhone_alpes_editor`, an editor of the région, which coordinates its
  territory for the call; the Mauricie is coordinated by a body named in the call (a CRÉ),
  whose opinion the secretariat records;
- `call`: an open call with both coordinators; `application`: Lyon's complete draft with
  Trois-Rivières as co-applicant.
"""
import pytest

from conftest import make_collectivity
from territories.models import Kind, Side

from .factories import make_application, make_call


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def empty_cache():
    """The report's figures are cached on the data version, which starts again in each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(lyon_commune, trois_rivieres_ville):
    rhone_alpes = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    for collectivity, region in ((lyon_commune, rhone_alpes), (trois_rivieres_ville, mauricie)):
        collectivity.region = region
        collectivity.save()
    return {"fr": rhone_alpes, "qc": mauricie}


@pytest.fixture
def rhone_alpes_editor(regions, django_user_model):
    user = django_user_model.objects.create_user("rhone_alpes", "ra@example.org", "mot-de-passe-sûr-42")
    user.memberships.create(collectivity=regions["fr"])
    return user


@pytest.fixture
def call(regions):
    return make_call(coordinators=[(regions["fr"], regions["fr"]),
                                   (regions["qc"], "Conférence régionale des élus de la Mauricie")])


@pytest.fixture
def application(call, personas, lyon_commune, trois_rivieres_ville):
    return make_application(call, lyon_commune, trois_rivieres_ville)


@pytest.fixture
def second_reviewer(django_user_model):
    return django_user_model.objects.create_user("reviewer2", "r2@example.org", "mot-de-passe-sûr-42",
                                                 is_fund_reviewer=True)


@pytest.fixture
def under_review(application, personas, regions, second_reviewer):
    """The application submitted, endorsed, eligible, its review open with `reviewer` and
    `second_reviewer` assigned."""
    from fund import actions

    secretariat = personas["secretariat"]
    actions.submit(application, by=personas["lyon"])
    for territory in regions.values():
        actions.endorse(application, territory=territory, by=secretariat)
    assert actions.check_eligibility(application, by=secretariat) == []
    actions.open_review(application, by=secretariat, reviewers=[personas["reviewer"], second_reviewer])
    return application


def scores(application, *points):
    """{criterion id: points} in the grid's order."""
    return {criterion.pk: value for criterion, value in zip(application.call.criteria.order_by("position"), points)}


@pytest.fixture
def selected(under_review, personas):
    """The application reviewed and selected by the committee; the 2026 and 2027 envelopes."""
    from fund import actions
    from fund.models import Review

    from .factories import make_envelopes

    make_envelopes(2026, 2027)
    actions.submit_review(Review.objects.get(reviewer=personas["reviewer"]), by=personas["reviewer"],
                          scores=scores(under_review, 15, 8))
    actions.select(under_review, by=personas["committee"])
    return under_review
