"""The fund's reminders by e-mail, sent by `maillage send_reminders` (a scheduler runs it,
docs/deployment.md):

- before a call closes (CALL_CLOSING_DAYS: 14 and 3 days before), to the editors of the
  collectivities (lead or co-applicant) that still have a draft for that call;
- before a report is due (REPORT_DUE_DAYS: 30 and 7 days before the mid-term or final
  report's deadline, `Application.report_due`), to the editors of the project's
  coordinating collectivity, its lead, while that report has not been received.

One e-mail per reminder and recipient, in French, its times in the recipient's time zone
(`User.time_zone`). Each is sent once however often the command runs: its key (deadline,
reminder, recipient) is stored in SentReminder, unique, in the transaction that sends the
e-mail, so a failed e-mail leaves no row and is tried again at the next run, and two runs
at the same moment send it once (the second waits on the first's row, then skips it).
The one duplicate left possible is a mail handed to the server whose transaction then
fails to commit: sent again at the next run, never lost.

When a run misses a reminder's window (the scheduler was stopped), only the latest
reminder due is sent: someone 3 days from the deadline gets the 3-day reminder, not
both.
"""
from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership
from core.dates import short_date, time_of_day

from .actions import ZONE_LABELS
from .models import Application, Call, CoApplicant, Report, SentReminder, Stage

logger = logging.getLogger(__name__)

CALL_CLOSING_DAYS = (14, 3)
REPORT_DUE_DAYS = (30, 7)
# The stages at which a report is still expected.
REPORT_STAGES = {
    Report.Kind.MIDTERM: (Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS),
    Report.Kind.FINAL: (Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT),
}
REPORT_REMINDER_KIND = {Report.Kind.MIDTERM: SentReminder.Kind.MIDTERM_REPORT,
                        Report.Kind.FINAL: SentReminder.Kind.FINAL_REPORT}
SIGNATURE = "— Maillage, Fonds franco-québécois pour la coopération décentralisée"


@dataclass(frozen=True)
class Reminder:
    """One e-mail to send: `key` is what SentReminder stores."""

    key: str
    kind: str
    recipient: object  # accounts.User
    call: Call
    deadline: datetime.datetime
    days_before: int
    subject: str
    body: str
    application: Application | None = None


@dataclass
class Outcome:
    sent: list[Reminder] = field(default_factory=list)
    pending: list[Reminder] = field(default_factory=list)  # --dry-run: what would be sent
    already_sent: int = 0
    failed: list[tuple[Reminder, str]] = field(default_factory=list)


def reminder_due(deadline: datetime.datetime, now: datetime.datetime, offsets: tuple[int, ...]) -> int | None:
    """The reminder (days before `deadline`) whose window holds `now`: from `days` before
    the deadline to the start of the next, later reminder (or the deadline itself)."""
    ordered = sorted(offsets, reverse=True)
    for index, days in enumerate(ordered):
        start = deadline - datetime.timedelta(days=days)
        end = deadline - datetime.timedelta(days=ordered[index + 1]) if index + 1 < len(ordered) else deadline
        if start <= now < end:
            return days
    return None


def local_text(instant: datetime.datetime, zone: str) -> str:
    """« 16 mars 2009 à 12 h 00 (heure de Paris) »: `instant` as the clock of `zone` shows it."""
    local = instant.astimezone(ZoneInfo(zone))
    return _("%(date)s à %(time)s (%(zone)s)") % {
        "date": short_date(local), "time": time_of_day(local), "zone": ZONE_LABELS.get(zone, zone)}


def _zone(user) -> str:
    return user.time_zone if user.time_zone in ZONE_LABELS else "Europe/Paris"


def _stamp(instant: datetime.datetime) -> str:
    return instant.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _greeting(user) -> str:
    return _("Bonjour %(name)s,") % {"name": user.get_full_name() or user.get_username()}


def _editors(collectivity_ids) -> dict[int, list]:
    """The active editors with an e-mail address of each collectivity: one query."""
    found: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(collectivity_id__in=collectivity_ids, user__is_active=True).exclude(
        user__email="").select_related("user").order_by("user_id")
    for membership in memberships:
        found[membership.collectivity_id].append(membership.user)
    return found


def call_closing_reminders(now: datetime.datetime) -> list[Reminder]:
    """The reminders of the calls closing soon, to the editors of each collectivity with a
    draft for them (a few queries, whatever the number of calls and drafts)."""
    horizon = now + datetime.timedelta(days=max(CALL_CLOSING_DAYS))
    calls = {}
    for call in Call.objects.filter(closes_at__gt=now, closes_at__lte=horizon).order_by("closes_at", "pk"):
        days = reminder_due(call.closes_at, now, CALL_CLOSING_DAYS)
        if days is not None:
            calls[call.pk] = (call, days)
    drafts = list(Application.objects.filter(call_id__in=calls, stage=Stage.DRAFT).select_related("lead")
                  .order_by("title", "pk"))
    applicants: dict[int, set[int]] = {draft.pk: {draft.lead_id} for draft in drafts}
    for application_id, collectivity_id in CoApplicant.objects.filter(application__in=drafts).values_list(
            "application_id", "collectivity_id"):
        applicants[application_id].add(collectivity_id)
    editors = _editors({pk for ids in applicants.values() for pk in ids})
    # (call, user) → the drafts they are reminded of.
    wanted: dict[tuple[int, int], list[Application]] = defaultdict(list)
    users = {}
    for draft in drafts:
        for user in {user.pk: user for pk in applicants[draft.pk] for user in editors.get(pk, [])}.values():
            users[user.pk] = user
            wanted[draft.call_id, user.pk].append(draft)
    reminders = []
    for (call_id, user_id), listed in sorted(wanted.items()):
        call, days = calls[call_id]
        user = users[user_id]
        reminders.append(Reminder(
            key=f"cloture-appel:{call.pk}:{_stamp(call.closes_at)}:{days}j:{user.pk}",
            kind=SentReminder.Kind.CALL_CLOSING, recipient=user, call=call, deadline=call.closes_at,
            days_before=days, subject=_call_subject(call, user), body=_call_body(call, listed, user)))
    return reminders


def _call_subject(call: Call, user) -> str:
    return _("Rappel : l'appel « %(call)s » ferme le %(deadline)s") % {
        "call": call.title, "deadline": local_text(call.closes_at, _zone(user))}


def _call_body(call: Call, drafts: list[Application], user) -> str:
    lines = [
        _greeting(user), "",
        _("L'appel à projets « %(call)s » du Fonds franco-québécois pour la coopération décentralisée ferme le "
          "%(deadline)s.") % {"call": call.title, "deadline": local_text(call.closes_at, _zone(user))},
        "",
        ngettext("Cette demande de vos collectivités est encore un brouillon :",
                 "Ces demandes de vos collectivités sont encore des brouillons :", len(drafts)),
        *[_("- « %(title)s » (cheffe de file : %(lead)s)") % {"title": draft.title, "lead": draft.lead.name}
          for draft in drafts],
        "",
        _("Seuls les éditeurs de la collectivité cheffe de file peuvent déposer la demande ; une demande déposée "
          "à la clôture ou après est refusée."),
        "", SIGNATURE,
    ]
    return "\n".join(lines)


def report_reminders(now: datetime.datetime) -> list[Reminder]:
    """The reminders of the reports due soon and not received, to the editors of each
    project's lead collectivity (a few queries per kind of report)."""
    horizon = now + datetime.timedelta(days=max(REPORT_DUE_DAYS))
    reminders = []
    for kind, stages in REPORT_STAGES.items():
        column = "midterm_report_due" if kind == Report.Kind.MIDTERM else "final_report_due"
        applications = list(
            Application.objects.filter(stage__in=stages).annotate(due=Coalesce(F(column), F(f"call__{column}")))
            .filter(due__gt=now, due__lte=horizon).exclude(reports__kind=kind)
            .select_related("call", "lead").order_by("due", "pk"))
        editors = _editors({application.lead_id for application in applications})
        for application in applications:
            days = reminder_due(application.due, now, REPORT_DUE_DAYS)
            if days is None:
                continue
            for user in editors.get(application.lead_id, []):
                reminders.append(Reminder(
                    key=f"rapport-{kind}:{application.pk}:{_stamp(application.due)}:{days}j:{user.pk}",
                    kind=REPORT_REMINDER_KIND[kind], recipient=user, call=application.call,
                    application=application, deadline=application.due, days_before=days,
                    subject=_report_subject(application, kind, user),
                    body=_report_body(application, kind, user)))
    return reminders


def _report_name(kind: str) -> str:
    return _("rapport d'étape") if kind == Report.Kind.MIDTERM else _("rapport final")


def _report_subject(application: Application, kind: str, user) -> str:
    return _("Rappel : %(report)s de « %(title)s » attendu le %(deadline)s") % {
        "report": _report_name(kind), "title": application.title,
        "deadline": local_text(application.due, _zone(user))}


def _report_body(application: Application, kind: str, user) -> str:
    lines = [
        _greeting(user), "",
        _("Le %(report)s du projet « %(title)s » (appel « %(call)s »), soutenu par le Fonds franco-québécois pour "
          "la coopération décentralisée, est attendu au plus tard le %(deadline)s.") % {
            "report": _report_name(kind), "title": application.title, "call": application.call.title,
            "deadline": local_text(application.due, _zone(user))},
        "",
        _("%(lead)s, collectivité cheffe de file, coordonne le projet et envoie ce rapport au secrétariat du "
          "Fonds.") % {"lead": application.lead.name},
        "", SIGNATURE,
    ]
    return "\n".join(lines)


def due_reminders(now: datetime.datetime) -> list[Reminder]:
    """Every reminder whose window holds `now`, sent or not."""
    return call_closing_reminders(now) + report_reminders(now)


def send_reminders(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Outcome:
    """Send each reminder due at `now` that was not sent yet (see the module's docstring);
    with `dry_run`, list them and send nothing, store nothing."""
    now = now or timezone.now()
    outcome = Outcome()
    reminders = due_reminders(now)
    sent_keys = set(SentReminder.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True))
    for reminder in reminders:
        if reminder.key in sent_keys:
            outcome.already_sent += 1
        elif dry_run:
            outcome.pending.append(reminder)
        else:
            _send(reminder, outcome)
    return outcome


def _send(reminder: Reminder, outcome: Outcome) -> None:
    try:
        with transaction.atomic():
            # Written first: a concurrent run that stored this key already makes this
            # insert fail (after waiting for its commit), and no second e-mail goes out.
            SentReminder.objects.create(
                key=reminder.key, kind=reminder.kind, call=reminder.call, application=reminder.application,
                recipient=reminder.recipient, deadline=reminder.deadline, days_before=reminder.days_before)
            EmailMessage(reminder.subject, reminder.body, to=[reminder.recipient.email]).send()
    except IntegrityError:
        outcome.already_sent += 1
    except Exception as error:  # noqa: BLE001 — one refused address must not stop the others
        # The transaction is rolled back: not marked sent, tried again at the next run.
        logger.exception("Reminder %s to %s not sent", reminder.key, reminder.recipient.email)
        outcome.failed.append((reminder, str(error) or error.__class__.__name__))
    else:
        outcome.sent.append(reminder)
