"""The stages of an application and who moves it from one to the next: each change is a
declared Transition (TRANSITIONS), made by `move()` only, which checks the stage and the
role, writes the new stage with its history and logs who, when, from, to and why.

The conditions of a step beyond the role (the deadline of a submission, the endorsement
of every territory, the eligibility rules, the reviews, each side's decision) are checked
by the action that calls `move()` (fund/actions.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.locking import claim_version
from projects.access import acts_as_secretariat

from .models import Application, Coordinator, Stage
from .models import Transition as TransitionRecord


# Roles: who may make a step, given the application.

def is_secretariat(user, application: Application) -> bool:
    return acts_as_secretariat(user)


def is_lead_editor(user, application: Application) -> bool:
    """An editor of the lead collectivity (or the secretariat)."""
    return acts_as_secretariat(user) or bool(
        user and user.is_authenticated and application.lead_id in user.editable_collectivity_ids())


def is_applicant_editor(user, application: Application) -> bool:
    """An editor of the lead or of a co-applicant (or the secretariat)."""
    return acts_as_secretariat(user) or bool(
        user and user.is_authenticated and application.applicant_ids() & user.editable_collectivity_ids())


def is_coordinator_editor(user, application: Application) -> bool:
    """An editor of a body coordinating one of the applicants' territories for this call
    (or the secretariat, who records the opinion of a body named in the call)."""
    if acts_as_secretariat(user):
        return True
    if not user or not user.is_authenticated or not user.editable_collectivity_ids():
        return False
    return Coordinator.objects.filter(call_id=application.call_id, territory_id__in=application.territories(),
                                      body_id__in=user.editable_collectivity_ids()).exists()


def is_committee_or_secretariat(user, application: Application) -> bool:
    return acts_as_secretariat(user) or bool(user and user.is_authenticated and user.is_committee_member)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    role: str
    allowed: Callable[[object, Application], bool]


# Who may, as the refusal says it: "« Retenir » est réservé aux membres du comité…".
LEAD = gettext_lazy("aux éditeurs de la collectivité cheffe de file")
APPLICANTS = gettext_lazy("aux éditeurs des collectivités demandeuses")
COORDINATORS = gettext_lazy("aux éditeurs de l'organisme qui coordonne le territoire")
SECRETARIAT = gettext_lazy("au secrétariat")
COMMITTEE = gettext_lazy("aux membres du comité et au secrétariat")

_DECLARED = (
    Transition("submit", (Stage.DRAFT,), Stage.SUBMITTED, gettext_lazy("Déposer la demande"), LEAD, is_lead_editor),
    Transition("endorse", (Stage.SUBMITTED,), Stage.ENDORSED, gettext_lazy("Donner l'avis de la coordination"),
               COORDINATORS, is_coordinator_editor),
    Transition("declare_eligible", (Stage.ENDORSED,), Stage.ELIGIBLE, gettext_lazy("Déclarer recevable"),
               SECRETARIAT, is_secretariat),
    Transition("declare_ineligible", (Stage.ENDORSED,), Stage.INELIGIBLE, gettext_lazy("Déclarer irrecevable"),
               SECRETARIAT, is_secretariat),
    Transition("open_review", (Stage.ELIGIBLE,), Stage.UNDER_REVIEW, gettext_lazy("Ouvrir l'évaluation"),
               SECRETARIAT, is_secretariat),
    Transition("select", (Stage.UNDER_REVIEW,), Stage.SELECTED, gettext_lazy("Retenir"), COMMITTEE,
               is_committee_or_secretariat),
    Transition("not_select", (Stage.UNDER_REVIEW,), Stage.NOT_SELECTED, gettext_lazy("Ne pas retenir"), COMMITTEE,
               is_committee_or_secretariat),
    Transition("decide", (Stage.SELECTED,), Stage.DECIDED, gettext_lazy("Enregistrer les décisions des deux côtés"),
               SECRETARIAT, is_secretariat),
    Transition("refuse", (Stage.SELECTED,), Stage.REFUSED, gettext_lazy("Enregistrer le refus des deux côtés"),
               SECRETARIAT, is_secretariat),
    Transition("sign_agreement", (Stage.DECIDED,), Stage.AGREEMENT_SIGNED,
               gettext_lazy("Enregistrer la convention signée"), SECRETARIAT, is_secretariat),
    Transition("start", (Stage.AGREEMENT_SIGNED,), Stage.IN_PROGRESS, gettext_lazy("Premier versement"),
               SECRETARIAT, is_secretariat),
    Transition("receive_midterm_report", (Stage.IN_PROGRESS,), Stage.MIDTERM_REPORT,
               gettext_lazy("Enregistrer le rapport d'étape"), APPLICANTS, is_applicant_editor),
    Transition("receive_final_report", (Stage.IN_PROGRESS, Stage.MIDTERM_REPORT), Stage.FINAL_REPORT,
               gettext_lazy("Enregistrer le rapport final"), APPLICANTS, is_applicant_editor),
    Transition("close", (Stage.FINAL_REPORT,), Stage.CLOSED, gettext_lazy("Clôturer"), SECRETARIAT, is_secretariat),
)
TRANSITIONS: dict[str, Transition] = {transition.name: transition for transition in _DECLARED}


def check(application: Application, name: str, user) -> Transition:
    """The transition `name`, if `application`'s stage and `user`'s role allow it now:
    ValidationError (wrong stage) or PermissionDenied (wrong role), in French, otherwise."""
    transition = TRANSITIONS[name]
    if application.stage not in transition.sources:
        raise ValidationError(_(
            "« %(action)s » n'est pas possible : la demande « %(title)s » est à l'étape « %(stage)s », et cette "
            "action ne se fait qu'à l'étape %(sources)s.") % {
            "action": transition.label, "title": application.title, "stage": application.get_stage_display(),
            "sources": _(" ou ").join(f"« {Stage(source).label} »" for source in transition.sources)})
    if not transition.allowed(user, application):
        raise PermissionDenied(_("« %(action)s » est réservé %(role)s.") % {
            "action": transition.label, "role": transition.role})
    return transition


def can(application: Application, name: str, user) -> bool:
    try:
        check(application, name, user)
    except (ValidationError, PermissionDenied):
        return False
    return True


def available(application: Application, user) -> list[Transition]:
    """The transitions `user` may make on `application` now (what a page offers)."""
    return [transition for transition in _DECLARED if can(application, transition.name, user)]


def lock(application: Application) -> Application:
    """Read the application's row again, locked until the transaction ends, and copy its
    stage onto `application`: two steps on the same application run one after the other."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("fund.transitions.lock runs inside a transaction.")
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    application.stage = fresh.stage
    application.version = fresh.version
    return application


def move(application: Application, name: str, *, by, note: str = "", **changes) -> TransitionRecord:
    """Make the transition `name` (see `check`), in the caller's transaction, writing
    `changes` (other fields of the application) with the new stage."""
    lock(application)
    transition = check(application, name, by)
    source = application.stage
    claim_version(application, None)
    application.stage = transition.target
    application._history_user = by
    application._change_reason = str(transition.label)[:100]
    for field, value in changes.items():
        setattr(application, field, value)
    application.save(update_fields=["stage", "version", *changes])
    return TransitionRecord.objects.create(application=application, name=name, source=source,
                                           target=transition.target, by=by, note=note)
