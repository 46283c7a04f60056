"""/rapport-annuel/YYYY.pdf (dashboard/report.py): a PDF whose numbers are those the
pages show for the year: the dashboard's projects, budgets, fund and mobility blocks,
the registry's public lists, the published meetings' decisions."""
import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from pypdf import PdfReader

from fund.tests.factories import make_envelopes
from mobility.models import Direction
from mobility.tests.conftest import make_exchange
from plan.loading import load_plan
from projects.models import BudgetLine
from projects.tests.factories import make_project
from registry import actions as registry_actions
from registry.models import AgreementParty

from .conftest import PARIS, make_decision, make_meeting


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{re.escape(name)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no figure {name}"
    return re.sub(r"[\s\u00a0\u202f]+", " ", unescape(match.group(1))).strip()


@pytest.fixture
def year_2009(committee, personas, lyon_commune, trois_rivieres_ville):
    load_plan()
    active = make_project(lyon_commune, trois_rivieres_ville, title="Écoquartiers", is_public=True,
                          start_date=datetime.date(2009, 3, 1), end_date=datetime.date(2010, 6, 30))
    BudgetLine.objects.create(project=active, source="FFQCD", amount=Decimal("12345.60"), currency="EUR", year=2009)
    BudgetLine.objects.create(project=active, source="MRIF", amount=Decimal("18000"), currency="CAD", year=2009)
    make_project(lyon_commune, title="Projet non publié", start_date=datetime.date(2009, 1, 1))  # not the public's
    make_project(lyon_commune, title="Projet de 2012", is_public=True, start_date=datetime.date(2012, 1, 1))
    make_envelopes(2009, 2010, eur=Decimal("150000"), cad=Decimal("225000"))
    make_exchange(None, None, participants=17)
    make_exchange(None, None, direction=Direction.QC_TO_FR, participants=9, title="Cégépiens")
    make_exchange(None, None, participants=40, start=datetime.date(2010, 6, 1), title="Saison 2010")
    secretariat = personas["secretariat"]
    registry_actions.create_twinning(by=secretariat, french=lyon_commune, quebec=trois_rivieres_ville, since_year=2009)
    registry_actions.create_agreement(by=secretariat, title="Entente Lyon – Trois-Rivières", since_year=2009, parties=[
        {"kind": AgreementParty.Kind.COLLECTIVITY, "collectivity": lyon_commune},
        {"kind": AgreementParty.Kind.COLLECTIVITY, "collectivity": trois_rivieres_ville}])
    meeting = make_meeting(committee)
    make_decision(meeting, "Le comité adopte le bilan 2009 du plan d'action.")
    make_decision(meeting, "Un groupe de travail sur la coopération tripartite est créé.", 2)
    hidden = make_meeting(committee, title="Réunion non publiée", published=False,
                          start=datetime.datetime(2009, 12, 1, 10, tzinfo=PARIS))
    make_decision(hidden, "Décision confidentielle.")
    make_decision(make_meeting(committee, title="Comité 2010", start=datetime.datetime(2010, 10, 20, 9, tzinfo=PARIS)),
                  "Décision de 2010.")


def test_the_annual_report_shows_the_numbers_the_pages_show(year_2009):
    response = Client().get("/rapport-annuel/2009.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    board = Client().get("/tableau-de-bord/", {"year": 2009}).content.decode()
    assert "Rapport annuel 2009" in text
    assert figure(board, "total") == "1"
    assert f"Projets actifs {figure(board, 'total')}" in text
    assert figure(board, "budget-EUR") == "12 345,60 €" and "EUR 12 345,60 €" in text
    assert f"CAD {figure(board, 'budget-CAD')}" in text
    fund = " ".join(figure(board, f"fund-2009-fr-{name}") for name in ("amount", "committed", "disbursed", "remaining"))
    assert fund == "150 000,00 € 0,00 € 0,00 € 150 000,00 €" and f"France {fund}" in text
    quebec = " ".join(figure(board, f"fund-2009-qc-{name}") for name in ("amount", "committed", "disbursed"))
    assert f"Québec {quebec}" in text
    mobility = [figure(board, f"mobility-2009-{name}") for name in ("fr_to_qc", "qc_to_fr", "total", "imbalance")]
    assert mobility == ["17", "9", "26", "8"] and "2009 17 9 26 8" in text
    public = Client()
    agreements = public.get("/api/v1/agreements").json()["count"]
    twinnings = public.get("/api/v1/twinnings").json()["count"]
    assert (agreements, twinnings) == (1, 1)
    assert f"Ententes {agreements} 1" in text and f"Jumelages {twinnings} 1" in text
    assert "Le comité adopte le bilan 2009 du plan d'action." in text
    assert "Un groupe de travail sur la coopération tripartite est créé." in text
    assert "Décision confidentielle." not in text and "Décision de 2010." not in text


def test_the_report_is_the_public_s_whoever_downloads_it(year_2009, personas):
    client = Client()
    client.force_login(personas["secretariat"])
    text = pdf_text(client.get("/rapport-annuel/2009.pdf").content)
    assert "Projets actifs 1" in text and "Décision confidentielle." not in text


def test_a_year_out_of_range_is_a_404(db):
    assert Client().get("/rapport-annuel/1800.pdf").status_code == 404


def test_the_dashboard_links_to_the_year_s_report_and_the_overdue_action_items(db):
    page = Client().get("/tableau-de-bord/", {"year": 2009}).content.decode()
    assert 'href="/rapport-annuel/2009.pdf"' in page and 'href="/gouvernance/actions/en-retard/"' in page
    assert "/rapport-annuel/" not in Client().get("/tableau-de-bord/").content.decode()
