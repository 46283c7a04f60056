"""`maillage send_reminders`: the fund's reminders by e-mail, each sent once.

The call closes on 16 March 2030 at 11:00 UTC: 12:00 in Paris (winter time), 07:00 in
Montréal (summer time since 10 March). Lyon's draft has Trois-Rivières as co-applicant;
Trois-Rivières' editor reads Montréal time."""
import datetime
import smtplib
import threading
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fund import actions
from fund.models import Application, Call, Report, SentReminder
from fund.reminders import reminder_due, send_reminders

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
CLOSES = datetime.datetime(2030, 3, 16, 11, 0, tzinfo=UTC)
REFUSED = {"lyon@example.org"}


class RefusingBackend(EmailBackend):
    """The mail server refuses the addresses of REFUSED; the others reach mail.outbox."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED & set(message.to):
                raise smtplib.SMTPRecipientsRefused({address: (550, b"refused") for address in message.to})
        return super().send_messages(messages)


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def at(days_before: float) -> str:
    return (CLOSES - datetime.timedelta(days=days_before)).isoformat()


@pytest.fixture
def closing(call, application, personas):
    """Lyon's draft for a call closing on CLOSES; Trois-Rivières' editor in Montréal."""
    Call.objects.filter(pk=call.pk).update(opens_at=CLOSES - datetime.timedelta(days=60), closes_at=CLOSES)
    personas["trois_rivieres"].time_zone = "America/Toronto"
    personas["trois_rivieres"].save()
    return Application.objects.select_related("call").get(pk=application.pk)


def test_the_editors_of_each_collectivity_with_a_draft_are_reminded_in_their_time_zone(closing, mailoutbox):
    output = run("--now", at(13))
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"lyon@example.org", "trois_rivieres@example.org"}
    lyon, trois_rivieres = by_address["lyon@example.org"], by_address["trois_rivieres@example.org"]
    assert lyon.subject == "Rappel : l'appel « Appel 2026-2027 » ferme le 16 mars 2030 à 12 h 00 (heure de Paris)"
    assert "16 mars 2030 à 7 h 00 (heure de Montréal)" in trois_rivieres.subject
    assert "« Jeunes ambassadeurs » (cheffe de file : Lyon)" in lyon.body
    assert "Bonjour" in lyon.body and "brouillon" in lyon.body
    assert "2 rappels envoyés" in output


def test_running_twice_sends_each_reminder_once(closing, mailoutbox):
    run("--now", at(13))
    output = run("--now", at(12.5))
    assert len(mailoutbox) == 2
    assert SentReminder.objects.count() == 2
    assert ", 2 déjà envoyés." in output


def test_the_3_day_reminder_follows_the_14_day_one(closing, mailoutbox):
    run("--now", at(13))
    run("--now", at(2))
    run("--now", at(1))
    assert sorted(SentReminder.objects.values_list("days_before", flat=True)) == [3, 3, 14, 14]
    assert len(mailoutbox) == 4


def test_a_run_that_missed_the_first_window_sends_only_the_latest_reminder(closing, mailoutbox):
    run("--now", at(2))
    assert set(SentReminder.objects.values_list("days_before", flat=True)) == {3}
    assert len(mailoutbox) == 2


def test_nothing_is_sent_before_the_window_after_the_closing_or_for_a_submitted_application(
        closing, personas, mailoutbox):
    run("--now", at(15))
    run("--now", CLOSES.isoformat())
    assert mailoutbox == []
    actions.submit(closing, by=personas["lyon"], now=CLOSES - datetime.timedelta(days=20))
    run("--now", at(13))
    assert mailoutbox == []


def test_an_editor_without_an_address_or_inactive_is_skipped(closing, personas, mailoutbox):
    personas["trois_rivieres"].email = ""
    personas["trois_rivieres"].save()
    personas["lyon"].is_active = False
    personas["lyon"].save()
    run("--now", at(13))
    assert mailoutbox == []


def test_a_refused_mail_is_not_marked_sent_and_goes_at_the_next_run(closing, settings, mailoutbox):
    settings.EMAIL_BACKEND = "fund.tests.test_reminders.RefusingBackend"
    with pytest.raises(CommandError, match="1 rappel n'a pas pu être envoyé"):
        run("--now", at(13))
    assert [message.to for message in mailoutbox] == [["trois_rivieres@example.org"]]
    assert list(SentReminder.objects.values_list("recipient__username", flat=True)) == ["trois_rivieres"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = run("--now", at(12))
    assert [message.to for message in mail.outbox] == [["trois_rivieres@example.org"], ["lyon@example.org"]]
    assert "1 rappel envoyé, 1 déjà envoyé." in output
    assert SentReminder.objects.count() == 2


def test_dry_run_lists_and_neither_sends_nor_records(closing, mailoutbox):
    output = run("--dry-run", "--now", at(13))
    assert "À envoyer : Rappel : l'appel « Appel 2026-2027 » ferme le" in output
    assert "2 rappels à envoyer (simulation : rien n'est envoyé)." in output
    assert mailoutbox == []
    assert not SentReminder.objects.exists()


@pytest.mark.parametrize("value, message", [
    ("2030-03-02T09:00:00", "avec son décalage horaire"),
    ("lundi", "n'est pas un instant ISO 8601"),
])
def test_now_must_be_an_instant_with_its_offset(db, value, message):
    with pytest.raises(CommandError, match=message):
        run("--now", value)


def test_without_now_the_command_runs_at_the_present_instant(closing, mailoutbox):
    run()  # today, years before the call closes in 2030
    assert mailoutbox == []
    assert not SentReminder.objects.exists()


def test_a_reminder_is_due_from_its_day_until_the_next_one():
    deadline = CLOSES
    assert reminder_due(deadline, deadline - datetime.timedelta(days=15), (14, 3)) is None
    assert reminder_due(deadline, deadline - datetime.timedelta(days=14), (14, 3)) == 14
    assert reminder_due(deadline, deadline - datetime.timedelta(days=3, seconds=1), (14, 3)) == 14
    assert reminder_due(deadline, deadline - datetime.timedelta(days=3), (14, 3)) == 3
    assert reminder_due(deadline, deadline, (14, 3)) is None


# Reports.

MIDTERM = datetime.datetime(2030, 12, 15, 11, 0, tzinfo=UTC)
FINAL = datetime.datetime(2031, 12, 15, 11, 0, tzinfo=UTC)


@pytest.fixture
def signed(selected, personas):
    """The application decided by both sides and its agreement signed; the call's reports
    due on MIDTERM and FINAL."""
    secretariat = personas["secretariat"]
    actions.decide(selected, side="fr", by=secretariat, amounts={2026: Decimal("10000")})
    actions.decide(selected, side="qc", by=secretariat, amounts={2026: Decimal("15000")})
    actions.sign_agreement(selected, by=secretariat, signed_on=datetime.date(2026, 1, 15))
    Call.objects.filter(pk=selected.call_id).update(midterm_report_due=MIDTERM, final_report_due=FINAL)
    selected.refresh_from_db()
    return selected


def test_the_lead_collectivitys_editors_are_reminded_of_a_report_due(signed, mailoutbox):
    run("--now", (MIDTERM - datetime.timedelta(days=20)).isoformat())
    assert [message.to for message in mailoutbox] == [["lyon@example.org"]]
    (message,) = mailoutbox
    assert message.subject == ("Rappel : rapport d'étape de « Jeunes ambassadeurs » attendu le 15 déc. 2030 à 12 h 00 "
                               "(heure de Paris)")
    assert "Lyon, collectivité cheffe de file, coordonne le projet" in message.body
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.application_id, reminder.days_before) == ("rapport_etape", signed.pk, 30)


def test_no_report_reminder_once_the_report_is_received(signed, personas, mailoutbox):
    secretariat = personas["secretariat"]
    actions.disburse(signed, side="fr", year=2026, amount=Decimal("5000"), by=secretariat,
                     paid_on=datetime.date(2026, 2, 1))
    actions.record_report(signed, kind=Report.Kind.MIDTERM, by=secretariat, received_on=datetime.date(2030, 11, 1),
                          sender=signed.lead)
    run("--now", (MIDTERM - datetime.timedelta(days=5)).isoformat())
    assert mailoutbox == []
    run("--now", (FINAL - datetime.timedelta(days=5)).isoformat())
    assert [message.subject[:30] for message in mailoutbox] == ["Rappel : rapport final de « Je"]


def test_the_agreements_own_deadline_replaces_the_calls(signed, mailoutbox):
    own = datetime.datetime(2030, 10, 1, 10, 0, tzinfo=UTC)
    signed.midterm_report_due = own
    signed.save(update_fields=["midterm_report_due"])
    run("--now", (MIDTERM - datetime.timedelta(days=20)).isoformat())
    assert mailoutbox == []  # the call's deadline no longer applies
    run("--now", (own - datetime.timedelta(days=6)).isoformat())
    (message,) = mailoutbox
    assert "attendu le 1er oct. 2030 à 12 h 00 (heure de Paris)" in message.subject
    assert SentReminder.objects.get().days_before == 7


def test_one_mail_per_editor_lists_all_their_drafts_for_the_call(closing, call, lyon_commune, mailoutbox):
    from .factories import make_application

    make_application(call, lyon_commune, title="Festival des deux rives", complete=False)
    run("--now", at(13))
    lyon = [message for message in mailoutbox if message.to == ["lyon@example.org"]]
    assert len(lyon) == 1
    assert "« Festival des deux rives »" in lyon[0].body and "« Jeunes ambassadeurs »" in lyon[0].body


class HoldingBackend(EmailBackend):
    """The first e-mail waits, its transaction open, until a second run has started."""

    first_sending = threading.Event()
    second_started = threading.Event()
    held = threading.Lock()

    def send_messages(self, messages):
        if self.held.acquire(blocking=False):
            HoldingBackend.first_sending.set()
            assert HoldingBackend.second_started.wait(10)
            time.sleep(0.3)  # the second run is now waiting on the first one's row
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_the_reminder_once(closing, personas, settings):
    personas["trois_rivieres"].email = ""  # one recipient: Lyon's editor
    personas["trois_rivieres"].save()
    now = CLOSES - datetime.timedelta(days=13)
    if connection.vendor == "sqlite":
        # SQLite serialises writers and its in-memory test database is not shared safely
        # between threads: the runs follow each other, and the same outcome is asserted.
        outcomes = [send_reminders(now=now), send_reminders(now=now)]
    else:
        settings.EMAIL_BACKEND = "fund.tests.test_reminders.HoldingBackend"
        outcomes = [None, None]

        def run(index, started=None):
            try:
                if started is not None:
                    assert HoldingBackend.first_sending.wait(10)
                    started.set()
                outcomes[index] = send_reminders(now=now)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(0,)),
                   threading.Thread(target=run, args=(1, HoldingBackend.second_started))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    assert sorted((len(outcome.sent), outcome.already_sent) for outcome in outcomes) == [(0, 1), (1, 0)]
    assert [message.to for message in mail.outbox] == [["lyon@example.org"]]
    assert SentReminder.objects.count() == 1
