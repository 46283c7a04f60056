"""The fund's deadlines as an iCalendar feed (RFC 5545), at /fonds/calendrier.ics: each
call's opening and closing, and the reports' deadlines the calls set. Public, like the
calls themselves: no applicant, no person, only the calls' own dates.

Every instant is written in UTC (`…Z`); the description gives it in Paris and Montréal
time too. Each event keeps the same UID from one fetch to the next, so a calendar that
subscribed updates a deadline that moved rather than adding a second one. Written with the
`icalendar` library (escaping, folding of long lines, CRLF)."""
from __future__ import annotations

import datetime

import icalendar
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import WINDOW_ZONES, Call
from .reminders import local_text

PRODID = "-//Maillage//Fonds franco-québécois pour la coopération décentralisée//FR"
UID_DOMAIN = "fonds.maillage"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.timezone.utc)


def _both_zones(instant: datetime.datetime) -> str:
    return ", ".join(local_text(instant, zone) for zone, _label in WINDOW_ZONES)


def _event(uid: str, instant: datetime.datetime, summary: str, description: str, stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    # A deadline is an instant: DTSTART alone, no DTEND (RFC 5545, 3.6.1).
    event.add("dtstart", _utc(instant))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def call_events(call: Call, stamp: datetime.datetime) -> list[icalendar.Event]:
    """The events of one call: opening, closing, then the reports' deadlines it sets."""
    values = {"call": call.title}
    events = [
        _event(f"appel-{call.pk}-ouverture", call.opens_at, _("Ouverture de l'appel « %(call)s »") % values,
               _("Ouverture de l'appel à projets « %(call)s » du Fonds franco-québécois pour la coopération "
                 "décentralisée : %(when)s.") % {**values, "when": _both_zones(call.opens_at)}, stamp),
        _event(f"appel-{call.pk}-cloture", call.closes_at, _("Clôture de l'appel « %(call)s »") % values,
               _("Clôture de l'appel à projets « %(call)s » : %(when)s. Une demande déposée à cet instant ou après "
                 "est refusée.") % {**values, "when": _both_zones(call.closes_at)}, stamp),
    ]
    for uid, due, summary in (
            ("rapport-etape", call.midterm_report_due, _("Rapports d'étape attendus — appel « %(call)s »")),
            ("rapport-final", call.final_report_due, _("Rapports finaux attendus — appel « %(call)s »"))):
        if due is not None:
            events.append(_event(
                f"appel-{call.pk}-{uid}", due, summary % values,
                _("Échéance des projets de l'appel « %(call)s », sauf autre date fixée par leur convention : "
                  "%(when)s.") % {**values, "when": _both_zones(due)}, stamp))
    return events


def calendar(now: datetime.datetime | None = None) -> icalendar.Calendar:
    """The feed of every call, past and future (one query)."""
    stamp = _utc(now or timezone.now())
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    name = _("Fonds franco-québécois : appels à projets et échéances")
    feed.add("name", name)
    feed.add("x-wr-calname", name)
    calls = Call.objects.order_by("opens_at", "pk").only(
        "title", "opens_at", "closes_at", "midterm_report_due", "final_report_due")
    for call in calls:
        for event in call_events(call, stamp):
            feed.add_component(event)
    return feed


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(calendar().to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="calendrier.ics"'
    return response
