"""Exchanges and placements of people between France and Québec, counted, never profiled,
and the yearly targets the committee sets for their balance.

An exchange holds counts only: how many participants, and, where known, how many in each
age band and of each sex. No name, no birth date: nothing the count does not need.
Its year is the year it starts; its région on each side is read from its collectivities
(a région itself, or the région a collectivity lies in), never stored.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import short_date
from core.locking import version_field
from territories.models import Collectivity, Side

MAX_PARTICIPANTS = 100_000
FIRST_YEAR, LAST_YEAR = 1965, 2100  # the Office franco-québécois pour la jeunesse dates from 1968


class ExchangeKind(models.TextChoices):
    INTERNSHIP = "internship", _("Stage professionnel")
    SEASONAL = "seasonal", _("Emploi saisonnier")
    STUDY = "study", _("Échange universitaire ou scolaire")
    STAFF = "staff", _("Échange de personnels")
    RESIDENCY = "residency", _("Résidence artistique")
    YOUTH = "youth", _("Programme jeunesse")


class Direction(models.TextChoices):
    FR_TO_QC = "fr_to_qc", _("France → Québec")
    QC_TO_FR = "qc_to_fr", _("Québec → France")

    @property
    def sending_side(self) -> str:
        return Side.FRANCE if self == Direction.FR_TO_QC else Side.QUEBEC

    @property
    def host_side(self) -> str:
        return Side.QUEBEC if self == Direction.FR_TO_QC else Side.FRANCE


# The count fields, by breakdown: known counts never exceed the total, and a complete
# breakdown adds up to it.
AGE_BANDS = ("under_18", "age_18_25", "age_26_35", "over_35")
SEXES = ("women", "men")


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True,
                                       validators=[MaxValueValidator(MAX_PARTICIPANTS)],
                                       help_text=_("Laissez vide si vous ne le savez pas."))


def editor_ids(user) -> set[int]:
    return user.editable_collectivity_ids() if user and user.is_authenticated else set()


class ExchangeQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(start_date__year=year)

    def for_kind(self, kind: str):
        return self.filter(kind=kind)

    def for_direction(self, direction: str):
        return self.filter(direction=direction)

    def in_region(self, region_id: int):
        """Exchanges sent from or hosted in the région `region_id` (or by the région itself)."""
        return self.filter(Q(sending_collectivity_id=region_id) | Q(sending_collectivity__region_id=region_id)
                           | Q(host_collectivity_id=region_id) | Q(host_collectivity__region_id=region_id))

    def of_collectivities(self, ids):
        """Exchanges one of the collectivities `ids` sends or hosts."""
        return self.filter(Q(sending_collectivity_id__in=ids) | Q(host_collectivity_id__in=ids))

    def for_list(self):
        """Both collectivities joined (one query; two with the paginator's count)."""
        fields = ("id", "name", "side", "kind", "code")
        return self.select_related("sending_collectivity", "host_collectivity").only(
            *(f.name for f in Exchange._meta.concrete_fields if f.name not in ("created_by",)),
            *(f"sending_collectivity__{f}" for f in fields), *(f"host_collectivity__{f}" for f in fields),
        ).order_by("-start_date", "-pk")


class Exchange(models.Model):
    """One exchange or placement: a group of participants going one way, at one time."""

    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("nature"), max_length=12, choices=ExchangeKind.choices)
    direction = models.CharField(_("sens"), max_length=8, choices=Direction.choices)
    sending_collectivity = models.ForeignKey(
        Collectivity, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("collectivité d'envoi"))
    sending_body = models.CharField(
        _("organisme d'envoi"), max_length=200, blank=True,
        help_text=_("Un établissement, une association… quand l'envoi n'est pas le fait d'une collectivité."))
    host_collectivity = models.ForeignKey(
        Collectivity, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("collectivité d'accueil"))
    host_body = models.CharField(_("organisme d'accueil"), max_length=200, blank=True)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)])
    under_18 = _count(_("moins de 18 ans"))
    age_18_25 = _count(_("18 à 25 ans"))
    age_26_35 = _count(_("26 à 35 ans"))
    over_35 = _count(_("plus de 35 ans"))
    women = _count(_("femmes"))
    men = _count(_("hommes"))
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords()

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        indexes = [models.Index(fields=["start_date", "direction", "kind"], name="mobility_exchange_year_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(participants__gte=1), name="mobility_exchange_participants"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="mobility_exchange_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mobility:edit", args=[self.pk])

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def sending(self) -> str:
        return self.sending_collectivity.name if self.sending_collectivity_id else self.sending_body

    @property
    def host(self) -> str:
        return self.host_collectivity.name if self.host_collectivity_id else self.host_body

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin (%(end)s) précède le début (%(start)s).") % {
                "end": short_date(self.end_date), "start": short_date(self.start_date)}
        if self.start_date and not FIRST_YEAR <= self.start_date.year <= LAST_YEAR:
            errors["start_date"] = _("L'année de début doit être comprise entre %(first)s et %(last)s.") % {
                "first": FIRST_YEAR, "last": LAST_YEAR}
        if self.direction in Direction.values:
            direction = Direction(self.direction)
            for role, side, label in (("sending", direction.sending_side, _("L'envoi")),
                                      ("host", direction.host_side, _("L'accueil"))):
                collectivity = getattr(self, f"{role}_collectivity")
                if collectivity is None and not getattr(self, f"{role}_body").strip():
                    errors[f"{role}_body"] = _("%(role)s : indiquez une collectivité ou un organisme.") % {
                        "role": label}
                elif collectivity is not None and collectivity.side != side:
                    errors[f"{role}_collectivity"] = _(
                        "%(role)s d'un échange « %(direction)s » se fait du côté %(side)s : %(name)s est du "
                        "côté %(other)s.") % {"role": label, "direction": direction.label,
                                             "side": Side(side).label, "name": collectivity.name,
                                             "other": Side(collectivity.side).label}
        if self.participants:
            for names, label in ((AGE_BANDS, _("tranches d'âge")), (SEXES, _("sexes"))):
                known = [getattr(self, name) for name in names if getattr(self, name) is not None]
                if sum(known) > self.participants:
                    errors[names[0]] = _("Les %(breakdown)s comptent %(sum)s participants, plus que le total "
                                         "(%(total)s).") % {"breakdown": label, "sum": sum(known),
                                                            "total": self.participants}
                elif len(known) == len(names) and sum(known) != self.participants:
                    errors[names[0]] = _("Les %(breakdown)s, toutes connues, comptent %(sum)s participants et non "
                                         "%(total)s : complétez ou laissez vide ce qui n'est pas connu.") % {
                        "breakdown": label, "sum": sum(known), "total": self.participants}
        if errors:
            raise ValidationError(errors)

    def collectivity_ids(self) -> set[int]:
        return {pk for pk in (self.sending_collectivity_id, self.host_collectivity_id) if pk}


class Target(models.Model):
    """What the committee aims at for a year: an imbalance between the two directions no
    wider than `max_imbalance` participants, and at least `min_per_direction` each way."""

    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    max_imbalance = models.PositiveIntegerField(
        _("écart maximal"), null=True, blank=True, validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Écart le plus grand admis entre les deux sens, en participants."))
    min_per_direction = models.PositiveIntegerField(
        _("participants minimum par sens"), null=True, blank=True, validators=[MaxValueValidator(MAX_PARTICIPANTS)])
    note = models.TextField(_("décision du comité"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectif de mobilité")
        verbose_name_plural = _("objectifs de mobilité")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(_("Objectif %(year)s") % {"year": self.year})

    def clean(self):
        if self.max_imbalance is None and self.min_per_direction is None:
            raise ValidationError(_("Fixez un écart maximal, un minimum par sens, ou les deux."))

    def is_met(self, fr_to_qc: int, qc_to_fr: int) -> bool:
        if self.max_imbalance is not None and abs(fr_to_qc - qc_to_fr) > self.max_imbalance:
            return False
        if self.min_per_direction is not None and min(fr_to_qc, qc_to_fr) < self.min_per_direction:
            return False
        return True
