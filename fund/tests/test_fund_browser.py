"""The whole life of an application in a real browser, each step by its role logged in
through the login page: Lyon's editor prepares and submits the draft, the coordinating
bodies endorse it, the secretariat checks it and opens the review, the reviewer scores
it, the committee selects it, the secretariat records each side's decision, the
agreement and a payment, Lyon's editor records the final report, which the envelopes and
the report then count. axe-core finds no serious or critical violation on the main pages
of the fund."""
import re

import pytest
from playwright.sync_api import expect

from fund.models import Application, Stage
from projects.models import ExchangeRate

from tests.browser.fixtures import log_in, serious_violations

from .factories import make_envelopes


@pytest.fixture
def fund(personas, call, regions, rhone_alpes_editor):
    make_envelopes(2026, 2027)
    ExchangeRate.objects.create(valid_from="2024-01-01", cad_per_eur="1.4700", source="test")
    return call


def status(page):
    return page.get_by_role("status")


def step(page, slug: str):
    return page.locator(f"#etape-{slug}")


def prepare_and_submit(page, call):
    log_in(page, "lyon")
    page.goto(f"/fonds/appels/{call.pk}/")
    page.get_by_role("link", name="Préparer une demande").click()
    page.get_by_label("Titre du projet").fill("Jeunes ambassadeurs")
    page.get_by_label("Résumé").fill("Échanges de jeunes entre Lyon et Trois-Rivières.")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(status(page)).to_contain_text("Le brouillon « Jeunes ambassadeurs » est créé")
    expect(page.locator("#recevabilite")).to_contain_text("Ajoutez au moins une collectivité québécoise")
    assert serious_violations(page) == []

    page.locator("#projet").get_by_label("Jeunesse").check()
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(status(page)).to_contain_text("Le brouillon est enregistré.")
    partners = page.locator("#partenaires")
    partners.get_by_label("Collectivité partenaire").fill("qc:37067")
    partners.get_by_role("button", name="Ajouter la collectivité").click()
    expect(page.locator("#partenaires")).to_contain_text("Trois-Rivières")
    for year in ("2026", "2027"):
        schedule = page.locator("#calendrier")
        schedule.get_by_label(re.compile(r"^Année")).fill(year)
        for label, amount in (("Demandé au Fonds, côté France (EUR)", "10000"),
                              ("Apport des collectivités françaises (EUR)", "12000"),
                              ("Demandé au Fonds, côté Québec (CAD)", "15000"),
                              ("Apport des collectivités québécoises (CAD)", "15000")):
            schedule.get_by_label(label).fill(amount)
        schedule.get_by_role("button", name="Enregistrer l'année").click()
        expect(status(page)).to_contain_text("L'année est enregistrée dans le calendrier.")
    for side, place in (("fr", "Lyon"), ("qc", "Trois-Rivières")):
        locations = page.locator("#lieux")
        locations.get_by_label("Côté").select_option(side)
        locations.get_by_label("Lieu de l'activité").fill(place)
        locations.get_by_role("button", name="Ajouter le lieu").click()
        expect(status(page)).to_contain_text("Le lieu d'activité est ajouté.")
    for kind, name in (("accord", "accord.txt"), ("deliberation", "deliberation.txt")):
        documents = page.locator("#pieces")
        documents.get_by_label(re.compile(r"^Pièce")).select_option(kind)
        documents.get_by_label("Fichier").set_input_files(
            {"name": name, "mimeType": "text/plain", "buffer": "Pièce signée".encode()})
        documents.get_by_role("button", name="Joindre la pièce").click()
        expect(status(page)).to_contain_text("La pièce est jointe.")
    expect(page.locator("#recevabilite")).to_contain_text("La demande remplit toutes les conditions de l'appel.")
    page.get_by_role("button", name="Déposer la demande").click()
    expect(status(page)).to_contain_text("La demande est déposée.")
    return Application.objects.get(title="Jeunes ambassadeurs")


def test_an_application_goes_from_a_draft_to_a_payment_and_the_final_report(page, fund, regions):
    # The public pages.
    page.goto("/fonds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fonds franco-québécois pour la coopération décentralisée")
    assert serious_violations(page) == []
    page.get_by_role("link", name=fund.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fund.title)
    expect(page.locator("main")).to_contain_text("(heure de Montréal)")
    assert serious_violations(page) == []

    application = prepare_and_submit(page, fund)
    url = f"/fonds/demandes/{application.pk}/"

    # The région's editor endorses its territory; the secretariat records the CRÉ's opinion.
    log_in(page, "rhone_alpes")
    page.goto(url)
    step(page, "avis").get_by_role("button", name="Donner l'avis de la coordination").click()
    expect(status(page)).to_contain_text("L'avis de la coordination de Auvergne-Rhône-Alpes est enregistré.")
    log_in(page, "secretariat")
    page.goto(url)
    step(page, "avis").get_by_label("Territoire").select_option(label="Mauricie")
    step(page, "avis").get_by_role("button", name="Donner l'avis de la coordination").click()
    expect(page.get_by_text("Avis favorable des coordinations", exact=True)).to_be_visible()
    page.get_by_role("button", name="Vérifier la recevabilité").click()
    expect(status(page)).to_contain_text("La demande est recevable.")
    step(page, "evaluation").get_by_label("reviewer", exact=True).check()
    page.get_by_role("button", name="Ouvrir l'évaluation").click()
    expect(status(page)).to_contain_text("L'évaluation est ouverte.")
    assert serious_violations(page) == []

    # The reviewer scores it against the grid.
    log_in(page, "reviewer")
    page.goto("/fonds/evaluations/")
    page.get_by_role("link", name="Jeunes ambassadeurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation : Jeunes ambassadeurs")
    assert serious_violations(page) == []
    page.get_by_label("Intérêt pour les deux territoires (sur 20 points)").fill("15")
    page.get_by_label("Qualité du partenariat (sur 10 points)").fill("8")
    page.get_by_label("Appréciation").fill("Un partenariat solide et équilibré.")
    page.get_by_role("button", name="Remettre l'évaluation").click()
    expect(status(page)).to_contain_text("Votre évaluation est remise.")

    # The committee reads the summary and selects it.
    log_in(page, "committee")
    page.goto(url)
    expect(page.locator("#evaluations")).to_contain_text("Synthèse pour le comité")
    step(page, "selection").get_by_label("Retenir", exact=True).check()
    step(page, "selection").get_by_role("button", name="Décision du comité").click()
    expect(status(page)).to_contain_text("La demande est retenue par le comité.")

    # The secretariat records each side's decision, the agreement and a first payment.
    log_in(page, "secretariat")
    page.goto(url)
    for side, currency, amount in (("fr", "EUR", "10000"), ("qc", "CAD", "15000")):
        decision = step(page, f"decision-{side}")
        decision.get_by_label("Accorder").check()
        for year in ("2026", "2027"):
            decision.get_by_label(f"Montant accordé pour {year} ({currency})").fill(amount)
        decision.get_by_role("button", name=re.compile("Décision du côté")).click()
        expect(status(page)).to_contain_text("est enregistrée.")
    expect(page.get_by_text("Financement décidé", exact=True)).to_be_visible()
    step(page, "convention").get_by_label("Signée le").fill("2026-05-01")
    page.get_by_role("button", name="Enregistrer la convention signée").click()
    expect(status(page)).to_contain_text("La convention signée est enregistrée.")
    payment = step(page, "versement")
    payment.get_by_label(re.compile(r"^Côté")).select_option("fr")
    payment.get_by_label(re.compile(r"^Année")).select_option("2026")
    payment.get_by_label("Montant").fill("10000")
    payment.get_by_label("Versé le").fill("2026-06-01")
    payment.get_by_role("button", name="Enregistrer un versement").click()
    expect(status(page)).to_contain_text("Le versement de 10\u202f000,00\u00a0€ est enregistré.")

    # Lyon's editor records the final report of the coordinating organisation.
    log_in(page, "lyon")
    page.goto(url)
    report = step(page, "rapport")
    report.get_by_label(re.compile(r"^Rapport")).select_option("final")
    report.get_by_label("Reçu le").fill("2027-12-15")
    report.get_by_label("Envoyé par").select_option(label="Lyon")
    report.get_by_role("button", name="Enregistrer un rapport").click()
    expect(status(page)).to_contain_text("« Rapport final » est enregistré.")
    expect(page.locator("#historique")).to_contain_text("En cours → Rapport final reçu")
    assert serious_violations(page) == []
    application.refresh_from_db()
    assert application.stage == Stage.FINAL_REPORT

    # The envelopes report counts what was committed and paid.
    page.goto("/fonds/enveloppes/")
    expect(page.locator("main")).to_contain_text("140\u202f000,00\u00a0€")
    expect(page.locator("main")).to_contain_text("taux du 1er janv. 2024 : 1 € = 1,4700 $ CA")
    assert serious_violations(page) == []

    # The report counts it funded, by side, by région and by theme.
    page.get_by_role("link", name="Bilan des demandes et taux de réussite").click()
    expect(page.get_by_role("heading", name="Bilan du Fonds")).to_be_visible()
    expect(page.get_by_role("table", name="Par région")).to_contain_text("Auvergne-Rhône-Alpes")
    expect(page.get_by_role("table", name="Par côté")).to_contain_text("100,0 %")
    assert serious_violations(page) == []
