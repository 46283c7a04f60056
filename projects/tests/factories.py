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


def make_plan_items():
    """A plan with one axis, two pistes and a theme."""
    from plan.models import Axis, Piste, Plan

    plan = Plan.objects.create(slug="2008-2010", title="Plan d'action 2008-2010", start_year=2008, end_year=2010)
    axis = Axis.objects.create(plan=plan, slug="developpement-durable", position=1, title="Développement durable")
    theme = Axis.objects.create(plan=plan, slug="tourisme", position=9, title="Le tourisme", kind=Axis.Kind.THEME)
    pistes = [Piste.objects.create(axis=axis, code=f"dd-{n}", position=n, text=f"Piste {n}") for n in (1, 2)]
    return pistes, theme


def fill_project(project, *, author, territory, piste=None, theme=None):
    """Everything that belongs to a project, one or two of each."""
    from projects.models import Activity, BudgetLine, Contact, Measurement, Organisation, Update

    if piste:
        project.pistes.add(piste)
    if theme:
        project.themes.add(theme)
    organisation = Organisation.objects.create(name=f"Cégep {project.pk}", kind=Organisation.Kind.RESEARCH, country="CA")
    partner = Partner.objects.create(project=project, organisation=organisation, role=Partner.Role.FUNDER)
    Contact.objects.create(partner=partner, name="Marie Tremblay", kind=Contact.Kind.PROFESSIONAL, role="Chargée de projet")
    BudgetLine.objects.create(project=project, source="FFQCD", amount=Decimal("10000"), currency="EUR", year=2024)
    BudgetLine.objects.create(project=project, source="MRIF", amount=Decimal("15000"), currency="CAD", year=2024)
    Activity.objects.create(project=project, title="Mission d'étude", start_date=datetime.date(2024, 5, 1))
    Update.objects.create(project=project, date=datetime.date(2024, 6, 1), text="Mission réalisée", author=author)
    indicator = make_indicator(project, territory)
    Measurement.objects.create(indicator=indicator, period_start=datetime.date(2024, 1, 1),
                               period_end=datetime.date(2024, 6, 30), value=4, entered_by=author,
                               status=Measurement.Status.APPROVED)
    Measurement.objects.create(indicator=indicator, period_start=datetime.date(2024, 7, 1),
                               period_end=datetime.date(2024, 12, 31), value=7, entered_by=author)
    return indicator
