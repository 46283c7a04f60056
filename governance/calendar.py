"""The plan's calendar (RFC 5545) at /calendrier.ics: the published meetings and events
of the bodies, and the fund's deadlines (fund.calendar's own events, same UIDs as its
feed at /fonds/calendrier.ics); and one entry per meeting, to download.

As the fund's feed: every instant in UTC (`…Z`), the description giving it in Paris and
Montréal time, a stable UID per meeting (a calendar that subscribed moves a meeting that
moved), written with the `icalendar` library. Public like the pages: the calendar holds
the published meetings only, whoever fetches it (a subscription URL is shared)."""
from __future__ import annotations

import datetime

import icalendar
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from fund.calendar import CONTENT_TYPE, calendar as fund_calendar

from .access import get_meeting_for_user
from .models import Meeting, local_times

PRODID = "-//Maillage//Gouvernance du plan d'action franco-québécois//FR"
UID_DOMAIN = "gouvernance.maillage"


def _utc(instant: datetime.datetime) -> datetime.datetime:
    return instant.astimezone(datetime.timezone.utc)


def meeting_event(meeting: Meeting, stamp: datetime.datetime, url: str = "") -> icalendar.Event:
    times = "; ".join(f"{t['text']} ({t['label']})" for t in local_times(meeting.starts_at, meeting.ends_at))
    lines = [_("Horaires : %(times)s.") % {"times": times}]
    if meeting.body_id:
        lines.append(_("Instance : %(body)s.") % {"body": meeting.body.name})
    if meeting.agenda:
        lines += ["", _("Ordre du jour :"), meeting.agenda]
    event = icalendar.Event()
    event.add("uid", f"reunion-{meeting.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("description", "\n".join(lines))
    event.add("categories", [meeting.get_kind_display()])
    if meeting.place:
        event.add("location", meeting.place)
    if url:
        event.add("url", url)
    return event


def _feed(name: str) -> icalendar.Calendar:
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", name)
    feed.add("x-wr-calname", name)
    return feed


def calendar(request: HttpRequest | None = None, now: datetime.datetime | None = None) -> icalendar.Calendar:
    """Every published meeting and event, then the fund's deadlines (two queries)."""
    stamp = _utc(now or timezone.now())
    feed = _feed(_("Coopération franco-québécoise : réunions, événements et échéances"))
    for meeting in Meeting.objects.filter(is_published=True).select_related("body").order_by("starts_at", "pk"):
        url = request.build_absolute_uri(meeting.get_absolute_url()) if request is not None else ""
        feed.add_component(meeting_event(meeting, stamp, url))
    for event in fund_calendar(now=stamp).walk("VEVENT"):
        feed.add_component(event)
    return feed


def _response(feed: icalendar.Calendar, filename: str, disposition: str) -> HttpResponse:
    response = HttpResponse(feed.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    return _response(calendar(request), "calendrier.ics", "inline")


@login_not_required
@require_safe
def meeting_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting's entry, to add to one's calendar (as the meeting page: 404 if unreadable)."""
    meeting = get_meeting_for_user(request.user, pk)
    feed = _feed(meeting.title)
    feed.add_component(meeting_event(meeting, _utc(timezone.now()), request.build_absolute_uri(
        meeting.get_absolute_url())))
    return _response(feed, f"reunion-{meeting.pk}.ics", "attachment")
