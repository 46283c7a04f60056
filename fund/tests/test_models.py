import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fund.models import Call, Commitment, Coordinator, Disbursement, Envelope
from fund.money import Money

from .factories import make_call

pytestmark = pytest.mark.django_db


def test_an_envelope_takes_the_currency_of_its_side():
    envelope = Envelope(side="qc", year=2009, amount=Decimal("225000"))
    envelope.clean()
    assert envelope.currency == "CAD"
    envelope.save()
    assert Envelope.objects.get().money.currency == "CAD"


def test_a_french_envelope_in_dollars_is_refused_in_french():
    envelope = Envelope(side="fr", year=2009, amount=Decimal("150000"), currency="CAD")
    with pytest.raises(ValidationError) as error:
        envelope.full_clean()
    assert error.value.message_dict["currency"] == [
        "Le côté France du Fonds s'exprime en EUR, pas en CAD."]
    with pytest.raises(IntegrityError), transaction.atomic():
        envelope.save()


def test_one_envelope_per_side_and_year():
    Envelope.objects.create(side="fr", year=2010, amount=Decimal("200000"), currency="EUR")
    with pytest.raises(IntegrityError), transaction.atomic():
        Envelope.objects.create(side="fr", year=2010, amount=Decimal("1"), currency="EUR")


def test_a_call_is_one_instant_shown_in_paris_and_in_montreal():
    call = make_call(opens_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/Paris")),
                     closes_at=datetime.datetime(2026, 3, 16, 12, 0, tzinfo=ZoneInfo("Europe/Paris")))
    (paris, p_open, p_close), (montreal, m_open, m_close) = call.window_display()
    assert (paris, montreal) == ("heure de Paris", "heure de Montréal")
    assert p_close == m_close  # the same instant
    assert (p_close.hour, m_close.hour) == (12, 7)  # 12:00 in Paris is 7:00 in Montréal in March
    assert call.is_open(datetime.datetime(2026, 3, 16, 10, 59, tzinfo=datetime.timezone.utc))
    assert not call.is_open(datetime.datetime(2026, 3, 16, 11, 0, tzinfo=datetime.timezone.utc))


def test_a_call_window_and_years_in_order():
    call = make_call()
    call.closes_at = call.opens_at
    call.last_year = call.first_year - 1
    with pytest.raises(ValidationError) as error:
        call.clean()
    assert set(error.value.message_dict) == {"closes_at", "last_year"}


def test_a_coordinator_is_a_collectivity_or_a_name(regions):
    call = make_call()
    coordinator = Coordinator(call=call, territory=regions["qc"])
    with pytest.raises(ValidationError, match="l'un des deux"):
        coordinator.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        coordinator.save()


def test_past_calls_keep_their_coordinators(regions):
    """A 2009 call keeps its CRÉ; a 2020 call names today's body."""
    paris = ZoneInfo("Europe/Paris")
    old = make_call(title="2009", opens_at=datetime.datetime(2008, 12, 1, tzinfo=paris),
                    closes_at=datetime.datetime(2009, 3, 1, tzinfo=paris), first_year=2009, last_year=2010,
                    coordinators=[(regions["qc"], "CRÉ de la Mauricie")])
    new = make_call(title="2020", opens_at=datetime.datetime(2019, 12, 1, tzinfo=paris),
                    closes_at=datetime.datetime(2020, 3, 1, tzinfo=paris), first_year=2020, last_year=2021,
                    coordinators=[(regions["qc"], regions["qc"])])
    assert old.coordinators.get().name == "CRÉ de la Mauricie"
    assert new.coordinators.get().name == "Mauricie"
    assert list(Call.objects.open()) == []


def test_an_envelope_cannot_drop_below_what_is_committed(selected, personas):
    from fund import actions

    actions.decide(selected, side="fr", by=personas["secretariat"], amounts={2026: Decimal("10000")})
    envelope = Envelope.objects.get(side="fr", year=2026)
    envelope.amount = Decimal("9999.99")
    with pytest.raises(ValidationError) as error:
        envelope.full_clean()
    assert error.value.message_dict["amount"] == [
        "10\u202f000,00\u00a0€ sont déjà engagés sur cette enveloppe : son montant ne peut descendre plus bas."]
    envelope.amount = Decimal("10000")
    envelope.full_clean()


@pytest.mark.parametrize("model", [Commitment, Disbursement])
def test_commitments_and_disbursements_share_their_money_label_and_currency_rule(model, application, personas):
    from fund.models import SideMoney

    extra = {"committed_by": personas["secretariat"]} if model is Commitment else {
        "paid_by": personas["secretariat"], "paid_on": datetime.date(2026, 2, 1)}
    row = model(application=application, side="qc", year=2026, amount=Decimal("1500"), currency="CAD", **extra)
    assert issubclass(model, SideMoney) and row.money == Money(Decimal("1500"), "CAD")
    assert str(row) == "Jeunes ambassadeurs — Québec 2026 : 1\u202f500,00\u00a0$\u00a0CA"
    row.currency = "EUR"
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert error.value.message_dict["currency"] == ["Le côté Québec du Fonds s'exprime en CAD, pas en EUR."]
