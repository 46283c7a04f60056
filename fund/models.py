"""The Fonds franco-québécois pour la coopération décentralisée (FFQCD): envelopes, calls,
applications, endorsements, reviews, decisions, commitments, disbursements and reports.

Money is a Decimal with its currency, each side in its own (EUR for France, CAD for
Québec: fund.money). An application's stage changes only through fund/transitions.py,
which logs each change (Transition) beside the history of the record.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from projects.models import Currency
from territories.models import Kind, Side

from .money import CURRENCY_OF_SIDE, Money

AMOUNT = {"max_digits": 14, "decimal_places": 2}
# The call's window is shown in both sides' time zones (Montréal keeps Toronto's rules).
WINDOW_ZONES = (("Europe/Paris", _("heure de Paris")), ("America/Toronto", _("heure de Montréal")))


class FundSide(models.TextChoices):
    """The fund's two sides (territories.models.Side without "other")."""

    FRANCE = Side.FRANCE.value, Side.FRANCE.label
    QUEBEC = Side.QUEBEC.value, Side.QUEBEC.label


def _side_currency_condition() -> Q:
    return (Q(side=Side.FRANCE, currency=Currency.EUR) | Q(side=Side.QUEBEC, currency=Currency.CAD))


def _check_currency(side: str, currency: str, field: str = "currency") -> None:
    expected = CURRENCY_OF_SIDE.get(side)
    if expected is not None and currency and currency != expected:
        raise ValidationError({field: gettext(
            "Le côté %(side)s du Fonds s'exprime en %(expected)s, pas en %(given)s.") % {
            "side": Side(side).label, "expected": expected, "given": currency}})


def region_of(collectivity) -> int | None:
    """The id of the territory (French région, Québec région administrative) of
    `collectivity`: itself if it is one, else its région (None if it has none)."""
    return collectivity.pk if collectivity.kind == Kind.REGION else collectivity.region_id


def region_of_expression(path: str = "") -> Case:
    """`region_of` in SQL, for the collectivity at `path` ("" for a Collectivity query)."""
    prefix = f"{path}__" if path else ""
    return Case(When(**{f"{prefix}kind": Kind.REGION}, then=F(f"{path}_id" if path else "pk")),
                default=F(f"{prefix}region_id"))


class Envelope(models.Model):
    """What one side brings to the fund for one year, in its own currency."""

    side = models.CharField(_("côté"), max_length=5, choices=FundSide.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant"), **AMOUNT)
    currency = models.CharField(_("devise"), max_length=3, choices=Currency.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enveloppe du Fonds")
        verbose_name_plural = _("enveloppes du Fonds")
        ordering = ["year", "side"]
        constraints = [
            models.UniqueConstraint(fields=["side", "year"], name="fund_unique_envelope"),
            models.CheckConstraint(condition=_side_currency_condition(), name="fund_envelope_side_currency"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_envelope_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.year} : {self.money}"

    def save(self, *args, **kwargs):
        if not self.currency and self.side in CURRENCY_OF_SIDE:
            self.currency = CURRENCY_OF_SIDE[self.side]
        super().save(*args, **kwargs)

    def clean(self):
        if not self.currency and self.side in CURRENCY_OF_SIDE:
            self.currency = CURRENCY_OF_SIDE[self.side]
        _check_currency(self.side, self.currency)
        if self.pk is not None and self.amount is not None:
            committed = Commitment.objects.filter(side=self.side, year=self.year).aggregate(
                total=models.Sum("amount"))["total"]
            if committed and self.amount < committed:
                raise ValidationError({"amount": gettext(
                    "%(committed)s sont déjà engagés sur cette enveloppe : son montant ne peut descendre "
                    "plus bas.") % {"committed": Money(committed, self.currency)}})

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class CallQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def for_list(self):
        return self.order_by("-opens_at", "pk")


class Call(models.Model):
    """An appel à projets: its window, limits, themes, documents, grid and coordinators."""

    class Periodicity(models.TextChoices):
        ANNUAL = "annuel", _("Annuel")
        BIENNIAL = "biennal", _("Biennal")

    title = models.CharField(_("titre"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    periodicity = models.CharField(_("périodicité"), max_length=10, choices=Periodicity.choices,
                                   default=Periodicity.BIENNIAL)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    first_year = models.PositiveSmallIntegerField(_("première année financée"))
    last_year = models.PositiveSmallIntegerField(_("dernière année financée"))
    max_duration_years = models.PositiveSmallIntegerField(_("durée maximale (années)"), default=2)
    cap_eur = models.DecimalField(_("plafond annuel par projet, côté France (EUR)"), **AMOUNT)
    cap_cad = models.DecimalField(_("plafond annuel par projet, côté Québec (CAD)"), **AMOUNT)
    follow_up_share = models.DecimalField(
        _("part du budget pour le suivi et l'évaluation (%)"), max_digits=5, decimal_places=2, default=0)
    # The reports' deadlines of the call's projects (public: the calendar shows them); an
    # application's grant agreement may set others (Application.*_report_due).
    midterm_report_due = models.DateTimeField(_("rapport d'étape attendu au plus tard le"), null=True, blank=True)
    final_report_due = models.DateTimeField(_("rapport final attendu au plus tard le"), null=True, blank=True)

    version = version_field()
    history = HistoricalRecords()

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="fund_call_window_in_order"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")),
                                   name="fund_call_years_in_order"),
            models.CheckConstraint(condition=Q(follow_up_share__gte=0, follow_up_share__lte=100),
                                   name="fund_call_follow_up_share_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = gettext("La clôture doit suivre l'ouverture de l'appel.")
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = gettext("La dernière année financée ne peut précéder la première.")
        if self.follow_up_share is not None and not 0 <= self.follow_up_share <= 100:
            errors["follow_up_share"] = gettext("La part du suivi et de l'évaluation est un pourcentage, de 0 à 100.")
        if self.closes_at and self.midterm_report_due and self.midterm_report_due <= self.closes_at:
            errors["midterm_report_due"] = gettext("Le rapport d'étape est attendu après la clôture de l'appel.")
        if self.midterm_report_due and self.final_report_due and self.final_report_due <= self.midterm_report_due:
            errors["final_report_due"] = gettext("Le rapport final est attendu après le rapport d'étape.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def cap(self, side: str) -> Money:
        """The most the fund gives one project per year on `side`."""
        return Money(self.cap_eur, "EUR") if side == Side.FRANCE else Money(self.cap_cad, "CAD")

    def window_in(self, zone: str) -> tuple[datetime.datetime, datetime.datetime]:
        """Opening and closing instants as the clock of `zone` shows them."""
        tz = ZoneInfo(zone)
        return self.opens_at.astimezone(tz), self.closes_at.astimezone(tz)

    def window_display(self) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
        """(label, opening, closing) in Paris and in Montréal time: one instant each."""
        return [(str(label), *self.window_in(zone)) for zone, label in WINDOW_ZONES]


class CallTheme(models.Model):
    """A theme of this call (themes change from call to call; the plan's axes stay)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("thème"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème de l'appel")
        verbose_name_plural = _("thèmes de l'appel")
        ordering = ["call", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "title"], name="fund_unique_call_theme")]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    AGREEMENT = "accord", _("Accord signé des partenaires")
    RESOLUTION = "deliberation", _("Délibération du conseil")
    LETTER_OF_INTENT = "lettre_intention", _("Lettre d'intention chiffrée")
    BUDGET = "budget", _("Budget détaillé")
    OTHER = "autre", _("Autre pièce")


class RequiredDocument(models.Model):
    """A document the call asks for; `alternative`, when set, is another kind that will do
    instead (a délibération or a letter of intent with a quantified commitment)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    kind = models.CharField(_("pièce"), max_length=20, choices=DocumentKind.choices)
    alternative = models.CharField(_("ou, à défaut"), max_length=20, choices=DocumentKind.choices, blank=True)
    label = models.CharField(_("libellé"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pièce demandée")
        verbose_name_plural = _("pièces demandées")
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="fund_unique_required_document")]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def accepted_kinds(self) -> set[str]:
        return {self.kind, self.alternative} - {""}


class Criterion(models.Model):
    """A line of the call's scoring grid."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("critère"), max_length=250)
    max_points = models.PositiveSmallIntegerField(_("points au plus"))
    weight = models.DecimalField(_("pondération"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("grille d'évaluation")
        ordering = ["call", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="fund_criterion_points")]

    def __str__(self) -> str:
        return self.label


class Coordinator(models.Model):
    """Who coordinates one territory (a French région, a Québec région administrative) for
    this call: a collectivity of the registry (a conseil régional, a CRÉ before 2015…) or
    an organisation named in the call. A 2009 call keeps its CRÉ, a 2020 call names
    today's bodies."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="coordinators")
    territory = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("territoire"))
    body = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, related_name="+",
                             null=True, blank=True, verbose_name=_("organisme coordonnateur (collectivité)"))
    body_name = models.CharField(_("organisme coordonnateur (autre)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("coordination territoriale")
        verbose_name_plural = _("coordinations territoriales")
        constraints = [
            models.UniqueConstraint(fields=["call", "territory"], name="fund_unique_coordinator"),
            models.CheckConstraint(condition=Q(body__isnull=False) ^ ~Q(body_name=""), name="fund_coordinator_body"),
        ]

    def __str__(self) -> str:
        return f"{self.territory.name} → {self.name}"

    @property
    def name(self) -> str:
        return self.body.name if self.body_id else self.body_name

    def clean(self):
        if bool(self.body_id) == bool(self.body_name):
            raise ValidationError({"body": gettext(
                "Choisissez soit une collectivité, soit le nom d'un organisme coordonnateur (l'un des deux).")})


class Stage(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SUBMITTED = "deposee", _("Déposée")
    ENDORSED = "avis_favorable", _("Avis favorable des coordinations")
    ELIGIBLE = "recevable", _("Recevable")
    INELIGIBLE = "irrecevable", _("Irrecevable")
    UNDER_REVIEW = "en_evaluation", _("En évaluation")
    SELECTED = "retenue", _("Retenue par le comité")
    NOT_SELECTED = "non_retenue", _("Non retenue")
    DECIDED = "decidee", _("Financement décidé")
    REFUSED = "refusee", _("Refusée par les deux côtés")
    AGREEMENT_SIGNED = "convention_signee", _("Convention signée")
    IN_PROGRESS = "en_cours", _("En cours")
    MIDTERM_REPORT = "rapport_etape", _("Rapport d'étape reçu")
    FINAL_REPORT = "rapport_final", _("Rapport final reçu")
    CLOSED = "cloturee", _("Clôturée")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications `user` may read: every one for the secretariat and the committees;
        for a collectivity editor, those of their collectivities (lead or co-applicant) and,
        once submitted, those their collectivity coordinates the territory of; for a
        reviewer, those assigned to them without a declared conflict. None for anyone else."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_secretariat or user.is_superuser or user.is_committee_member:
            return self
        condition = Q(pk__in=[])
        ids = user.editable_collectivity_ids()
        if ids:
            condition |= Q(lead_id__in=ids) | Q(pk__in=CoApplicant.objects.filter(
                collectivity_id__in=ids).values("application_id"))
            condition |= self._coordinated_by(ids) & ~Q(stage=Stage.DRAFT)
        if user.is_fund_reviewer:
            condition |= Q(pk__in=Review.objects.filter(reviewer=user, conflict_of_interest=False)
                           .values("application_id"))
        return self.filter(condition)

    def coordinated_by(self, ids):
        """Submitted applications one of the collectivities `ids` coordinates (below)."""
        return self.filter(self._coordinated_by(ids)).exclude(stage=Stage.DRAFT)

    @staticmethod
    def _coordinated_by(ids) -> Q:
        """Applications one of the collectivities `ids` coordinates for their call: the
        territory of the lead or of a co-applicant (as copied when the application was
        made), or that collectivity itself. Four uncorrelated subqueries, each a semi-join
        on the few coordinators of `ids`, so that the database computes each set once
        rather than probing the coordinators for every application, each lead's territory
        read from the copy rather than from the 40 000 collectivities: the count of "Mes
        candidatures" went from 74–93 ms to 9–11 ms at 5 000 applications (PostgreSQL,
        loaded machine)."""
        coordinators = Coordinator.objects.filter(body_id__in=ids)

        def coordinated(rows, application: str, call: str, place: str):
            return rows.filter(Exists(coordinators.filter(call=OuterRef(call), territory=OuterRef(place)))).values(
                application)

        sets = [coordinated(Application.objects.all(), "pk", "call_id", place) for place in ("lead_region", "lead_id")]
        sets += [coordinated(CoApplicant.objects.all(), "application_id", "application__call_id", place)
                 for place in ("region", "collectivity_id")]
        condition = Q(pk__in=sets[0])
        for found in sets[1:]:
            condition |= Q(pk__in=found)
        return condition

    def for_list(self):
        """With the call and lead the lists and the API show (only the columns they read)."""
        return self.select_related("call", "lead").only(*APPLICATION_LIST_FIELDS).order_by(*APPLICATION_ORDER)

    def for_detail(self):
        """With what the application page reads more than once (its call, the applicants and
        their territories, the commitments, the decisions, the reviews with their scores),
        each read once: a fixed number of queries whatever the number of co-applicants,
        reviews or payments."""
        return self.select_related("call", "lead__region").prefetch_related(
            models.Prefetch("co_applicant_links", queryset=CoApplicant.objects.select_related(
                "collectivity__region").order_by("pk")),
            models.Prefetch("commitments", queryset=Commitment.objects.order_by("side", "year")),
            models.Prefetch("decisions", queryset=Decision.objects.select_related("decided_by").order_by("side")),
            models.Prefetch("reviews", queryset=Review.objects.select_related("reviewer").prefetch_related(
                models.Prefetch("scores", queryset=Score.objects.select_related("criterion"))).order_by("pk")),
        )

    def for_list_window(self, start: int, stop: int):
        """Rows `start` to `stop` of `for_list()` in one query: the window's ids are sorted
        on the applications alone (an index walk), then only those rows are joined to their
        call and lead. Sorting the applications joined to the 40 000 collectivities first
        took 95 ms for page 37 of 5 000 applications, this 3–8 ms (PostgreSQL, loaded
        machine)."""
        window = self.order_by(*APPLICATION_ORDER).values("pk")[start:stop]
        return Application.objects.filter(pk__in=window).for_list()

    def pages(self) -> "Window":
        """`for_list()` for a Paginator, each page read with `for_list_window`."""
        return Window(self)


class Window:
    """What a Paginator pages through: the count of `rows`, and each slice through their
    `for_list_window(start, stop)`."""

    def __init__(self, rows):
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, window: slice):
        return self.rows.for_list_window(window.start, window.stop)


# Newest first; the index in this order (Application.Meta) makes a page an index walk.
APPLICATION_ORDER = ("-created_at", "pk")
APPLICATION_LIST_FIELDS = ("call_id", "lead_id", "title", "stage", "created_at", "submitted_at", "call__title",
                           "lead__side", "lead__code", "lead__name")


class Application(models.Model):
    """A project submitted to a call by collectivities of both sides."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    title = models.CharField(_("titre"), max_length=250)
    summary = models.TextField(_("résumé"), blank=True)
    lead = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("collectivité cheffe de file"))
    co_applicants = models.ManyToManyField("territories.Collectivity", through="CoApplicant",
                                           through_fields=("application", "collectivity"), related_name="+",
                                           blank=True, verbose_name=_("collectivités partenaires"))
    themes = models.ManyToManyField(CallTheme, related_name="applications", blank=True, verbose_name=_("thèmes"))
    stage = models.CharField(_("étape"), max_length=30, choices=Stage.choices, default=Stage.DRAFT)
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="fund_applications", verbose_name=_("projet du tableau de bord"))
    # The lead's side and territory when it was named, copied (as CoApplicant's) so that the
    # success rates group the applications without reading the 40 000 collectivities; a
    # later reorganisation of the territories does not move a past application.
    lead_side = models.CharField(_("côté de la cheffe de file"), max_length=5, choices=Side.choices, editable=False,
                                 blank=True)
    lead_region = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", editable=False,
                                    verbose_name=_("territoire de la cheffe de file"))
    eligibility_notes = models.TextField(_("motifs d'irrecevabilité"), blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True, editable=False)
    midterm_report_due = models.DateTimeField(
        _("rapport d'étape attendu au plus tard le"), null=True, blank=True,
        help_text=_("Si la convention fixe une autre échéance que celle de l'appel."))
    final_report_due = models.DateTimeField(
        _("rapport final attendu au plus tard le"), null=True, blank=True,
        help_text=_("Si la convention fixe une autre échéance que celle de l'appel."))

    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes])

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de financement")
        verbose_name_plural = _("demandes de financement")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "stage"]), models.Index(fields=["-created_at", "id"],
                                                                       name="fund_application_list_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "lead" in update_fields:
            self.lead_side, self.lead_region_id = self.lead.side, region_of(self.lead)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "lead_side", "lead_region"}
        super().save(*args, **kwargs)

    def _co_applicant_links(self):
        """The co-applicants' links with their collectivity and its région: those `for_detail`
        prefetched, else one query."""
        if "co_applicant_links" in getattr(self, "_prefetched_objects_cache", {}):
            return self.co_applicant_links.all()
        return self.co_applicant_links.select_related("collectivity__region").order_by("pk")

    def applicants(self) -> list:
        """The lead, then the co-applicants (collectivities)."""
        return [self.lead, *[link.collectivity for link in self._co_applicant_links()]]

    def applicant_ids(self) -> set[int]:
        if "co_applicant_links" in getattr(self, "_prefetched_objects_cache", {}):
            return {self.lead_id, *(link.collectivity_id for link in self.co_applicant_links.all())}
        return {self.lead_id, *self.co_applicant_links.values_list("collectivity_id", flat=True)}

    def territories(self) -> dict[int, object]:
        """The territory (région or région administrative) of each applicant, by id."""
        found = {}
        for collectivity in self.applicants():
            territory = collectivity if collectivity.kind == "region" else collectivity.region
            if territory is not None:
                found[territory.pk] = territory
        return found

    def schedule(self) -> list[ApplicationYear]:
        return list(self.years.order_by("year"))

    def is_editable(self) -> bool:
        return self.stage == Stage.DRAFT

    def report_due(self, kind: str) -> datetime.datetime | None:
        """When the coordinating organisation's report of `kind` (Report.Kind) is due: the
        date of the grant agreement if set, else the call's."""
        field = "midterm_report_due" if kind == Report.Kind.MIDTERM else "final_report_due"
        return getattr(self, field) or getattr(self.call, field)


class CoApplicant(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="co_applicant_links")
    collectivity = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("collectivité"))
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices, editable=False)
    # Its territory when it joined the application (as Application.lead_region).
    region = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", editable=False, verbose_name=_("territoire"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collectivité partenaire de la demande")
        verbose_name_plural = _("collectivités partenaires de la demande")
        constraints = [models.UniqueConstraint(fields=["application", "collectivity"], name="fund_unique_co_applicant")]

    def __str__(self) -> str:
        return str(self.collectivity)

    def save(self, *args, **kwargs):
        # The collectivity's side never changes: copied so that the rules read one table.
        self.side, self.region_id = self.collectivity.side, region_of(self.collectivity)
        super().save(*args, **kwargs)


class ActivityLocation(models.Model):
    """Where the project's activities take place, on either side."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="locations")
    side = models.CharField(_("côté"), max_length=5, choices=FundSide.choices)
    place = models.CharField(_("lieu"), max_length=250)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lieu d'activité")
        verbose_name_plural = _("lieux d'activité")

    def __str__(self) -> str:
        return self.place


class ApplicationYear(models.Model):
    """One year of the schedule: what the fund is asked for, and what the collectivities
    bring themselves, on each side in its own currency."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("année"))
    fund_eur = models.DecimalField(_("demandé au Fonds, côté France (EUR)"), default=0, **AMOUNT)
    fund_cad = models.DecimalField(_("demandé au Fonds, côté Québec (CAD)"), default=0, **AMOUNT)
    own_eur = models.DecimalField(_("apport des collectivités françaises (EUR)"), default=0, **AMOUNT)
    own_cad = models.DecimalField(_("apport des collectivités québécoises (CAD)"), default=0, **AMOUNT)

    version = version_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("année du calendrier")
        verbose_name_plural = _("calendrier annuel")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="fund_unique_application_year"),
            models.CheckConstraint(condition=Q(fund_eur__gte=0, fund_cad__gte=0, own_eur__gte=0, own_cad__gte=0),
                                   name="fund_application_year_positive"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def fund(self, side: str) -> Money:
        return Money(self.fund_eur, "EUR") if side == Side.FRANCE else Money(self.fund_cad, "CAD")

    def own(self, side: str) -> Money:
        return Money(self.own_eur, "EUR") if side == Side.FRANCE else Money(self.own_cad, "CAD")


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("pièce"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200, blank=True)
    file = models.FileField(_("fichier"), upload_to="fund/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Endorsement(models.Model):
    """The favourable opinion of the body coordinating one applicant's territory."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="endorsements")
    territory = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("territoire"))
    coordinator = models.ForeignKey(Coordinator, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    endorsed_at = models.DateTimeField(_("le"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avis de la coordination")
        verbose_name_plural = _("avis des coordinations")
        constraints = [models.UniqueConstraint(fields=["application", "territory"], name="fund_unique_endorsement")]

    def __str__(self) -> str:
        return f"{self.application} — {self.territory.name}"


# Those still to hand in first (NULL first on every database), then the latest handed in.
REVIEW_ORDER = (F("submitted_at").desc(nulls_first=True), F("assigned_at").desc(), "pk")


class ReviewQuerySet(models.QuerySet):
    def for_list(self):
        """With what the list of reviews shows (only the columns it reads)."""
        return self.select_related("application__call", "application__lead", "reviewer").only(
            "application_id", "reviewer_id", "conflict_of_interest", "assigned_at", "submitted_at",
            "application__call_id", "application__lead_id", "application__title", "application__call__title",
            "application__lead__name", "reviewer__username", "reviewer__first_name", "reviewer__last_name",
        ).order_by(*REVIEW_ORDER)

    def for_list_window(self, start: int, stop: int):
        """Rows `start` to `stop` of `for_list()`, sorted on the reviews alone, then joined
        (as ApplicationQuerySet.for_list_window)."""
        return Review.objects.filter(pk__in=self.order_by(*REVIEW_ORDER).values("pk")[start:stop]).for_list()

    def pages(self) -> Window:
        return Window(self)


class Review(models.Model):
    """A reviewer's assignment to an application, then their scores. A declared conflict
    of interest ends it: no score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fund_reviews")
    conflict_of_interest = models.BooleanField(_("conflit d'intérêts déclaré"), default=False)
    conflict_note = models.CharField(_("nature du conflit"), max_length=300, blank=True)
    comment = models.TextField(_("appréciation"), blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("remise le"), null=True, blank=True)

    version = version_field()
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="fund_unique_review")]

    def __str__(self) -> str:
        return f"{self.application} — {self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField(_("points"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="fund_unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Decision(models.Model):
    """One side's decision on its own share: an amount per year (DecisionYear), or a
    refusal with its reasons."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    side = models.CharField(_("côté"), max_length=5, choices=FundSide.choices)
    granted = models.BooleanField(_("accordé"))
    reasons = models.TextField(_("motifs"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision d'un côté")
        verbose_name_plural = _("décisions des côtés")
        constraints = [
            models.UniqueConstraint(fields=["application", "side"], name="fund_unique_decision"),
            models.CheckConstraint(condition=Q(granted=True) | ~Q(reasons=""), name="fund_refusal_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_side_display()}"


class SideMoney(models.Model):
    """What Commitment and Disbursement share: money of one side for one year of an
    application, in that side's currency (checked by `clean` and by each table's
    constraint)."""

    side = models.CharField(_("côté"), max_length=5, choices=FundSide.choices)
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant"), **AMOUNT)
    currency = models.CharField(_("devise"), max_length=3, choices=Currency.choices)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.application} — {self.get_side_display()} {self.year} : {self.money}"

    def clean(self):
        _check_currency(self.side, self.currency)

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class Commitment(SideMoney):
    """Money of one side's envelope for one year, committed to an application (written
    only by fund.actions, which locks the envelope: never over-committed)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="commitments")
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.UniqueConstraint(fields=["application", "side", "year"], name="fund_unique_commitment"),
            models.CheckConstraint(condition=_side_currency_condition(), name="fund_commitment_side_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_commitment_amount_positive"),
        ]
        indexes = [models.Index(fields=["side", "year"])]


class Disbursement(SideMoney):
    """A payment of one side for one year, within what was committed."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="disbursements")
    paid_on = models.DateField(_("versé le"))
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        constraints = [
            models.CheckConstraint(condition=_side_currency_condition(), name="fund_disbursement_side_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_disbursement_amount_positive"),
        ]
        indexes = [models.Index(fields=["side", "year"])]


class Report(models.Model):
    """The mid-term or final report, sent by the project's coordinating organisation."""

    class Kind(models.TextChoices):
        MIDTERM = "etape", _("Rapport d'étape")
        FINAL = "final", _("Rapport final")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("rapport"), max_length=10, choices=Kind.choices)
    sender = models.ForeignKey("territories.Collectivity", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("collectivité coordinatrice"))
    sender_name = models.CharField(_("organisme coordinateur (autre)"), max_length=250, blank=True)
    received_on = models.DateField(_("reçu le"))
    file = models.FileField(_("fichier"), upload_to="fund/reports/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="fund_unique_report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application}"


class Transition(models.Model):
    """One change of an application's stage: who, when, from, to, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("de"), max_length=30, choices=Stage.choices)
    target = models.CharField(_("vers"), max_length=30, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("par"))
    at = models.DateTimeField(_("le"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.get_target_display()}"


class SentReminder(models.Model):
    """A reminder e-mail sent by fund.reminders (`maillage send_reminders`). Its key names
    the deadline, the reminder and the recipient, and is unique: a reminder is sent once,
    however often the command runs; the row is written in the transaction that sends it."""

    class Kind(models.TextChoices):
        CALL_CLOSING = "cloture_appel", _("Clôture prochaine d'un appel")
        MIDTERM_REPORT = "rapport_etape", _("Rapport d'étape attendu")
        FINAL_REPORT = "rapport_final", _("Rapport final attendu")

    key = models.CharField(_("clé"), max_length=200, unique=True)
    kind = models.CharField(_("rappel"), max_length=20, choices=Kind.choices)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+", verbose_name=_("appel"))
    application = models.ForeignKey(Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                    verbose_name=_("demande"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("destinataire"))
    deadline = models.DateTimeField(_("échéance"))
    days_before = models.PositiveSmallIntegerField(_("jours avant l'échéance"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return self.key


class CallFacts(models.Model):
    """The read model of the fund's report (fund.figures.CALL_FACTS, which declares what it
    is computed from and keeps it current): per call, the applications at each stage, and
    per side, région and theme those with an outcome and those funded. An application
    belongs to one call, so each figure of the report is a SUM of these rows over the
    calls, GROUP BY group and key: the report reads a few hundred rows instead of every
    application (cold report 155 → … ms p50 at 5 000 applications, bench/README.md)."""

    class Group(models.TextChoices):
        STAGE = "stage", _("étape")
        SIDE = "side", _("côté")
        REGION = "region", _("région")
        THEME = "theme", _("thème")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=10, choices=Group.choices)
    # The stage, the side, the région's id, or the theme's title.
    key = models.CharField(max_length=250)
    # At that stage (STAGE); with an outcome (the others).
    applications = models.PositiveIntegerField()
    funded = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chiffres d'un appel")
        verbose_name_plural = _("chiffres des appels")
        constraints = [models.UniqueConstraint(fields=["call", "group", "key"], name="fund_unique_call_facts")]
        indexes = [models.Index(fields=["group", "key"], name="fund_callfacts_group_idx")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.group} {self.key}"
