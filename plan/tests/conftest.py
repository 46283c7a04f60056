import datetime

import pytest

from plan.loading import load_plan
from plan.models import Piste
from projects.models import Partner, Project


@pytest.fixture
def plan_2008(db):
    return load_plan().plan


@pytest.fixture
def make_project(db):
    """make_project(piste, status="en_cours", is_public=True, partner=None) → a project
    linked to the piste, with `partner` (a collectivity) as a partner if given."""
    counter = iter(range(1, 1000))

    def make(piste: Piste, *, status=Project.Status.ONGOING, is_public=True, partner=None) -> Project:
        n = next(counter)
        project = Project.objects.create(
            title=f"Projet {n}", summary=f"Résumé du projet {n}", start_date=datetime.date(2009, 1, n % 28 + 1),
            status=status, is_public=is_public,
        )
        project.pistes.add(piste)
        if partner is not None:
            Partner.objects.create(project=project, collectivity=partner)
        return project

    return make
