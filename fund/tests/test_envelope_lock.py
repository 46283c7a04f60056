"""Never over-committed: two awards that together exceed an envelope, decided at the same
moment, cannot both pass. On PostgreSQL they run in two threads, each with its own
connection and transaction: the first locks the envelope row and holds its transaction
open while the second tries; the second waits for the lock, then sees the first's
commitment and is refused. SQLite serialises writers (IMMEDIATE transactions) and its
in-memory test database is not shared between connections safely: there the two awards
run one after the other, and the same invariant is asserted."""
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from fund import actions
from fund.models import Application, Commitment, Envelope, Review, Stage

from .conftest import scores
from .factories import make_application, make_envelopes

pytestmark = pytest.mark.django_db(transaction=True)


def _selected(application, personas, regions, title):
    secretariat = personas["secretariat"]
    actions.submit(application, by=personas["lyon"])
    for territory in regions.values():
        actions.endorse(application, territory=territory, by=secretariat)
    actions.check_eligibility(application, by=secretariat)
    (review,) = actions.open_review(application, by=secretariat, reviewers=[personas["reviewer"]])
    actions.submit_review(review, by=personas["reviewer"], scores=scores(application, 10, 5))
    actions.select(application, by=personas["committee"])
    return application


@pytest.fixture
def two_selected(call, personas, regions, lyon_commune, trois_rivieres_ville):
    make_envelopes(2026, 2027, eur=Decimal("15000"))
    return [_selected(make_application(call, lyon_commune, trois_rivieres_ville, title=title), personas, regions,
                      title) for title in ("Premier", "Second")]


def _award(application_id, secretariat, *, hold=None, started=None):
    """Decide France's 2026 share of 10 000 €; `hold`: wait for that event before
    committing (the transaction stays open, the envelope locked)."""
    try:
        with transaction.atomic():
            if started is not None:
                started.set()
            actions.decide(Application.objects.get(pk=application_id), side="fr", by=secretariat,
                           amounts={2026: Decimal("10000")})
            if hold is not None:
                hold()
        return "passed"
    except ValidationError as error:
        return " ".join(error.messages)


def test_two_conflicting_awards_at_the_same_moment_exactly_one_passes(two_selected, personas):
    first, second = two_selected
    secretariat = personas["secretariat"]
    if connection.vendor == "sqlite":
        outcomes = [_award(first.pk, secretariat), _award(second.pk, secretariat)]
    else:
        outcomes = [None, None]
        first_written, second_started = threading.Event(), threading.Event()

        def hold():
            first_written.set()
            # Keep the envelope locked until the second award is waiting for it.
            assert second_started.wait(10)
            time.sleep(0.3)

        def run(index, application_id, **kwargs):
            try:
                outcomes[index] = _award(application_id, secretariat, **kwargs)
            finally:
                connection.close()

        one = threading.Thread(target=run, args=(0, first.pk), kwargs={"hold": hold})
        one.start()
        assert first_written.wait(10)
        two = threading.Thread(target=run, args=(1, second.pk), kwargs={"started": second_started})
        two.start()
        one.join(20)
        two.join(20)
    assert outcomes[0] == "passed"
    assert outcomes[1].startswith("Enveloppe France 2026 dépassée : 10\u202f000,00\u00a0€ déjà engagés sur "
                                  "15\u202f000,00\u00a0€")
    assert list(Commitment.objects.values_list("application__title", "amount")) == [("Premier", Decimal("10000"))]
    envelope = Envelope.objects.get(side="fr", year=2026)
    assert sum(c.amount for c in Commitment.objects.filter(side="fr", year=2026)) <= envelope.amount
    assert Application.objects.get(pk=second.pk).stage == Stage.SELECTED
    assert not Review.objects.filter(submitted_at__isnull=True).exists()
