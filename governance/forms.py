"""The secretariat's forms: meetings (with the zone their times are entered in), decisions
and action items. Each edits a versioned record (core.locking)."""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedForm
from core.widgets import Select
from projects.forms import DateInput

from .models import ZONES, ActionItem, Attendance, Body, Decision, Meeting, MeetingSide


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(VersionedForm, forms.ModelForm):
    """Times are typed as the clock of `zone` shows them (Paris or Montréal) and stored in UTC."""

    zone = forms.ChoiceField(label=_("Heures saisies en"), choices=ZONES, initial=ZONES[0][0], widget=Select)

    class Meta:
        model = Meeting
        fields = ["body", "kind", "title", "starts_at", "ends_at", "zone", "side", "place", "agenda", "minutes",
                  "is_published"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(), "body": Select, "kind": Select,
                   "side": Select, "agenda": forms.Textarea(attrs={"rows": 6}),
                   "minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.order_by("position", "name")
        self.fields["zone"].help_text = _("Le début et la fin sont lus à l'heure de ce fuseau.")
        zone = self.initial.get("zone") or ZONES[0][0]
        for name in ("starts_at", "ends_at"):
            value = self.initial.get(name)
            if isinstance(value, datetime.datetime):
                self.initial[name] = value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone = ZoneInfo(data.get("zone") or ZONES[0][0])
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if isinstance(value, datetime.datetime):
                # Django read the naive input in the reader's zone: read it in the zone chosen.
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = timezone.make_aware(naive, zone).astimezone(datetime.timezone.utc)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("La fin précède le début."))
        return data

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "zone"}


class DecisionForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ActionItemForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["decision", "text", "owner", "due_date", "is_done"]
        widgets = {"due_date": DateInput(), "text": forms.Textarea(attrs={"rows": 3}), "decision": Select}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = meeting.decisions.all()
        self.fields["decision"].required = False
        self.fields["decision"].empty_label = _("Aucune (action de la réunion)")
        self.fields["decision"].help_text = _("La décision que cette action met en œuvre, s'il y en a une.")
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        # An item follows its decision, or else the meeting itself (ActionItem.clean checks one is set).
        self.instance.meeting = None if data.get("decision") else self.meeting
        return data


ABSENT = ""
PRESENCE_CHOICES = [(ABSENT, _("Absent ou non renseigné")), *Attendance.Presence.choices]
GUEST_ROWS = 3


class AttendanceForm(forms.Form):
    """The attendance sheet of a meeting: a presence for each member of its body in office
    on the meeting's day, and guests (name, side, presence) beyond them; GUEST_ROWS empty
    rows more than the guests already recorded."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        recorded = list(meeting.attendances.order_by("side", "name", "pk"))
        by_member = {attendance.membership_id: attendance for attendance in recorded if attendance.membership_id}
        day = timezone.localtime(meeting.starts_at).date()
        self.members = list(meeting.body.memberships.current(day).for_list()) if meeting.body_id else []
        for member in self.members:
            found = by_member.get(member.pk)
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} ({member.role}, {member.get_side_display()})", choices=PRESENCE_CHOICES,
                required=False, initial=found.presence if found else ABSENT, widget=Select)
        guests = [attendance for attendance in recorded if attendance.membership_id is None]
        self.guest_count = len(guests) + GUEST_ROWS
        for index in range(self.guest_count):
            guest = guests[index] if index < len(guests) else None
            number = index + 1
            self.fields[f"guest_{index}_name"] = forms.CharField(
                label=_("Invité %(n)s : nom") % {"n": number}, max_length=200, required=False,
                initial=guest.name if guest else "")
            self.fields[f"guest_{index}_side"] = forms.ChoiceField(
                label=_("Invité %(n)s : côté") % {"n": number}, choices=[("", "—"), *MeetingSide.choices],
                required=False, initial=guest.side if guest else "", widget=Select)
            self.fields[f"guest_{index}_presence"] = forms.ChoiceField(
                label=_("Invité %(n)s : présence") % {"n": number}, choices=Attendance.Presence.choices,
                required=False, initial=guest.presence if guest else Attendance.Presence.PRESENT, widget=Select)

    def clean(self):
        data = super().clean()
        for index in range(self.guest_count):
            name = (data.get(f"guest_{index}_name") or "").strip()
            if name and not data.get(f"guest_{index}_side"):
                self.add_error(f"guest_{index}_side", _("Indiquez le côté de « %(name)s » (France ou Québec).")
                               % {"name": name})
        return data

    def sheet(self) -> list[dict]:
        """The attendances to record, from the cleaned data: members marked present, remote
        or excused, then the guests named."""
        rows = [{"membership": member, "name": member.name, "side": member.side,
                 "presence": self.cleaned_data[f"member_{member.pk}"]}
                for member in self.members if self.cleaned_data.get(f"member_{member.pk}")]
        for index in range(self.guest_count):
            name = (self.cleaned_data.get(f"guest_{index}_name") or "").strip()
            if name:
                rows.append({"membership": None, "name": name, "side": self.cleaned_data[f"guest_{index}_side"],
                             "presence": self.cleaned_data[f"guest_{index}_presence"] or Attendance.Presence.PRESENT})
        return rows
