"""Writes of the governance, each in one transaction with its history author. Changes to
an existing record go through core.locking.save_form (optimistic locking)."""
from __future__ import annotations

from django.db import transaction

from .models import ActionItem, Attendance, Decision, Meeting


@transaction.atomic
def schedule_meeting(*, by, data: dict) -> Meeting:
    """A new meeting or event from validated `data` (MeetingForm.model_data())."""
    meeting = Meeting(**data)
    meeting._history_user = by
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def record_decision(meeting: Meeting, *, by, data: dict) -> Decision:
    decision = Decision(meeting=meeting, **data)
    decision._history_user = by
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def add_action_item(meeting: Meeting, *, by, data: dict) -> ActionItem:
    """An action item of `meeting`, or of one of its decisions when `data` names one."""
    item = ActionItem(**data)
    if item.decision_id is None:
        item.meeting = meeting
    item._history_user = by
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def record_attendance(meeting: Meeting, *, by, sheet: list[dict]) -> list[Attendance]:
    """The meeting's attendance sheet replaced whole by `sheet` (AttendanceForm.sheet()):
    all of it or nothing."""
    meeting.attendances.all().delete()
    recorded = []
    for row in sheet:
        attendance = Attendance(meeting=meeting, **row)
        attendance.full_clean()
        attendance.save()
        recorded.append(attendance)
    return recorded
