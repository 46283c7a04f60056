"""The governance pages: the bodies and their members, the meetings and events (with
their decisions and action items), the overdue action items, and the secretariat's forms."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import export_response
from core.locking import save_form

from . import actions
from .access import (
    can_write, check_can_write, get_action_item_for_change, get_decision_for_change, get_meeting_for_user,
)
from .exports import ACTION_ITEM_COLUMNS, MEETING_COLUMNS
from .forms import ActionItemForm, AttendanceForm, DecisionForm, MeetingForm
from .models import (
    ActionItem, Attendance, Body, Meeting, Membership, parity_is_broken, parity_of, proposed_side,
)


def _with_current_members(bodies):
    return bodies.prefetch_related(Prefetch(
        "memberships", queryset=Membership.objects.current().for_list(), to_attr="current_members"))


@login_not_required
def body_list(request):
    bodies = list(_with_current_members(Body.objects.all()))
    for body in bodies:
        body.parity = parity_of(body.current_members)
        body.parity_broken = body.checks_parity and parity_is_broken(body.current_members)
    return render(request, "governance/body_list.html", {"bodies": bodies})


@login_not_required
def body_detail(request, slug):
    body = get_object_or_404(_with_current_members(Body.objects.all()), slug=slug)
    today = timezone.localdate()
    return render(request, "governance/body_detail.html", {
        "body": body, "parity": parity_of(body.current_members),
        "parity_broken": body.checks_parity and parity_is_broken(body.current_members),
        "former_members": body.memberships.for_list().filter(end_date__lt=today),
        "meetings": Meeting.objects.visible_to(request.user).filter(body=body).order_by("-starts_at", "-pk"),
        "next_side": proposed_side(body), "can_write": can_write(request.user)})


@login_not_required
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).for_list()
    now = timezone.now()
    return render(request, "governance/meeting_list.html", {
        "upcoming": meetings.upcoming(now), "past": meetings.past(now), "can_write": can_write(request.user)})


@login_not_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    decisions = meeting.decisions.prefetch_related(
        Prefetch("action_items", queryset=ActionItem.objects.order_by("due_date", "pk")))
    return render(request, "governance/meeting_detail.html", {
        "meeting": meeting, "times": meeting.local_times(),
        "attendances": Attendance.objects.filter(meeting=meeting).order_by("side", "name", "pk"),
        "decisions": decisions, "action_items": meeting.action_items.order_by("due_date", "pk"),
        "can_write": can_write(request.user)})


def meeting_create(request):
    check_can_write(request.user)
    body = Body.objects.filter(slug=request.GET.get("instance", "")).first()
    initial = {"body": body, "side": proposed_side(body)}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = actions.schedule_meeting(by=request.user, data=form.model_data())
        messages.success(request, _("La réunion « %(title)s » est enregistrée.") % {"title": meeting.title})
        return redirect(meeting)
    return render(request, "governance/meeting_form.html", {"form": form, "proposed_side": initial["side"]})


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("La réunion est enregistrée."))
        return redirect(meeting)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


def decision_create(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST or None, initial={"position": meeting.decisions.count() + 1})
    if request.method == "POST" and form.is_valid():
        actions.record_decision(meeting, by=request.user, data=form.cleaned_data)
        messages.success(request, _("La décision est enregistrée."))
        return redirect(meeting)
    return render(request, "governance/item_form.html", {"form": form, "meeting": meeting,
                                                         "title": _("Ajouter une décision")})


def decision_edit(request, pk, decision_pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    decision = get_decision_for_change(request.user, meeting, decision_pk)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("La décision est enregistrée."))
        return redirect(meeting)
    return render(request, "governance/item_form.html", {"form": form, "meeting": meeting,
                                                         "title": _("Modifier la décision")})


def action_item_create(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ActionItemForm.Meta.fields}
        actions.add_action_item(meeting, by=request.user, data=data)
        messages.success(request, _("L'action est enregistrée."))
        return redirect(meeting)
    return render(request, "governance/item_form.html", {"form": form, "meeting": meeting,
                                                         "title": _("Ajouter une action à mener")})


def action_item_edit(request, pk, item_pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    item = get_action_item_for_change(request.user, meeting, item_pk)
    form = ActionItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("L'action est enregistrée."))
        return redirect(meeting)
    return render(request, "governance/item_form.html", {"form": form, "meeting": meeting,
                                                         "title": _("Modifier l'action à mener")})


def attendance_edit(request, pk):
    """The secretariat records who attended: the body's members in office that day, and guests."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    # An empty sheet is a sheet (everyone unmarked), so bound on any POST.
    form = AttendanceForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        recorded = actions.record_attendance(meeting, by=request.user, sheet=form.sheet())
        messages.success(request, _("La feuille de présence est enregistrée (%(n)s participants).") % {"n": len(recorded)})
        return redirect(meeting)
    return render(request, "governance/item_form.html", {"form": form, "meeting": meeting,
                                                         "title": _("Feuille de présence")})


@login_not_required
def overdue_action_items(request):
    """Open action items past their due date, of the meetings the reader may read."""
    items = ActionItem.objects.overdue().of_meetings(Meeting.objects.visible_to(request.user)).for_list()
    return render(request, "governance/overdue.html", {"items": items})


FORMATS = ("csv", "xlsx")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404(_("Format d'export inconnu : %(fmt)s (csv ou xlsx).") % {"fmt": fmt})


@login_not_required
def meeting_export(request, fmt):
    _check_format(fmt)
    meetings = Meeting.objects.visible_to(request.user).for_list().order_by("starts_at", "pk")
    return export_response(meetings, MEETING_COLUMNS, "reunions", fmt)


@login_not_required
def action_item_export(request, fmt):
    """Every action item of the meetings the reader may read, with its status."""
    _check_format(fmt)
    items = ActionItem.objects.of_meetings(Meeting.objects.visible_to(request.user)).for_list()
    return export_response(items, ACTION_ITEM_COLUMNS, "actions", fmt)
