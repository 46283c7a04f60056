"""Shared personas, used across the apps' tests.

- secretariat: administers everything.
- committee: a member of the technical committee (reads unpublished records).
- reviewer: a reviewer of the FFQCD.
- lyon: editor of the commune of Lyon (69123).
- trois_rivieres: editor of the ville de Trois-Rivières (37067).
- outsider: logged in, attached to nothing.
Anonymous visitors are the public.
"""
import pytest
from django.conf import settings

from territories.models import Collectivity, Kind, Side

pytest_plugins = ["tests.browser.fixtures"]


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """The project's own fixtures build their data as an import does: the read models and
    the search index refreshed once per fixture, when it has written everything, rather
    than after each row (a dashboard's world took 1 364 queries, 439 so). The tests' own
    writes still refresh them at once, as the pages' and the API's writes do."""
    module = getattr(fixturedef.func, "__module__", "") or ""
    if module.split(".")[0] in {"_pytest", "pytest_django", "django"} or fixturedef.scope != "function":
        return (yield)
    from projects.facts import batched

    with batched():
        return (yield)


def pytest_configure(config):
    # The personas' passwords would cost seconds per test with the production hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_collectivity(side, kind, code, name, **fields) -> Collectivity:
    collectivity = Collectivity(side=side, kind=kind, code=code, **fields)
    collectivity.set_name(name)
    collectivity.save()
    return collectivity


@pytest.fixture
def lyon_commune(db):
    return make_collectivity(Side.FRANCE, Kind.COMMUNE, "69123", "Lyon", population=522250, country="FR")


@pytest.fixture
def trois_rivieres_ville(db):
    return make_collectivity(
        Side.QUEBEC, Kind.MUNICIPALITE, "37067", "Trois-Rivières", designation="Ville",
        population=139163, country="CA",
    )


@pytest.fixture
def personas(db, lyon_commune, trois_rivieres_ville, django_user_model):
    def user(username, **flags):
        return django_user_model.objects.create_user(username, f"{username}@example.org", "mot-de-passe-sûr-42", **flags)

    people = {
        "secretariat": user("secretariat", is_secretariat=True, is_staff=True),
        "committee": user("committee", is_committee_member=True),
        "reviewer": user("reviewer", is_fund_reviewer=True),
        "lyon": user("lyon"),
        "trois_rivieres": user("trois_rivieres"),
        "outsider": user("outsider"),
    }
    people["lyon"].memberships.create(collectivity=lyon_commune)
    people["trois_rivieres"].memberships.create(collectivity=trois_rivieres_ville)
    return people


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: figures cached by data version (the dashboard,
    the fund's report, the registry's complementarity and growth) would otherwise outlive
    the rolled-back data of an earlier test whose data version was the same."""
    from django.core.cache import cache

    cache.clear()
    yield
