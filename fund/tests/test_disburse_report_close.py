"""From the decision to the closing: agreement, disbursements within the commitment,
the coordinating organisation's reports, closing; each step by its role only."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import actions, transitions
from fund.models import Disbursement, Report, Stage, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(selected, personas):
    for side, amount in (("fr", Decimal("10000")), ("qc", Decimal("15000"))):
        actions.decide(selected, side=side, by=personas["secretariat"], amounts={2026: amount, 2027: amount})
    return selected


def test_no_disbursement_before_the_agreement(decided, personas):
    with pytest.raises(ValidationError, match="Aucun versement avant la convention signée"):
        actions.disburse(decided, side="fr", year=2026, amount=Decimal("1"), by=personas["secretariat"],
                         paid_on=datetime.date(2026, 6, 1))


def test_disbursements_stay_within_the_commitment(decided, personas):
    secretariat = personas["secretariat"]
    actions.sign_agreement(decided, by=secretariat, signed_on=datetime.date(2026, 5, 1))
    actions.disburse(decided, side="fr", year=2026, amount=Decimal("6000"), by=secretariat,
                     paid_on=datetime.date(2026, 6, 1))
    assert decided.stage == Stage.IN_PROGRESS  # the first payment starts the project
    with pytest.raises(ValidationError) as error:
        actions.disburse(decided, side="fr", year=2026, amount=Decimal("4000.01"), by=secretariat,
                         paid_on=datetime.date(2026, 9, 1))
    assert error.value.message_dict["amount"] == [
        "Versement refusé : 6\u202f000,00\u00a0€ déjà versés sur les 10\u202f000,00\u00a0€ engagés côté France "
        "pour 2026 ; 4\u202f000,00\u00a0€ au plus."]
    with pytest.raises(PermissionDenied):
        actions.disburse(decided, side="fr", year=2026, amount=Decimal("1"), by=personas["committee"],
                         paid_on=datetime.date(2026, 9, 1))
    disbursement = Disbursement.objects.get()
    assert (disbursement.currency, disbursement.amount) == ("EUR", Decimal("6000"))


def test_the_whole_lifecycle_to_the_final_report_with_a_dated_log(decided, personas, lyon_commune):
    secretariat, lyon = personas["secretariat"], personas["lyon"]
    actions.sign_agreement(decided, by=secretariat, signed_on=datetime.date(2026, 5, 1))
    actions.disburse(decided, side="qc", year=2026, amount=Decimal("15000"), by=secretariat,
                     paid_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="Indiquez l'organisme coordinateur"):
        actions.record_report(decided, kind=Report.Kind.MIDTERM, by=lyon, received_on=datetime.date(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        actions.record_report(decided, kind=Report.Kind.MIDTERM, by=personas["outsider"],
                              received_on=datetime.date(2026, 12, 1), sender=lyon_commune)
    actions.record_report(decided, kind=Report.Kind.MIDTERM, by=lyon, received_on=datetime.date(2026, 12, 1),
                          sender=lyon_commune)
    with pytest.raises(ValidationError, match="ne se fait qu'à l'étape « Rapport final reçu »"):
        actions.close(decided, by=secretariat)
    actions.record_report(decided, kind=Report.Kind.FINAL, by=personas["trois_rivieres"],
                          received_on=datetime.date(2027, 12, 20), sender_name="Ville de Lyon, coordination")
    with pytest.raises(PermissionDenied):
        actions.close(decided, by=lyon)
    actions.close(decided, by=secretariat, note="Bilan conforme")
    decided.refresh_from_db()
    assert decided.stage == Stage.CLOSED
    assert list(Transition.objects.filter(application=decided).values_list("target", flat=True)) == [
        Stage.SUBMITTED, Stage.ENDORSED, Stage.ELIGIBLE, Stage.UNDER_REVIEW, Stage.SELECTED, Stage.DECIDED,
        Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT, Stage.CLOSED]
    assert transitions.available(decided, secretariat) == []


def test_what_each_role_may_do_now(application, personas):
    assert [t.name for t in transitions.available(application, personas["lyon"])] == ["submit"]
    assert transitions.available(application, personas["trois_rivieres"]) == []
    assert transitions.available(application, personas["committee"]) == []


def test_every_transition_is_declared_with_a_role_and_stages():
    declared = transitions.TRANSITIONS.values()
    assert {t.target for t in declared} == set(Stage.values) - {Stage.DRAFT}
    assert all(t.sources and t.role and t.label for t in declared)
