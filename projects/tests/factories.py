"""Small builders for the projects tests (no factory library: plain functions)."""
import datetime
from decimal import Decimal

from conftest import make_collectivity
from projects.models import Indicator, Partner, Project
from territories.models import Kind, Side


def make_project(*partners, title="Écotechnologies", is_public=False, **fields) -> Project:
    """A project with `partners` (collectivities) as partners, the first as lead."""
    fields.setdefault("summary", "Échanges de pratiques entre régions.")
    fields.setdefault("start_date", datetime.date(2024, 1, 1))
    project = Project.objects.create(title=title, is_public=is_public, **fields)
    for index, collectivity in enumerate(partners):
        Partner.objects.create(
            project=project, collectivity=collectivity,
            role=Partner.Role.LEAD if index == 0 else Partner.Role.PARTNER,
        )
    return project


def make_indicator(project, territory, **fields) -> Indicator:
    fields.setdefault("name", "Emplois créés")
    fields.setdefault("category", Indicator.Category.ECONOMIC)
    fields.setdefault("unit", "emplois")
    fields.setdefault("target", Decimal("10"))
    return Indicator.objects.create(project=project, territory=territory, **fields)


def make_quebec_city(code="23027", name="Québec"):
    return make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, code, name, designation="Ville", country="CA")


def make_french_commune(code="33063", name="Bordeaux"):
    return make_collectivity(Side.FRANCE, Kind.COMMUNE, code, name, country="FR")
