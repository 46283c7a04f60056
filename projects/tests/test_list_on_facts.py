"""The lists (/projets/ and the API) count and page their projects on ProjectFacts, each
filter a predicate on its columns (themes, régions, pistes, axes as id keys): they must list
exactly what the same filters on Project list, through the links, for every reader."""
import datetime

import pytest

from conftest import make_collectivity
from plan.models import Axis, Piste, Plan
from projects.facts_models import key_of, keys
from projects.forms import filter_projects, listed_facts
from projects.listing import ProjectRows
from projects.models import Partner, Project, ProjectFacts
from territories.models import Kind, Side

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(lyon_commune, trois_rivieres_ville, django_user_model):
    plan = Plan.objects.create(slug="2008-2010", title="Plan 2008-2010", start_year=2008, end_year=2010)
    other_plan = Plan.objects.create(slug="2011-2013", title="Plan 2011-2013", start_year=2011, end_year=2013)
    axes = [Axis.objects.create(plan=plan, slug=f"axe-{n}", position=n, title=f"Axe {n}") for n in (1, 2)]
    # The same theme slug in two plans: the filter names both.
    themes = [Axis.objects.create(plan=p, slug="tourisme", position=9, title="Tourisme", kind=Axis.Kind.THEME)
              for p in (plan, other_plan)]
    culture = Axis.objects.create(plan=plan, slug="culture", position=10, title="Culture", kind=Axis.Kind.THEME)
    # Ids that are prefixes of one another's (7 and 17…) must not be confused: many pistes.
    pistes = [Piste.objects.create(axis=axes[n % 2], code=f"p-{n}", position=n, text=f"Piste {n}") for n in range(12)]
    auvergne = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    lyon_commune.region = auvergne
    lyon_commune.save()
    trois_rivieres_ville.region = mauricie
    trois_rivieres_ville.save()
    bordeaux = make_collectivity(Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux", country="FR")
    made = []
    for n in range(14):
        partners = [(lyon_commune, trois_rivieres_ville), (bordeaux,), (auvergne, trois_rivieres_ville),
                    (trois_rivieres_ville,)][n % 4]
        project = make_project(
            *partners, title=f"{'Éco' if n % 3 else 'eau'} projet {n % 5}", is_public=n % 3 != 1,
            start_date=datetime.date(2008 + n % 4, 1 + n % 2, 1),
            end_date=datetime.date(2012, 12, 31) if n % 2 else None,
            status=[Project.Status.PLANNED, Project.Status.ONGOING, Project.Status.DONE][n % 3],
            summary="Réseau d'eau potable" if n % 4 == 0 else "Échanges culturels")
        project.pistes.add(*pistes[n % 12:n % 12 + 1 + n % 3])
        project.themes.add(*[[], [themes[0]], [themes[1], culture], [culture]][n % 4])
        made.append(project)
    editor = django_user_model.objects.create_user("editeur-bordeaux")
    editor.memberships.create(collectivity=bordeaux)
    secretariat = django_user_model.objects.create_user("secretariat", is_secretariat=True)
    return {"pistes": pistes, "auvergne": auvergne, "mauricie": mauricie, "projects": made,
            "readers": {"public": None, "editor": editor, "secretariat": secretariat}}


FILTERS = [
    {}, {"q": "eau"}, {"q": "eco projet"}, {"piste": "p-1"}, {"piste": "p-7"}, {"piste": "p-11"},
    {"theme": "tourisme"}, {"theme": "culture"}, {"theme": "inconnu"}, {"axis": "axe-1"}, {"status": "en_cours"},
    {"side": "fr"}, {"side": "qc"}, {"collectivity": "33063"}, {"collectivity": "qc:37067"}, {"year": 2009},
    {"year": 2013}, {"theme": "culture", "side": "fr", "year": 2011}, {"piste": "p-3", "q": "eco"},
]


def _by_links(user, data):
    """What the same filters give on Project, through the links (the model's filters)."""
    projects = filter_projects(Project.objects.visible_to(user), data)
    return list(projects.order_by("-start_date", "facts__title_key", "pk").values_list("pk", flat=True))


@pytest.mark.parametrize("reader", ["public", "editor", "secretariat"])
def test_the_list_on_the_facts_lists_what_the_links_give(world, reader):
    user = world["readers"][reader]
    mismatches = []
    for data in FILTERS:  # one data set for every filter: it takes a while to build
        facts = listed_facts(user, data)
        expected = _by_links(user, data)
        listed = [row.pk for row in ProjectRows(facts)[0:100]]
        # Pages are slices of the same order.
        page = [row.pk for row in ProjectRows(facts)[2:5]]
        if (facts.count(), listed, page) != (len(expected), expected, expected[2:5]):
            mismatches.append((data, listed, expected))
    assert not mismatches
    assert len({len(_by_links(user, data)) for data in FILTERS}) > 5  # the filters do filter


@pytest.mark.parametrize("region", ["auvergne", "mauricie"])
def test_the_region_filter_on_the_facts_lists_the_projects_with_a_partner_there(world, region):
    region = world[region]
    expected = sorted(Project.objects.in_region(region.pk).values_list("pk", flat=True))
    assert expected  # the data has some
    assert sorted(ProjectFacts.objects.in_region(region.pk).values_list("project_id", flat=True)) == expected


def test_the_keys_columns_follow_the_links(world):
    project = world["projects"][0]
    piste = world["pistes"][7]
    project.pistes.add(piste)
    facts = ProjectFacts.objects.get(pk=project.pk)
    assert key_of(piste.pk) in facts.pistes and key_of(piste.axis_id) in facts.axes
    project.pistes.remove(piste)
    assert key_of(piste.pk) not in ProjectFacts.objects.get(pk=project.pk).pistes
    Partner.objects.filter(project=project, collectivity=world["projects"][0].partners.first().collectivity).delete()
    facts = ProjectFacts.objects.get(pk=project.pk)
    assert facts.regions == keys(Project.objects.get(pk=project.pk).partners.values_list(
        "collectivity__region_id", flat=True).exclude(collectivity__region__isnull=True))
    assert keys([17, 7, 7]) == ",7,17," and keys([]) == ""
