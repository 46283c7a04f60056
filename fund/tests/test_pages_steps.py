"""After submission, through the pages: each step offered only to its role, made by one
POST, refused with a clear message otherwise; the reviews and the committee's summary;
each side's decision; the agreement, payments, reports and closing; the dated history."""
import html
from decimal import Decimal

import pytest

from fund import actions
from fund.models import Review, Stage

from .conftest import scores
from .factories import make_envelopes

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def as_(client, user):
    client.force_login(user)
    return client


def stage_of(application) -> str:
    application.refresh_from_db()
    return application.stage


@pytest.fixture
def submitted(application, personas):
    actions.submit(application, by=personas["lyon"])
    return application


def test_the_coordinating_body_endorses_its_territory_and_the_secretariat_the_other(
        client, submitted, regions, personas, rhone_alpes_editor):
    url = f"/fonds/demandes/{submitted.pk}/"
    content = text(as_(client, rhone_alpes_editor).get(url))
    assert "Donner l'avis de la coordination" in content and "Vérifier la recevabilité" not in content
    assert f'<option value="{regions["qc"].pk}"' not in content  # not theirs to endorse
    response = client.post(url + "etapes/avis/", {"avis-territory": regions["fr"].pk, "avis-note": "Favorable"})
    assert response.status_code == 302 and stage_of(submitted) == Stage.SUBMITTED
    assert "L'avis de la coordination de Auvergne-Rhône-Alpes est enregistré." in text(client.get(url))
    as_(client, personas["secretariat"]).post(url + "etapes/avis/", {"avis-territory": regions["qc"].pk})
    assert stage_of(submitted) == Stage.ENDORSED


def test_an_editor_of_the_applicants_cannot_endorse(client, submitted, regions, personas):
    response = as_(client, personas["lyon"]).post(f"/fonds/demandes/{submitted.pk}/etapes/avis/",
                                                  {"avis-territory": regions["fr"].pk})
    assert response.status_code == 403
    assert "est réservé aux éditeurs de l'organisme qui coordonne le territoire" in text(response)


@pytest.fixture
def endorsed(submitted, regions, personas):
    for territory in regions.values():
        actions.endorse(submitted, territory=territory, by=personas["secretariat"])
    return submitted


def test_only_the_secretariat_checks_eligibility(client, endorsed, personas):
    url = f"/fonds/demandes/{endorsed.pk}/"
    assert "Vérifier la recevabilité" not in text(as_(client, personas["lyon"]).get(url))
    response = client.post(url + "etapes/recevabilite/")
    assert response.status_code == 403 and "« Vérifier la recevabilité » est réservé au secrétariat." in text(response)
    content = text(as_(client, personas["secretariat"]).get(url))
    assert "Vérifier la recevabilité" in content and "Déposer la demande" not in content
    response = client.post(url + "etapes/recevabilite/")
    assert response.status_code == 302 and stage_of(endorsed) == Stage.ELIGIBLE
    assert "La demande est recevable." in text(client.get(url))


def test_an_ineligible_application_says_what_to_change(client, endorsed, personas):
    endorsed.locations.filter(side="qc").delete()
    response = as_(client, personas["secretariat"]).post(f"/fonds/demandes/{endorsed.pk}/etapes/recevabilite/")
    assert response.status_code == 302 and stage_of(endorsed) == Stage.INELIGIBLE
    content = text(client.get(response.url))
    assert "Motifs d'irrecevabilité" in content and "Indiquez au moins un lieu d'activité côté Québec" in content


def test_a_forbidden_transition_is_refused_with_a_clear_message(client, submitted, personas):
    response = as_(client, personas["secretariat"]).post(f"/fonds/demandes/{submitted.pk}/etapes/convention/",
                                                         {"convention-signed_on": "2026-05-01"})
    assert response.status_code == 200 and stage_of(submitted) == Stage.SUBMITTED
    assert ("« Enregistrer la convention signée » n'est pas possible : la demande « Jeunes ambassadeurs » est à "
            "l'étape « Déposée », et cette action ne se fait qu'à l'étape « Financement décidé ».") in text(response)


def test_the_secretariat_opens_the_review_with_its_reviewers(client, endorsed, personas, second_reviewer):
    secretariat = personas["secretariat"]
    actions.check_eligibility(endorsed, by=secretariat)
    response = as_(client, secretariat).post(f"/fonds/demandes/{endorsed.pk}/etapes/evaluation/", {
        "evaluation-reviewers": [personas["reviewer"].pk]})
    assert response.status_code == 302 and stage_of(endorsed) == Stage.UNDER_REVIEW
    response = client.post(f"/fonds/demandes/{endorsed.pk}/etapes/evaluateurs/", {
        "evaluateurs-reviewers": [second_reviewer.pk]})
    assert response.status_code == 302
    assert set(endorsed.reviews.values_list("reviewer__username", flat=True)) == {"reviewer", "reviewer2"}


def test_a_reviewer_sees_the_others_scores_only_once_theirs_is_in(client, under_review, personas, second_reviewer):
    first, second = (Review.objects.get(reviewer=user) for user in (personas["reviewer"], second_reviewer))
    criteria = list(under_review.call.criteria.order_by("position"))
    actions.submit_review(second, by=second_reviewer, scores=scores(under_review, 17, 9), comment="Très bien")
    as_(client, personas["reviewer"])
    content = text(client.get(f"/fonds/evaluations/{first.pk}/"))
    assert "Intérêt pour les deux territoires (sur 20 points)" in content and "17 / 20" not in content
    assert "17 / 20" not in text(client.get(f"/fonds/demandes/{under_review.pk}/"))
    response = client.post(f"/fonds/evaluations/{first.pk}/", {
        f"criterion_{criteria[0].pk}": "25", f"criterion_{criteria[1].pk}": "5", "version": first.version})
    assert response.status_code == 200 and not Review.objects.get(pk=first.pk).is_submitted
    response = client.post(f"/fonds/evaluations/{first.pk}/", {
        f"criterion_{criteria[0].pk}": "15", f"criterion_{criteria[1].pk}": "8", "comment": "Solide",
        "version": first.version})
    assert response.status_code == 302
    content = text(client.get(response.url))
    assert "Votre évaluation est remise." in content and "17 / 20" in content and "15 / 20" in content


def test_a_reviewer_declares_a_conflict_and_the_application_leaves_their_list(client, under_review, personas):
    review = Review.objects.get(reviewer=personas["reviewer"])
    as_(client, personas["reviewer"])
    response = client.post(f"/fonds/evaluations/{review.pk}/conflit/", {"conflict_note": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in text(response)
    response = client.post(f"/fonds/evaluations/{review.pk}/conflit/", {"conflict_note": "Ancien élu de Lyon"})
    assert response.status_code == 302 and Review.objects.get(pk=review.pk).conflict_of_interest
    assert client.get(f"/fonds/demandes/{under_review.pk}/").status_code == 404
    assert client.get(f"/fonds/evaluations/{review.pk}/").status_code == 404


def test_the_committee_reads_the_summary_and_selects(client, under_review, personas, second_reviewer):
    for user, points in ((personas["reviewer"], (15, 8)), (second_reviewer, (10, 4))):
        actions.submit_review(Review.objects.get(reviewer=user), by=user, scores=scores(under_review, *points))
    content = text(as_(client, personas["committee"]).get(f"/fonds/demandes/{under_review.pk}/"))
    # Weighted totals 15 + 8×2 = 31 and 10 + 4×2 = 18 out of 40: average 24,50, spread 13.
    assert "Synthèse pour le comité" in content and "31,00 ; 18,00" in content and "(sur 40,00)" in content
    assert "24,50" in content and "13,00 (18,00 – 31,00)" in content
    assert "Décision du comité" in content and "Vérifier la recevabilité" not in content
    response = client.post(f"/fonds/demandes/{under_review.pk}/etapes/selection/", {"selection-decision": "select"})
    assert response.status_code == 302 and stage_of(under_review) == Stage.SELECTED
    assert "Retenue par le comité" in text(client.get(response.url))


def test_each_side_decides_its_share_then_agreement_payment_report_and_closing(client, selected, personas):
    url = f"/fonds/demandes/{selected.pk}/"
    as_(client, personas["secretariat"])
    content = text(client.get(url))
    assert "Décision du côté France" in content and "Décision du côté Québec" in content
    response = client.post(url + "etapes/decision-fr/", {"decision-fr-granted": "yes", "decision-fr-amount_2026": "10000",
                                                        "decision-fr-amount_2027": "8000"})
    assert response.status_code == 302 and stage_of(selected) == Stage.SELECTED
    assert "Décision du côté France" not in text(client.get(url))
    response = client.post(url + "etapes/decision-qc/", {"decision-qc-granted": "no", "decision-qc-reasons": ""})
    assert response.status_code == 200 and "Un refus donne ses motifs." in text(response)
    client.post(url + "etapes/decision-qc/", {"decision-qc-granted": "no", "decision-qc-reasons": "Enveloppe épuisée"})
    assert stage_of(selected) == Stage.DECIDED and selected.project_id
    client.post(url + "etapes/convention/", {"convention-signed_on": "2026-05-01"})
    assert stage_of(selected) == Stage.AGREEMENT_SIGNED
    response = client.post(url + "etapes/versement/", {"versement-side": "fr", "versement-year": "2026",
                                                      "versement-amount": "12000", "versement-paid_on": "2026-06-01"})
    assert response.status_code == 200 and "Versement refusé" in text(response)
    client.post(url + "etapes/versement/", {"versement-side": "fr", "versement-year": "2026",
                                            "versement-amount": "6000", "versement-paid_on": "2026-06-01"})
    assert stage_of(selected) == Stage.IN_PROGRESS
    # The mid-term and final reports come from the coordinating organisation: Lyon's editor records them.
    as_(client, personas["lyon"])
    client.post(url + "etapes/rapport/", {"rapport-kind": "etape", "rapport-received_on": "2026-12-15",
                                          "rapport-sender": selected.lead_id})
    response = client.post(url + "etapes/rapport/", {"rapport-kind": "final", "rapport-received_on": "2027-12-15",
                                                     "rapport-sender_name": "Conseil régional"})
    assert response.status_code == 302 and stage_of(selected) == Stage.FINAL_REPORT
    assert client.post(url + "etapes/cloture/").status_code == 403
    as_(client, personas["secretariat"]).post(url + "etapes/cloture/", {"cloture-note": "Rapport approuvé"})
    assert stage_of(selected) == Stage.CLOSED
    content = text(client.get(url))
    for expected in ("Côté France : accordé le", "Côté Québec : refusé (Enveloppe épuisée)", "10\u202f000,00\u00a0€",
                     "6\u202f000,00\u00a0€", "Rapport final reçu le 15 déc. 2027, envoyé par Conseil régional",
                     "Retenue par le comité → Financement décidé", "Rapport final reçu → Clôturée",
                     "Le projet au tableau de bord"):
        assert expected in content, expected
    assert "Ce que vous pouvez faire" not in content


def test_a_decision_over_the_envelope_is_refused_and_keeps_the_input(client, under_review, personas):
    make_envelopes(2026, 2027, eur=Decimal("5000"))
    actions.submit_review(Review.objects.get(reviewer=personas["reviewer"]), by=personas["reviewer"],
                          scores=scores(under_review, 15, 8))
    actions.select(under_review, by=personas["committee"])
    response = as_(client, personas["secretariat"]).post(f"/fonds/demandes/{under_review.pk}/etapes/decision-fr/", {
        "decision-fr-granted": "yes", "decision-fr-amount_2026": "6000"})
    content = text(response)
    assert response.status_code == 200 and "Enveloppe France 2026 dépassée" in content
    assert 'value="6000"' in content and not under_review.decisions.exists()


def test_the_committee_cannot_decide_a_sides_share(client, selected, personas):
    response = as_(client, personas["committee"]).post(f"/fonds/demandes/{selected.pk}/etapes/decision-fr/", {
        "decision-fr-granted": "yes", "decision-fr-amount_2026": "1000"})
    assert response.status_code == 403 and "est réservé au secrétariat" in text(response)
