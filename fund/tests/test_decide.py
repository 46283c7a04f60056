import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import actions, figures
from fund.models import Commitment, Envelope, Stage
from projects.models import BudgetLine, Partner

pytestmark = pytest.mark.django_db


def test_each_side_decides_its_share_and_the_application_becomes_a_project(selected, personas):
    secretariat = personas["secretariat"]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000"), 2027: Decimal("8000")})
    assert selected.stage == Stage.SELECTED  # Québec has not decided yet
    assert selected.project is None
    actions.decide(selected, side="qc", by=secretariat, amounts={2026: Decimal("15000")})
    selected.refresh_from_db()
    assert selected.stage == Stage.DECIDED
    assert set(Commitment.objects.values_list("side", "year", "amount", "currency")) == {
        ("fr", 2026, Decimal("10000"), "EUR"), ("fr", 2027, Decimal("8000"), "EUR"),
        ("qc", 2026, Decimal("15000"), "CAD")}
    project = selected.project
    assert project.title == "Jeunes ambassadeurs"
    assert set(project.partners.values_list("collectivity__code", "role")) == {
        ("69123", Partner.Role.LEAD), ("37067", Partner.Role.PARTNER)}
    # What the fund brought shows on the tableau de bord as the project's budget.
    assert set(BudgetLine.objects.filter(project=project).values_list("source", "amount", "currency", "year")) == {
        ("FFQCD", Decimal("10000"), "EUR", 2026), ("FFQCD", Decimal("8000"), "EUR", 2027),
        ("FFQCD", Decimal("15000"), "CAD", 2026)}
    assert project.budget_by_currency() == {"CAD": Decimal("15000"), "EUR": Decimal("18000")}


def test_a_refusal_gives_its_reasons(selected, personas):
    with pytest.raises(ValidationError) as error:
        actions.decide(selected, side="fr", by=personas["secretariat"])
    assert error.value.message_dict == {"reasons": ["Un refus donne ses motifs."]}
    actions.decide(selected, side="fr", by=personas["secretariat"], reasons="Enveloppe épuisée")
    actions.decide(selected, side="qc", by=personas["secretariat"], reasons="Priorités régionales")
    selected.refresh_from_db()
    assert selected.stage == Stage.REFUSED
    assert selected.project is None
    assert not Commitment.objects.exists()


def test_a_side_decides_once_within_what_was_asked(selected, personas):
    secretariat = personas["secretariat"]
    with pytest.raises(ValidationError) as error:
        actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000.01")})
    assert error.value.message_dict["amounts"] == ["Année 2026 : de 0 à 10\u202f000,00\u00a0€, le montant demandé."]
    with pytest.raises(ValidationError) as error:
        actions.decide(selected, side="fr", by=secretariat, amounts={2030: Decimal("1")})
    assert error.value.message_dict["amounts"] == ["2030 n'est pas une année du calendrier de la demande."]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("1000")})
    with pytest.raises(ValidationError, match="Le côté France a déjà décidé"):
        actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("1000")})


def test_only_the_secretariat_records_a_decision(selected, personas):
    for persona in ("committee", "lyon", "reviewer"):
        with pytest.raises(PermissionDenied):
            actions.decide(selected, side="fr", by=personas[persona], amounts={2026: Decimal("1000")})


def test_an_award_past_the_envelope_is_refused_and_nothing_is_written(selected, personas):
    Envelope.objects.filter(side="qc", year=2026).update(amount=Decimal("14999"))
    with pytest.raises(ValidationError) as error:
        actions.decide(selected, side="qc", by=personas["secretariat"], amounts={2026: Decimal("15000")})
    assert error.value.message_dict["amount"] == [
        "Enveloppe Québec 2026 dépassée : 0,00\u00a0$\u00a0CA déjà engagés sur 14\u202f999,00\u00a0$\u00a0CA, il "
        "reste 14\u202f999,00\u00a0$\u00a0CA, moins que les 15\u202f000,00\u00a0$\u00a0CA demandés."]
    assert not selected.decisions.exists()
    assert not Commitment.objects.exists()


def test_without_an_envelope_nothing_is_committed(selected, personas):
    Envelope.objects.filter(side="fr", year=2027).delete()
    with pytest.raises(ValidationError, match="Aucune enveloppe du Fonds côté France pour 2027"):
        actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2027: Decimal("1000")})


def test_the_figures_follow_commitments_and_disbursements(selected, personas):
    secretariat = personas["secretariat"]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000")})
    actions.decide(selected, side="qc", by=secretariat, amounts={2026: Decimal("15000")})
    actions.sign_agreement(selected, by=secretariat, signed_on=datetime.date(2026, 5, 1))
    actions.disburse(selected, side="fr", year=2026, amount=Decimal("4000"), by=secretariat,
                     paid_on=datetime.date(2026, 6, 1))
    by_key = {(f.year, f.side): f for f in figures.envelope_figures()}
    fr = by_key[(2026, "fr")]
    assert (fr.amount, fr.committed, fr.disbursed, fr.remaining) == (
        Decimal("150000"), Decimal("10000"), Decimal("4000"), Decimal("140000"))
    assert by_key[(2027, "qc")].remaining == Decimal("225000")
    leverage = figures.leverage()
    # The collectivities bring 12 000 € for 10 000 € of the fund, 15 000 $ for 15 000 $.
    assert (leverage["EUR"].fund, leverage["EUR"].own, leverage["EUR"].ratio) == (
        Decimal("10000"), Decimal("12000"), Decimal("1.20"))
    assert leverage["CAD"].ratio == Decimal("1.00")
