import pytest
from django.utils import timezone

from conftest import make_collectivity
from observatory.models import Practice
from plan.loading import load_plan
from plan.models import Axis, Piste
from projects.models import Partner, Project
from territories.models import Kind, Side


@pytest.fixture
def plan(db):
    return load_plan().plan


@pytest.fixture
def regions(lyon_commune, trois_rivieres_ville):
    rhone_alpes = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    for collectivity, region in ((lyon_commune, rhone_alpes), (trois_rivieres_ville, mauricie)):
        collectivity.region = region
        collectivity.save()
    return {"fr": rhone_alpes, "qc": mauricie}


def make_practice(*collectivities, title="Gestion des bassins versants", status=Practice.Status.PUBLISHED,
                  theme="developpement-durable", piste="dd-3", **fields) -> Practice:
    practice = Practice.objects.create(
        title=title, summary=fields.pop("summary", "Un comité de bassin versant pour la qualité de l'eau."),
        theme=Axis.objects.get(slug=theme), piste=Piste.objects.get(code=piste) if piste else None,
        status=status, published_at=timezone.now() if status == Practice.Status.PUBLISHED else None, **fields)
    practice.collectivities.set(collectivities)
    return practice


def make_project(collectivity, *, title="Écotechnologies de l'eau", status=Project.Status.DONE, is_public=True,
                 summary="Des écotechnologies pour traiter l'eau des bassins.", themes=()):
    project = Project.objects.create(title=title, summary=summary, start_date="2009-01-01", status=status,
                                     is_public=is_public)
    Partner.objects.create(project=project, collectivity=collectivity, role=Partner.Role.LEAD)
    project.themes.set(themes)
    return project
