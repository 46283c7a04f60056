"""Who may read and change the governance's records (docs/roles.md).

- Reading: the bodies and their members are public; a meeting (its agenda, attendance,
  minutes, decisions and action items) is public once published, and the secretariat and
  the committees read every one (`Meeting.objects.visible_to`). A meeting you cannot read
  is a 404.
- Writing: the secretariat only (it keeps the committees' records): meetings, decisions,
  action items. Anyone else logged in gets 403 with the reason.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from projects.access import acts_as_secretariat

from .models import ActionItem, Decision, Meeting


def can_write(user) -> bool:
    return acts_as_secretariat(user)


def check_can_write(user) -> None:
    if not can_write(user):
        raise PermissionDenied(_("Seul le secrétariat tient les réunions, les décisions et les actions des "
                                 "instances."))


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    """The meeting `pk` if `user` may read it (404 otherwise), and change it when `write` (403)."""
    try:
        meeting = Meeting.objects.visible_to(user).select_related("body").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("Aucune réunion ne correspond à ce numéro.")) from None
    if write:
        check_can_write(user)
    return meeting


def get_decision_for_change(user, meeting: Meeting, pk: int) -> Decision:
    check_can_write(user)
    try:
        return meeting.decisions.get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404(_("Aucune décision de cette réunion ne correspond à ce numéro.")) from None


def get_action_item_for_change(user, meeting: Meeting, pk: int) -> ActionItem:
    check_can_write(user)
    try:
        return ActionItem.objects.filter(meeting=meeting).get(pk=pk)
    except ActionItem.DoesNotExist:
        pass
    try:
        return ActionItem.objects.filter(decision__meeting=meeting).get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404(_("Aucune action de cette réunion ne correspond à ce numéro.")) from None
