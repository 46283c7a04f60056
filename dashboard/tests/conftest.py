"""A small world with known answers for the dashboard's tests.

Plan 2008-2010, axes "dd" (pistes dd-1, dd-2, dd-3) and "ci" (ci-1, ci-2), theme "ruralite".
Rates: 1,50 from 2008-01-01, 1,60 from 2009-01-01, 1,47 from 2024-01-01.

| project     | status   | public | dates               | pistes     | partners (side, region)               | budget lines                          |
|-------------|----------|--------|---------------------|------------|---------------------------------------|---------------------------------------|
| ecoquartier | en_cours | yes    | 2008-03-01 → 2010   | dd-1, dd-2 | Lyon (fr, ARA), Trois-Rivières (qc, Mauricie), an organisation | 10 000 EUR (Lyon), 15 000 CAD (TR) |
| patrimoine  | termine  | yes    | 2007-01-01 → 2008-06-30 | ci-1   | Lyon (fr, ARA), Nantes (fr, no region) | 5 000 EUR (no funder)                |
| jeunesse    | prevu    | no (created by lyon) | 2011-01-01 → | dd-1 | Lyon, Capitale-Nationale (qc, itself a région) | 3 000 CAD (Capitale-Nationale) |
| sans_piste  | en_cours | yes    | 2009-05-01 →        | none       | Trois-Rivières                        | 2 000,50 EUR (no funder)              |

Indicators: ecoquartier economic target 100, approved 120 (reached) then a later draft 50;
patrimoine social target 10, approved 5 then a later draft 20 (drafts never count).

The fund: the plan's 2009 envelopes, 150 000 € (France) and 225 000 $ (Québec), nothing
committed yet (fund/tests/test_fund_dashboard.py tests the block with decisions).
"""
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from conftest import make_collectivity
from fund.models import Envelope
from plan.models import Axis, Piste, Plan
from projects.models import (
    BudgetLine, ExchangeRate, Indicator, Measurement, Organisation, Partner, Project,
)
from territories.models import Kind, Side


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    plan = Plan.objects.create(slug="2008-2010", title="Plan d'action 2008-2010", start_year=2008, end_year=2010)
    dd = Axis.objects.create(plan=plan, slug="dd", kind=Axis.Kind.AXIS, position=1, title="Développement durable")
    ci = Axis.objects.create(plan=plan, slug="ci", kind=Axis.Kind.AXIS, position=2, title="Culture et identité")
    ruralite = Axis.objects.create(plan=plan, slug="ruralite", kind=Axis.Kind.THEME, position=3, title="Ruralité")
    pistes = {}
    for axis, code, position, status in [
        (dd, "dd-1", 1, Piste.Status.IN_PROGRESS),
        (dd, "dd-2", 2, Piste.Status.STARTED),
        (dd, "dd-3", 3, Piste.Status.NOT_STARTED),
        (ci, "ci-1", 1, Piste.Status.NOT_STARTED),
        (ci, "ci-2", 2, Piste.Status.DONE),
    ]:
        pistes[code] = Piste.objects.create(axis=axis, code=code, position=position, text=f"Piste {code}", status=status)

    ara = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    capitale = make_collectivity(Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", country="CA")
    nantes = make_collectivity(Side.FRANCE, Kind.COMMUNE, "44109", "Nantes", country="FR")
    lyon_commune.region = ara
    lyon_commune.save()
    trois_rivieres_ville.region = mauricie
    trois_rivieres_ville.save()
    lyon, tr = lyon_commune, trois_rivieres_ville

    for valid_from, rate in [(date(2008, 1, 1), "1.5000"), (date(2009, 1, 1), "1.6000"), (date(2024, 1, 1), "1.4700")]:
        ExchangeRate.objects.create(valid_from=valid_from, cad_per_eur=Decimal(rate), source="test")

    def project(title, status, public, start, end=None, **fields):
        return Project.objects.create(
            title=title, summary=title, status=status, is_public=public, start_date=start, end_date=end, **fields
        )

    ecoquartier = project("Écoquartiers", Project.Status.ONGOING, True, date(2008, 3, 1), date(2010, 12, 31))
    patrimoine = project("Patrimoine", Project.Status.DONE, True, date(2007, 1, 1), date(2008, 6, 30))
    jeunesse = project("Jeunesse", Project.Status.PLANNED, False, date(2011, 1, 1), created_by=personas["lyon"])
    sans_piste = project("Sans piste", Project.Status.ONGOING, True, date(2009, 5, 1))

    ecoquartier.pistes.set([pistes["dd-1"], pistes["dd-2"]])
    ecoquartier.themes.set([ruralite])
    patrimoine.pistes.set([pistes["ci-1"]])
    jeunesse.pistes.set([pistes["dd-1"]])

    eco_lyon = Partner.objects.create(project=ecoquartier, collectivity=lyon, role=Partner.Role.LEAD)
    eco_tr = Partner.objects.create(project=ecoquartier, collectivity=tr)
    organisation = Organisation.objects.create(name="Université", kind=Organisation.Kind.RESEARCH, country="CA")
    Partner.objects.create(project=ecoquartier, organisation=organisation)
    eco_lyon.contacts.create(name="Anne", kind="professionnel")
    eco_tr.contacts.create(name="Luc", kind="elu")
    Partner.objects.create(project=patrimoine, collectivity=lyon)
    Partner.objects.create(project=patrimoine, collectivity=nantes)
    Partner.objects.create(project=jeunesse, collectivity=lyon)
    jeunesse_cn = Partner.objects.create(project=jeunesse, collectivity=capitale)
    Partner.objects.create(project=sans_piste, collectivity=tr)

    BudgetLine.objects.create(project=ecoquartier, source="Ville", funder=eco_lyon, amount=Decimal("10000"), currency="EUR", year=2009)
    BudgetLine.objects.create(project=ecoquartier, source="Ville", funder=eco_tr, amount=Decimal("15000"), currency="CAD", year=2009)
    BudgetLine.objects.create(project=patrimoine, source="FFQCD", amount=Decimal("5000"), currency="EUR")
    BudgetLine.objects.create(project=jeunesse, source="Région", funder=jeunesse_cn, amount=Decimal("3000"), currency="CAD")
    BudgetLine.objects.create(project=sans_piste, source="Autre", amount=Decimal("2000.50"), currency="EUR")

    def indicator(project, category, target, values):
        item = Indicator.objects.create(
            project=project, name=f"Indicateur {category}", category=category, unit="emplois",
            target=Decimal(target), territory=lyon,
        )
        for month, (value, status) in enumerate(values, start=1):
            Measurement.objects.create(
                indicator=item, period_start=date(2009, month, 1), period_end=date(2009, month, 28),
                value=Decimal(value), status=status,
            )

    indicator(ecoquartier, "economique", "100", [("120", "approuvee"), ("50", "brouillon")])
    indicator(patrimoine, "social", "10", [("5", "approuvee"), ("20", "brouillon")])
    Envelope.objects.create(side=Side.FRANCE, year=2009, amount=Decimal("150000"), currency="EUR")
    Envelope.objects.create(side=Side.QUEBEC, year=2009, amount=Decimal("225000"), currency="CAD")

    return SimpleNamespace(
        plan=plan, dd=dd, ci=ci, ruralite=ruralite, pistes=pistes, ara=ara, mauricie=mauricie,
        capitale=capitale, nantes=nantes, lyon=lyon, trois_rivieres=tr, ecoquartier=ecoquartier, patrimoine=patrimoine,
        jeunesse=jeunesse, sans_piste=sans_piste, personas=personas,
    )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The personas' passwords are hashed for every test; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # The figures are cached in the process; each test starts from the database alone.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
