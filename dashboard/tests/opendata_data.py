"""The data of the open-data exports' tests (dashboard/opendata), built by `make_open_world`:

| project   | published | status   | dates                   | partners                                       | budget lines                                  |
|-----------|-----------|----------|-------------------------|------------------------------------------------|-----------------------------------------------|
| jeunesse  | yes       | en_cours | 2024-01-01 → 2025-12-31 | Lyon (lead), Trois-Rivières, Cégep (funder)    | 10 000 EUR 2024 (Lyon), 15 000 CAD 2024, 2 000 CAD (no year) |
| patrimoine| yes       | termine  | 2022-01-01 → 2023-06-30 | Québec (lead), Nantes (no région)              | 5 000 EUR 2022                                |
| capitale  | yes       | prevu    | 2030-01-01 →            | Capitale-Nationale (a région itself)           | none                                          |
| jardins   | no        | en_cours | 2024-01-01 →            | Lyon, Villeurbanne (partner of nothing else)   | 999 EUR                                       |

Themes: jeunesse « Le tourisme »; patrimoine « Le tourisme » and « La ruralité ».
Outcomes: jeunesse « Emplois créés » baseline 2, target 10, approved 4 (first half of 2024),
draft 7 (never published); patrimoine « Visiteurs » target 500, not measured yet.
The fund: an application linked to jeunesse, France commits 10 000 € for 2026 and pays
4 000 €, Québec commits 15 000 $; one linked to the unpublished jardins commits 1 234 €.
The registry: a published agreement between Rhône-Alpes (merged into Auvergne-Rhône-Alpes
since) and Capitale-Nationale, another with the Gouvernement du Québec (no place on the
Québec side); an unpublished agreement of Lyon and Québec; a published twinning
Lyon–Trois-Rivières and an unpublished one Nantes–Québec.
"""
import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from conftest import make_collectivity
from fund.models import Commitment, Disbursement
from fund.tests.factories import make_application, make_call
from plan.models import Axis, Plan
from projects.models import BudgetLine, Measurement, Organisation, Partner, Project
from projects.tests.factories import make_indicator, make_project
from registry import actions as registry_actions
from registry.models import AgreementParty
from territories.models import Kind, Side, Succession


def collectivity_party(collectivity) -> dict:
    return {"kind": AgreementParty.Kind.COLLECTIVITY, "collectivity": collectivity}


def make_places(lyon, trois_rivieres) -> SimpleNamespace:
    ara = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    rhone_alpes = make_collectivity(Side.FRANCE, Kind.REGION, "82", "Rhône-Alpes", country="FR",
                                    valid_until=datetime.date(2015, 12, 31))
    Succession.objects.create(predecessor=rhone_alpes, successor=ara, event=Succession.Event.MERGER,
                              date=datetime.date(2016, 1, 1))
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    capitale = make_collectivity(Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", country="CA")
    lyon.region = ara
    lyon.save()
    trois_rivieres.region = mauricie
    trois_rivieres.save()
    return SimpleNamespace(
        ara=ara, rhone_alpes=rhone_alpes, mauricie=mauricie, capitale=capitale, lyon=lyon,
        trois_rivieres=trois_rivieres,
        quebec=make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec", country="CA", region=capitale),
        nantes=make_collectivity(Side.FRANCE, Kind.COMMUNE, "44109", "Nantes", country="FR"),
        villeurbanne=make_collectivity(Side.FRANCE, Kind.COMMUNE, "69266", "Villeurbanne", country="FR", region=ara),
    )


def make_themes() -> dict[str, Axis]:
    plan = Plan.objects.create(slug="2008-2010", title="Plan d'action 2008-2010", start_year=2008, end_year=2010)
    return {slug: Axis.objects.create(plan=plan, slug=slug, kind=Axis.Kind.THEME, position=position, title=title)
            for position, (slug, title) in enumerate((("tourisme", "Le tourisme"), ("ruralite", "La ruralité")))}


def make_full_project(places, themes, author, *, title="Mobilité des jeunes") -> Project:
    """A published project with partners of both sides and an organisation, a budget in
    both currencies, an outcome and the fund's money (the `jeunesse` row)."""
    project = make_project(places.lyon, places.trois_rivieres, title=title, is_public=True,
                           status=Project.Status.ONGOING, start_date=datetime.date(2024, 1, 1),
                           end_date=datetime.date(2025, 12, 31))
    project.themes.add(themes["tourisme"])
    cegep = Organisation.objects.create(name=f"Cégep de Trois-Rivières {project.pk}", kind=Organisation.Kind.RESEARCH,
                                        country="CA")
    Partner.objects.create(project=project, organisation=cegep, role=Partner.Role.FUNDER)
    lyon_partner = project.partners.get(collectivity=places.lyon)
    BudgetLine.objects.create(project=project, source="Ville de Lyon", funder=lyon_partner, amount=Decimal("10000"),
                              currency="EUR", year=2024)
    BudgetLine.objects.create(project=project, source="MRIF", amount=Decimal("15000"), currency="CAD", year=2024)
    BudgetLine.objects.create(project=project, source="Ville de Trois-Rivières", amount=Decimal("2000"), currency="CAD")
    indicator = make_indicator(project, places.lyon, baseline=Decimal("2"), target=Decimal("10"))
    Measurement.objects.create(indicator=indicator, period_start=datetime.date(2024, 1, 1),
                               period_end=datetime.date(2024, 6, 30), value=Decimal("4"), entered_by=author,
                               status=Measurement.Status.APPROVED)
    Measurement.objects.create(indicator=indicator, period_start=datetime.date(2024, 7, 1),
                               period_end=datetime.date(2024, 12, 31), value=Decimal("7"), entered_by=author)
    fund_money(project, places, author, fr=Decimal("10000"), qc=Decimal("15000"), paid=Decimal("4000"))
    return project


def fund_money(project, places, by, *, fr=None, qc=None, paid=None):
    """An application of Lyon and Trois-Rivières linked to `project`, with commitments of
    2026 and a payment, written as fund.actions writes them."""
    call = make_call(title=f"Appel {project.pk}")
    application = make_application(call, places.lyon, places.trois_rivieres, project=project,
                                   title=f"Demande {project.title}")
    committed_at = timezone.make_aware(datetime.datetime(2025, 11, 20, 10, 0))
    for side, currency, amount in ((Side.FRANCE, "EUR", fr), (Side.QUEBEC, "CAD", qc)):
        if amount:
            Commitment.objects.create(application=application, side=side, year=2026, amount=amount,
                                      currency=currency, committed_by=by, committed_at=committed_at)
    if paid:
        Disbursement.objects.create(application=application, side=Side.FRANCE, year=2026, amount=paid,
                                    currency="EUR", paid_on=datetime.date(2026, 2, 1), paid_by=by)
    return application


def make_open_world(personas, lyon, trois_rivieres) -> SimpleNamespace:
    secretariat = personas["secretariat"]
    places = make_places(lyon, trois_rivieres)
    themes = make_themes()
    jeunesse = make_full_project(places, themes, secretariat)
    patrimoine = make_project(places.quebec, places.nantes, title="Patrimoine bâti", is_public=True,
                              status=Project.Status.DONE, start_date=datetime.date(2022, 1, 1),
                              end_date=datetime.date(2023, 6, 30))
    patrimoine.themes.add(themes["tourisme"], themes["ruralite"])
    BudgetLine.objects.create(project=patrimoine, source="Ville de Québec", amount=Decimal("5000"), currency="EUR",
                              year=2022)
    make_indicator(patrimoine, places.quebec, name="Visiteurs", unit="visiteurs", target=Decimal("500"))
    capitale = make_project(places.capitale, title="Capitale jeunesse", is_public=True,
                            start_date=datetime.date(2030, 1, 1))
    jardins = make_project(places.lyon, places.villeurbanne, title="Jardins partagés", status=Project.Status.ONGOING)
    BudgetLine.objects.create(project=jardins, source="Ville de Lyon", amount=Decimal("999"), currency="EUR")
    fund_money(jardins, places, secretariat, fr=Decimal("1234"))

    government = {"kind": AgreementParty.Kind.GOVERNMENT, "side": Side.QUEBEC, "name": "Gouvernement du Québec"}
    agreement = registry_actions.create_agreement(
        by=secretariat, title="Entente Rhône-Alpes – Capitale-Nationale", since_year=2010,
        parties=[collectivity_party(places.rhone_alpes), collectivity_party(places.capitale)])
    plan_of_action = registry_actions.create_agreement(
        by=secretariat, title="Plan d'action Québec – Auvergne-Rhône-Alpes", kind="plan_action",
        signed_on=datetime.date(2018, 3, 1), since_year=2018,
        parties=[collectivity_party(places.ara), government])
    hidden_agreement = registry_actions.create_agreement(
        by=secretariat, title="Entente en préparation", is_published=False,
        parties=[collectivity_party(places.lyon), collectivity_party(places.quebec)])
    twinning = registry_actions.create_twinning(by=secretariat, french=places.lyon, quebec=places.trois_rivieres,
                                                since_year=1995)
    hidden_twinning = registry_actions.create_twinning(by=secretariat, french=places.nantes, quebec=places.quebec,
                                                       is_published=False)
    return SimpleNamespace(
        places=places, themes=themes, jeunesse=jeunesse, patrimoine=patrimoine, capitale=capitale, jardins=jardins,
        agreement=agreement, plan_of_action=plan_of_action, hidden_agreement=hidden_agreement, twinning=twinning,
        hidden_twinning=hidden_twinning)
