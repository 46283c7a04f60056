"""The governance's figures the tableau de bord follows: the action items of the meetings
a reader may read, by status (open, late, done), and the next ones due.

Computed on reading (one grouped query, and one for the next items). Their sources are
declared on the read model (GOVERNANCE_FIGURES), so that every change of an action item,
of the meeting or decision it follows, or of a meeting's publication, moves the data
version the tableau de bord keys its cached figures on. "Late" depends on the day too: the
tableau de bord's cache key names the day."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from projects.facts import ReadModel

from .models import ActionItem, Meeting

NEXT_SHOWN = 5


@dataclass(frozen=True)
class DueItem:
    text: str
    owner: str
    due_date: datetime.date
    late: bool
    meeting_url: str


@dataclass(frozen=True)
class ActionFigures:
    open: int = 0
    late: int = 0
    done: int = 0
    next_due: list[DueItem] = field(default_factory=list)  # the open items due first (late ones first)

    @property
    def total(self) -> int:
        return self.open + self.late + self.done


def action_figures(user, today: datetime.date | None = None) -> ActionFigures:
    """The action items of the meetings `user` may read (Meeting.objects.visible_to), by
    status on `today` (Paris's date by default), and the NEXT_SHOWN open ones due first.
    Two queries."""
    today = today or timezone.localdate()
    items = ActionItem.objects.of_meetings(Meeting.objects.visible_to(user))
    counts = items.order_by().aggregate(
        done=Count("pk", filter=Q(is_done=True)),
        late=Count("pk", filter=Q(is_done=False, due_date__lt=today)),
        open=Count("pk", filter=Q(is_done=False, due_date__gte=today)),
    )
    upcoming = items.filter(is_done=False).for_list()[:NEXT_SHOWN]
    return ActionFigures(
        open=counts["open"], late=counts["late"], done=counts["done"],
        next_due=[DueItem(item.text, item.owner, item.due_date, item.due_date < today,
                          item.source_meeting.get_absolute_url()) for item in upcoming])


def _computed_live(ids, *, create: bool = True) -> None:
    """Nothing is stored: the figures above are computed on reading."""


GOVERNANCE_FIGURES = ReadModel("governance-figures", refresh=_computed_live)
for model, fields in (
    ("governance.ActionItem", ("text", "owner", "due_date", "is_done", "meeting", "decision")),
    ("governance.Decision", ("meeting",)),
    ("governance.Meeting", ("is_published",)),
):
    GOVERNANCE_FIGURES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready)."""
    GOVERNANCE_FIGURES.connect()
