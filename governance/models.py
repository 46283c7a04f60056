"""The governance of the plan d'action: its bodies and their members, the meetings and
events, their decisions and the action items that follow them.

- A body is the technical committee (about ten members, France/Québec parity), the
  steering committee, the light secretariat (one representative of each side) or a working
  group the committee mandates (its mandate is kept).
- A membership names a person by name, role, side and organisation (a collectivity or an
  organisation, optional), with an optional professional e-mail: nothing more about them.
- A meeting (or an event such as the Assises) starts and ends at aware instants stored in
  UTC; pages show them in Paris and Montréal time. The public reads published meetings only.
- An action item belongs to a meeting, or to a decision (and through it to its meeting);
  its status is open or done as recorded, and late when open past its due date (computed,
  never stored).
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import long_datetime, time_of_day
from core.locking import version_field
from projects.models import Organisation
from territories.models import Collectivity, Side

# The two clocks of every meeting page, calendar entry and report.
ZONES = (("Europe/Paris", _("heure de Paris")), ("America/Montreal", _("heure de Montréal")))


class MeetingSide(models.TextChoices):
    """Where a body sits or a meeting takes place: France or Québec (Side without "other")."""

    FRANCE = Side.FRANCE.value, Side.FRANCE.label
    QUEBEC = Side.QUEBEC.value, Side.QUEBEC.label


def other_side(side: str) -> str:
    return MeetingSide.QUEBEC if side == MeetingSide.FRANCE else MeetingSide.FRANCE


class Body(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL_COMMITTEE = "technical", _("Comité technique")
        STEERING_COMMITTEE = "steering", _("Comité de pilotage")
        SECRETARIAT = "secretariat", _("Secrétariat")
        WORKING_GROUP = "working_group", _("Groupe de travail")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    mandate = models.TextField(_("mandat"), blank=True,
                               help_text=_("Pour un groupe de travail : ce que le comité lui a confié."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.slug])

    def clean(self):
        if self.kind == Body.Kind.WORKING_GROUP and not self.mandate.strip():
            raise ValidationError({"mandate": _("Un groupe de travail a un mandat : indiquez-le.")})

    @property
    def checks_parity(self) -> bool:
        return self.kind == Body.Kind.TECHNICAL_COMMITTEE


def parity_of(members) -> dict[str, int]:
    """Current members per side of `members` (Membership instances)."""
    counts = {MeetingSide.FRANCE.value: 0, MeetingSide.QUEBEC.value: 0}
    for member in members:
        counts[member.side] = counts.get(member.side, 0) + 1
    return counts


def parity_is_broken(members) -> bool:
    """True when the two sides do not count the same number of current members."""
    counts = parity_of(members)
    return counts[MeetingSide.FRANCE] != counts[MeetingSide.QUEBEC]


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Memberships in force on `on` (today by default): started, not ended."""
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on),
                           Q(end_date__isnull=True) | Q(end_date__gte=on))

    def for_list(self):
        return self.select_related("collectivity", "organisation").order_by("side", "name", "pk")


class Membership(models.Model):
    """A person on a body: name, role, side, organisation. No other personal data."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("instance"))
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("fonction"), max_length=200,
                            help_text=_("Par exemple : coprésident, membre, membre associé."))
    side = models.CharField(_("côté"), max_length=2, choices=MeetingSide.choices)
    collectivity = models.ForeignKey(Collectivity, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("collectivité"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    email = models.EmailField(_("courriel professionnel"), blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    version = version_field()
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre d'une instance")
        verbose_name_plural = _("membres des instances")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                                   | Q(end_date__gte=models.F("start_date")), name="governance_membership_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    @property
    def affiliation(self) -> str:
        if self.collectivity_id:
            return self.collectivity.name
        return self.organisation.name if self.organisation_id else ""

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin précède le début.")})


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published meetings for everyone; every meeting for the secretariat and the committees."""
        if user is not None and user.is_authenticated and user.can_read_unpublished:
            return self
        return self.filter(is_published=True)

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def for_list(self):
        return self.select_related("body")

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Réunion")
        EVENT = "event", _("Événement")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                             verbose_name=_("instance"),
                             help_text=_("Vide pour un événement qui n'est celui d'aucune instance (les Assises)."))
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    side = models.CharField(_("côté qui accueille"), max_length=2, choices=MeetingSide.choices)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    is_published = models.BooleanField(_("publiée"), default=False,
                                       help_text=_("Le public ne lit que les réunions publiées."))
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["starts_at"], name="governance_meeting_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="governance_meeting_times"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("La fin précède le début.")})

    def local_times(self) -> list[dict]:
        return local_times(self.starts_at, self.ends_at)

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())


def next_meeting_side(last: Meeting | None) -> str:
    """The side proposed for the next meeting: the other side of the last one (meetings
    alternate between France and Québec); France when there is none yet."""
    return MeetingSide.FRANCE if last is None else other_side(last.side)


def proposed_side(body: Body | None) -> str:
    """The side proposed for `body`'s next meeting, from its latest one (one query)."""
    meetings = Meeting.objects.filter(kind=Meeting.Kind.MEETING)
    last = (meetings.filter(body=body) if body is not None else meetings).order_by("-starts_at", "-pk").first()
    return next_meeting_side(last)


class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("Présent")
        REMOTE = "remote", _("À distance")
        EXCUSED = "excused", _("Excusé")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("réunion"))
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("membre"))
    name = models.CharField(_("nom"), max_length=200)
    side = models.CharField(_("côté"), max_length=2, choices=MeetingSide.choices)
    presence = models.CharField(_("présence"), max_length=8, choices=Presence.choices, default=Presence.PRESENT)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["side", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("réunion"))
    text = models.TextField(_("décision"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("En cours")
    DONE = "done", _("Réalisée")
    LATE = "late", _("En retard")


class ActionItemQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        """Open items past their due date (the "late" status, computed)."""
        return self.filter(is_done=False, due_date__lt=today or timezone.localdate())

    def of_meetings(self, meetings):
        """Items of `meetings` (a QuerySet), directly or through one of their decisions."""
        ids = meetings.values("pk")
        return self.filter(Q(meeting__in=ids) | Q(decision__meeting__in=ids))

    def for_list(self):
        return self.select_related("meeting__body", "decision__meeting__body").order_by("due_date", "pk")


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="action_items", verbose_name=_("réunion"))
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="action_items", verbose_name=_("décision"))
    text = models.TextField(_("action"))
    owner = models.CharField(_("responsable"), max_length=200)
    due_date = models.DateField(_("échéance"))
    is_done = models.BooleanField(_("réalisée"), default=False)
    version = version_field()
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action à mener")
        verbose_name_plural = _("actions à mener")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(meeting__isnull=False) | Q(decision__isnull=False),
                                   name="governance_action_item_source"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def clean(self):
        if self.meeting_id is None and self.decision_id is None:
            raise ValidationError(_("Une action suit une réunion ou une décision."))

    @property
    def source_meeting(self) -> Meeting:
        return self.meeting if self.meeting_id else self.decision.meeting

    def status(self, today: datetime.date | None = None) -> str:
        if self.is_done:
            return ActionStatus.DONE
        return ActionStatus.LATE if self.due_date < (today or timezone.localdate()) else ActionStatus.OPEN

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status()).label


def local_times(start: datetime.datetime, end: datetime.datetime | None = None) -> list[dict]:
    """`start` and `end` as each of ZONES' clocks shows them, in the reader's formats:
    [{"zone", "label", "start", "end", "text"}] (« 15 octobre 2009 à 14 h 00 – 17 h 00 »)."""
    found = []
    for zone, label in ZONES:
        local_start = start.astimezone(ZoneInfo(zone))
        local_end = end.astimezone(ZoneInfo(zone)) if end else None
        text = long_datetime(local_start)
        if local_end is not None:
            same_day = local_end.date() == local_start.date()
            text += " – " + (time_of_day(local_end) if same_day else long_datetime(local_end))
        found.append({"zone": zone, "label": label, "start": local_start, "end": local_end, "text": text,
                      "iso": local_start.isoformat()})
    return found
