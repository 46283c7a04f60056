"""Every write of the fund, each in one transaction, with keyword-only arguments: drafts,
submission, endorsement, eligibility, reviews, selection, each side's decision with its
commitments, the agreement, disbursements, reports and closing. Stage changes go through
fund.transitions.move (declared transitions, role checked, logged).

Never over-committed: a commitment or a disbursement of one side for one year locks that
envelope's row (`select_for_update`) before summing what is already committed or paid, so
two concurrent awards on PostgreSQL run one after the other and the second sees the first
(on SQLite, transactions are IMMEDIATE: writers are serialised anyway).
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership
from core.dates import short_date, time_of_day
from core.locking import claim_version
from projects import actions as project_actions
from projects.access import acts_as_secretariat
from projects.models import BudgetLine, Partner, Project
from territories.models import Collectivity, Side

from . import eligibility, transitions
from .models import (
    ActivityLocation, Application, ApplicationDocument, ApplicationYear, Call, CoApplicant, Commitment, Criterion,
    Decision, Disbursement, Endorsement, Envelope, Report, Review, Score, Stage,
)
from .money import CURRENCY_OF_SIDE, FUND_SIDES, Money

FUND_SOURCE = "FFQCD"
ZONE_LABELS = {"Europe/Paris": gettext_lazy("heure de Paris"), "America/Toronto": gettext_lazy("heure de Montréal")}


def _deadline_text(call: Call, zone: str) -> str:
    local = call.closes_at.astimezone(ZoneInfo(zone))
    return _("%(date)s à %(time)s (%(zone)s)") % {
        "date": short_date(local), "time": time_of_day(local),
        "zone": ZONE_LABELS.get(zone) or zone}


def _user_zone(user) -> str:
    return getattr(user, "time_zone", "") or "Europe/Paris"


def _check_can_edit_draft(application: Application, by) -> None:
    if not transitions.is_applicant_editor(by, application):
        raise PermissionDenied(_("Seuls les éditeurs des collectivités demandeuses modifient cette demande."))
    if not application.is_editable():
        raise ValidationError(_("La demande est à l'étape « %(stage)s » : seul un brouillon se modifie.") % {
            "stage": application.get_stage_display()})


# Drafts.

@transaction.atomic
def create_application(*, call: Call, lead: Collectivity, by, title: str, summary: str = "") -> Application:
    """A draft of `lead`, by one of its editors (or the secretariat, who may record an
    application to a past call), while the call is not closed."""
    if not by.is_authenticated or not by.can_edit_collectivity(lead):
        raise PermissionDenied(_("Vous ne pouvez pas déposer de demande pour %(name)s.") % {"name": lead.name})
    if not acts_as_secretariat(by) and timezone.now() >= call.closes_at:
        raise ValidationError(_("L'appel « %(call)s » est clos depuis le %(deadline)s.") % {
            "call": call.title, "deadline": _deadline_text(call, _user_zone(by))})
    application = Application(call=call, lead=lead, title=title, summary=summary, created_by=by)
    application.full_clean()
    application._history_user = by
    application.save()
    return application


@transaction.atomic
def save_draft(application: Application, *, by, version: int | None = None, themes=None,
               **fields) -> Application:
    """Change the draft's own fields (title, summary…) and, if given, its `themes` (the
    call's), refused if it changed since `version` (core.locking.VersionConflict)."""
    _check_can_edit_draft(application, by)
    claim_version(application, version, fields=[*fields, *(["themes"] if themes is not None else [])] or None)
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application._history_user = by
    application.save()
    if themes is not None:
        set_themes(application, themes=themes, by=by)
    return application


@transaction.atomic
def add_co_applicant(application: Application, *, collectivity: Collectivity, by) -> CoApplicant:
    _check_can_edit_draft(application, by)
    if collectivity.pk == application.lead_id or application.co_applicant_links.filter(
            collectivity=collectivity).exists():
        raise ValidationError({"collectivity": _("%(name)s fait déjà partie des demandeurs.") % {
            "name": collectivity.name}})
    link = CoApplicant(application=application, collectivity=collectivity)
    link._history_user = by
    link.save()
    return link


@transaction.atomic
def set_year(application: Application, *, year: int, by, fund_eur=Decimal("0"), fund_cad=Decimal("0"),
             own_eur=Decimal("0"), own_cad=Decimal("0")) -> ApplicationYear:
    """Create or replace one year of the schedule."""
    _check_can_edit_draft(application, by)
    row = application.years.filter(year=year).first() or ApplicationYear(application=application, year=year)
    row.fund_eur, row.fund_cad, row.own_eur, row.own_cad = fund_eur, fund_cad, own_eur, own_cad
    row.full_clean()
    row._history_user = by
    row.save()
    return row


@transaction.atomic
def add_location(application: Application, *, side: str, place: str, by) -> ActivityLocation:
    _check_can_edit_draft(application, by)
    location = ActivityLocation(application=application, side=side, place=place)
    location.full_clean()
    location._history_user = by
    location.save()
    return location


@transaction.atomic
def set_themes(application: Application, *, themes, by) -> None:
    _check_can_edit_draft(application, by)
    foreign = [theme.title for theme in themes if theme.call_id != application.call_id]
    if foreign:
        raise ValidationError({"themes": _("Ces thèmes ne sont pas ceux de l'appel : %(themes)s.") % {
            "themes": ", ".join(foreign)}})
    application._history_user = by
    application.themes.set(themes)


@transaction.atomic
def attach_document(application: Application, *, kind: str, file, by, title: str = "") -> ApplicationDocument:
    _check_can_edit_draft(application, by)
    document = ApplicationDocument(application=application, kind=kind, file=file, title=title, uploaded_by=by)
    document.full_clean()
    document._history_user = by
    document.save()
    return document


DRAFT_PARTS = {"partenaires": CoApplicant, "calendrier": ApplicationYear, "lieux": ActivityLocation,
               "pieces": ApplicationDocument}


@transaction.atomic
def remove_from_draft(application: Application, *, item, by) -> None:
    """Remove a co-applicant, a year of the schedule, a location or a document of the draft
    (kept in the history)."""
    _check_can_edit_draft(application, by)
    if type(item) not in DRAFT_PARTS.values() or item.application_id != application.pk:
        raise ValidationError(_("Cet élément n'appartient pas à la demande « %(title)s ».") % {
            "title": application.title})
    item._history_user = by
    item.delete()


# From submission to selection.

@transaction.atomic
def submit(application: Application, *, by, now: datetime.datetime | None = None) -> Application:
    """Submit the draft before the call closes: at `closes_at` or later it is refused
    with the deadline in the applicant's time zone."""
    now = now or timezone.now()
    transitions.lock(application)
    transitions.check(application, "submit", by)
    call = application.call
    if now < call.opens_at:
        opens = call.opens_at.astimezone(ZoneInfo(_user_zone(by)))
        raise ValidationError(_("L'appel « %(call)s » n'ouvre que le %(date)s à %(time)s (%(zone)s).") % {
            "call": call.title, "date": short_date(opens), "time": time_of_day(opens),
            "zone": ZONE_LABELS.get(_user_zone(by))})
    if now >= call.closes_at:
        raise ValidationError(_("Trop tard : l'appel « %(call)s » a fermé le %(deadline)s ; la demande ne peut "
                                "plus être déposée.") % {"call": call.title,
                                                         "deadline": _deadline_text(call, _user_zone(by))})
    transitions.move(application, "submit", by=by, submitted_at=now)
    return application


@transaction.atomic
def endorse(application: Application, *, territory: Collectivity, by, note: str = "") -> Endorsement:
    """The favourable opinion of the body coordinating `territory` (one of the applicants'):
    by an editor of that body, or by the secretariat for a body named in the call. Once
    every territory has its opinion, the application is endorsed."""
    transitions.lock(application)
    transitions.check(application, "endorse", by)
    territories = application.territories()
    if territory.pk not in territories:
        raise ValidationError({"territory": _("%(name)s n'est le territoire d'aucun demandeur.") % {
            "name": territory.name}})
    coordinator = application.call.coordinators.filter(territory=territory).first()
    if not acts_as_secretariat(by) and (coordinator is None or coordinator.body_id is None
                                        or coordinator.body_id not in by.editable_collectivity_ids()):
        raise PermissionDenied(_("Seul l'organisme qui coordonne %(name)s pour cet appel donne cet avis.") % {
            "name": territory.name})
    if application.endorsements.filter(territory=territory).exists():
        raise ValidationError(_("L'avis de la coordination de %(name)s est déjà enregistré.") % {
            "name": territory.name})
    endorsement = Endorsement(application=application, territory=territory, coordinator=coordinator,
                              endorsed_by=by, note=note)
    endorsement._history_user = by
    endorsement.save()
    if set(application.endorsements.values_list("territory_id", flat=True)) >= set(territories):
        transitions.move(application, "endorse", by=by, note=note)
    return endorsement


@transaction.atomic
def check_eligibility(application: Application, *, by) -> list[str]:
    """Run the call's rules (fund.eligibility): eligible, or ineligible with the French
    messages saying what to change. Returns those messages."""
    transitions.lock(application)
    transitions.check(application, "declare_eligible", by)
    problems = eligibility.problems(application)
    if problems:
        transitions.move(application, "declare_ineligible", by=by, note="\n".join(problems),
                         eligibility_notes="\n".join(problems))
    else:
        transitions.move(application, "declare_eligible", by=by, eligibility_notes="")
    return problems


def conflict_of(reviewer, application: Application) -> Collectivity | None:
    """The applicant collectivity `reviewer` is attached to (a conflict), if any."""
    membership = Membership.objects.filter(user=reviewer, collectivity_id__in=application.applicant_ids()).select_related(
        "collectivity").first()
    return membership.collectivity if membership else None


def _refuse_conflict(reviewer, application: Application) -> None:
    attached = conflict_of(reviewer, application)
    if attached is not None:
        raise ValidationError({"reviewer": _(
            "%(who)s est rattaché à %(name)s, demandeur de « %(title)s » : conflit d'intérêts, cette personne ne "
            "peut pas l'évaluer.") % {"who": reviewer.get_full_name() or reviewer.get_username(),
                                      "name": attached.name, "title": application.title}})


@transaction.atomic
def open_review(application: Application, *, by, reviewers=()) -> list[Review]:
    """Open the review of an eligible application, assigning `reviewers`."""
    transitions.move(application, "open_review", by=by)
    return [assign_reviewer(application, reviewer=reviewer, by=by) for reviewer in reviewers]


@transaction.atomic
def assign_reviewer(application: Application, *, reviewer, by) -> Review:
    if not acts_as_secretariat(by):
        raise PermissionDenied(_("Le secrétariat attribue les évaluations."))
    if application.stage not in {Stage.ELIGIBLE, Stage.UNDER_REVIEW}:
        raise ValidationError(_("Seule une demande recevable s'évalue (étape actuelle : « %(stage)s »).") % {
            "stage": application.get_stage_display()})
    if not reviewer.is_fund_reviewer:
        raise ValidationError({"reviewer": _("%(who)s n'est pas évaluateur du Fonds.") % {
            "who": reviewer.get_username()}})
    _refuse_conflict(reviewer, application)
    review, created = Review.objects.get_or_create(application=application, reviewer=reviewer)
    if not created:
        raise ValidationError({"reviewer": _("Cette évaluation est déjà attribuée.")})
    return review


def _own_review(review: Review, by) -> None:
    if not by.is_authenticated or review.reviewer_id != by.pk:
        raise PermissionDenied(_("Seul l'évaluateur à qui elle est attribuée remplit cette évaluation."))
    if review.is_submitted:
        raise ValidationError(_("Cette évaluation est déjà remise."))


@transaction.atomic
def declare_conflict(review: Review, *, by, note: str) -> Review:
    """The reviewer declares a conflict of interest: the review ends without scores, and
    the application leaves their list."""
    _own_review(review, by)
    if not note.strip():
        raise ValidationError({"conflict_note": _("Dites en quelques mots la nature du conflit d'intérêts.")})
    claim_version(review, None)
    review.conflict_of_interest, review.conflict_note = True, note
    review._history_user = by
    review.save()
    return review


@transaction.atomic
def submit_review(review: Review, *, by, scores: dict[int, int], comment: str = "",
                  version: int | None = None) -> Review:
    """Score every criterion of the call's grid (`scores`: criterion id → points) and hand
    the review in."""
    _own_review(review, by)
    application = review.application
    if application.stage != Stage.UNDER_REVIEW:
        raise ValidationError(_("La demande n'est pas en évaluation (étape actuelle : « %(stage)s »).") % {
            "stage": application.get_stage_display()})
    if review.conflict_of_interest:
        raise ValidationError(_("Vous avez déclaré un conflit d'intérêts : vous ne notez pas cette demande."))
    _refuse_conflict(by, application)
    claim_version(review, version)
    errors = []
    criteria = list(Criterion.objects.filter(call_id=application.call_id).order_by("position", "pk"))
    for criterion in criteria:
        points = scores.get(criterion.pk)
        if points is None:
            errors.append(_("Notez le critère « %(label)s ».") % {"label": criterion.label})
        elif not 0 <= points <= criterion.max_points:
            errors.append(_("Critère « %(label)s » : de 0 à %(max)s points (reçu %(points)s).") % {
                "label": criterion.label, "max": criterion.max_points, "points": points})
    if set(scores) - {criterion.pk for criterion in criteria}:
        errors.append(_("Certaines notes portent sur des critères qui ne sont pas ceux de l'appel."))
    if errors:
        raise ValidationError({"scores": errors})
    for criterion in criteria:
        score = Score(review=review, criterion=criterion, points=scores[criterion.pk])
        score._history_user = by
        score.save()
    review.comment, review.submitted_at = comment, timezone.now()
    review._history_user = by
    review.save()
    return review


@transaction.atomic
def select(application: Application, *, by, note: str = "") -> Application:
    """The committee's joint selection (after at least one review is in)."""
    transitions.lock(application)
    transitions.check(application, "select", by)
    if not application.reviews.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("Aucune évaluation n'est encore remise : le comité sélectionne sur évaluation."))
    transitions.move(application, "select", by=by, note=note)
    return application


@transaction.atomic
def not_select(application: Application, *, by, note: str = "") -> Application:
    transitions.move(application, "not_select", by=by, note=note)
    return application


# Money: decisions, commitments, disbursements.

def _locked_envelope(side: str, year: int) -> Envelope:
    envelope = Envelope.objects.select_for_update().filter(side=side, year=year).first()
    if envelope is None:
        raise ValidationError(_("Aucune enveloppe du Fonds côté %(side)s pour %(year)s : le secrétariat doit "
                                "d'abord la saisir.") % {"side": Side(side).label, "year": year})
    return envelope


def _sum(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def commit_funds(application: Application, *, side: str, year: int, amount: Decimal, by) -> Commitment:
    """Commit `amount` of `side`'s envelope of `year` to `application`, inside the
    caller's transaction, the envelope locked (again: a row this transaction already
    locked does not wait): refused if it would exceed the envelope."""
    envelope = _locked_envelope(side, year)
    committed = Money(_sum(Commitment.objects.filter(side=side, year=year)), envelope.currency)
    wanted = Money(amount, envelope.currency)
    if envelope.money < committed + wanted:
        raise ValidationError({"amount": _(
            "Enveloppe %(side)s %(year)s dépassée : %(committed)s déjà engagés sur %(envelope)s, il reste "
            "%(remaining)s, moins que les %(amount)s demandés.") % {
            "side": Side(side).label, "year": year, "committed": committed, "envelope": envelope.money,
            "remaining": envelope.money - committed, "amount": wanted}})
    commitment = Commitment(application=application, side=side, year=year, amount=amount,
                            currency=envelope.currency, committed_by=by)
    commitment._history_user = by
    commitment.save()
    return commitment


@transaction.atomic
def decide(application: Application, *, side: str, by, amounts: dict[int, Decimal] | None = None,
           reasons: str = "") -> Decision:
    """One side's decision on its own share: `amounts` per year (committed at once, each
    within its envelope), or a refusal with `reasons`. Once both sides have decided, the
    application is decided (and becomes a project of the tableau de bord, with the fund's
    money as budget lines) or, refused by both, refused."""
    transitions.lock(application)
    transitions.check(application, "decide", by)
    if side not in FUND_SIDES:
        raise ValidationError({"side": _("Côté inconnu : %(side)s.") % {"side": side}})
    if application.decisions.filter(side=side).exists():
        raise ValidationError(_("Le côté %(side)s a déjà décidé de cette demande.") % {"side": Side(side).label})
    amounts = {year: amount for year, amount in (amounts or {}).items() if amount}
    if not amounts and not reasons.strip():
        raise ValidationError({"reasons": _("Un refus donne ses motifs.")})
    schedule = {row.year: row for row in application.years.all()}
    currency = CURRENCY_OF_SIDE[side]
    for year, amount in sorted(amounts.items()):
        if year not in schedule:
            raise ValidationError({"amounts": _("%(year)s n'est pas une année du calendrier de la demande.") % {
                "year": year}})
        if amount < 0 or schedule[year].fund(side) < Money(amount, currency):
            raise ValidationError({"amounts": _("Année %(year)s : de 0 à %(requested)s, le montant demandé.") % {
                "year": year, "requested": schedule[year].fund(side)}})
    # Every envelope the decision draws on is locked first, in the order of the years: two
    # decisions over the same years wait for each other rather than lock in a cycle.
    for year in sorted(amounts):
        _locked_envelope(side, year)
    decision = Decision(application=application, side=side, granted=bool(amounts), reasons=reasons,
                        decided_by=by)
    decision._history_user = by
    decision.save()
    for year, amount in sorted(amounts.items()):
        commit_funds(application, side=side, year=year, amount=amount, by=by)
    decisions = list(application.decisions.all())
    if len(decisions) == len(FUND_SIDES):
        if any(d.granted for d in decisions):
            transitions.move(application, "decide", by=by)
            _record_in_project(application, by=by)
        else:
            transitions.move(application, "refuse", by=by, note="\n".join(d.reasons for d in decisions))
    return decision


def _record_in_project(application: Application, *, by) -> Project:
    """The decided application as a project of the tableau de bord (the one it is linked
    to, or a new one with its applicants as partners), with what the fund committed as
    budget lines."""
    project = application.project
    if project is None:
        years = [row.year for row in application.years.all()]
        project = project_actions.create_project(
            by=by, collectivity=application.lead, role=Partner.Role.LEAD, title=application.title[:250],
            summary=(application.summary or application.title)[:500], description=application.summary,
            start_date=datetime.date(min(years), 1, 1), end_date=datetime.date(max(years), 12, 31))
        for link in application.co_applicant_links.select_related("collectivity"):
            project_actions.add_partner(project, by=by, role=Partner.Role.PARTNER, collectivity=link.collectivity)
        application.project = project
        application.save(update_fields=["project"])
    for commitment in application.commitments.order_by("year", "side"):
        project_actions.save_item(BudgetLine(project=project, source=FUND_SOURCE, amount=commitment.amount,
                                             currency=commitment.currency, year=commitment.year),
                                  project=project, by=by)
    return project


@transaction.atomic
def link_project(application: Application, *, project: Project, by) -> Application:
    """Link the application to an existing project (a past call's, recorded later)."""
    if not acts_as_secretariat(by):
        raise PermissionDenied(_("Le secrétariat relie une demande à un projet."))
    application.project = project
    application._history_user = by
    application.save(update_fields=["project"])
    return application


@transaction.atomic
def sign_agreement(application: Application, *, by, signed_on: datetime.date) -> Application:
    transitions.move(application, "sign_agreement", by=by,
                     note=_("Convention signée le %(date)s") % {"date": short_date(signed_on)})
    return application


PAYABLE = {Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT}


@transaction.atomic
def disburse(application: Application, *, side: str, year: int, amount: Decimal, by,
             paid_on: datetime.date) -> Disbursement:
    """Pay part of what `side` committed for `year`, the envelope locked: never more than
    the commitment, never past the envelope. The first payment starts the project."""
    if not acts_as_secretariat(by):
        raise PermissionDenied(_("Le secrétariat enregistre les versements."))
    transitions.lock(application)
    if application.stage not in PAYABLE:
        raise ValidationError(_("Aucun versement avant la convention signée (étape actuelle : « %(stage)s »).") % {
            "stage": application.get_stage_display()})
    envelope = _locked_envelope(side, year)
    currency = envelope.currency
    committed = Money(_sum(application.commitments.filter(side=side, year=year)), currency)
    paid = Money(_sum(application.disbursements.filter(side=side, year=year)), currency)
    wanted = Money(amount, currency)
    if amount <= 0 or committed < paid + wanted:
        raise ValidationError({"amount": _(
            "Versement refusé : %(paid)s déjà versés sur les %(committed)s engagés côté %(side)s pour %(year)s ; "
            "%(remaining)s au plus.") % {"paid": paid, "committed": committed, "side": Side(side).label,
                                         "year": year, "remaining": committed - paid}})
    total_paid = Money(_sum(Disbursement.objects.filter(side=side, year=year)), currency)
    if envelope.money < total_paid + wanted:
        raise ValidationError({"amount": _("Versement refusé : l'enveloppe %(side)s %(year)s serait dépassée.") % {
            "side": Side(side).label, "year": year}})
    disbursement = Disbursement(application=application, side=side, year=year, amount=amount, currency=currency,
                                paid_on=paid_on, paid_by=by)
    disbursement._history_user = by
    disbursement.save()
    if application.stage == Stage.AGREEMENT_SIGNED:
        transitions.move(application, "start", by=by)
    return disbursement


@transaction.atomic
def record_report(application: Application, *, kind: str, by, received_on: datetime.date,
                  sender: Collectivity | None = None, sender_name: str = "", file=None) -> Report:
    """The coordinating organisation's mid-term or final report."""
    name = "receive_midterm_report" if kind == Report.Kind.MIDTERM else "receive_final_report"
    if sender is None and not sender_name.strip():
        raise ValidationError({"sender": _("Indiquez l'organisme coordinateur qui envoie le rapport.")})
    transitions.lock(application)
    transitions.check(application, name, by)
    report = Report(application=application, kind=kind, received_on=received_on, sender=sender,
                    sender_name=sender_name, recorded_by=by, file=file or "")
    report.full_clean()
    report._history_user = by
    report.save()
    transitions.move(application, name, by=by)
    return report


@transaction.atomic
def close(application: Application, *, by, note: str = "") -> Application:
    transitions.move(application, "close", by=by, note=note)
    return application
