"""Each user's own space (/mon-espace/), where logging in leads: for a collectivity editor,
their collectivities' projects and what needs their attention (the plan's checks failed,
measurements to enter, fund drafts and reports due, interest received), with shortcuts to
create; for the secretariat, its queues; for a reviewer of the fund, the reviews to hand in.

Read-only, across the apps (the dashboard sits on top of them all, STYLE.md): every count
and list is one query, so the page's queries are bounded whatever the data."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fund.access import can_create_application
from fund.models import Application, CoApplicant, Review, Stage
from governance.models import ActionItem
from matching.models import Interest
from projects.models import CHECKS, Indicator, Measurement, Partner, Project
from registry import access as registry_access
from territories.models import Collectivity

RECENT = 8
# An indicator of a project under way whose last measurement ended longer ago than this
# is "to be measured".
MEASURED_WITHIN = datetime.timedelta(days=365)
REPORT_STAGES = {Stage.AGREEMENT_SIGNED: _("rapport d'étape attendu"), Stage.IN_PROGRESS: _("rapport d'étape attendu"),
                 Stage.MIDTERM_REPORT: _("rapport final attendu")}


@dataclass
class Task:
    """A line of "what needs your attention": how many, what, and where to act."""

    count: int
    label: str
    url: str


@dataclass
class Space:
    collectivities: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    project_count: int = 0
    tasks: list[Task] = field(default_factory=list)
    drafts: list = field(default_factory=list)
    reports_due: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    to_measure: list = field(default_factory=list)
    to_measure_count: int = 0
    shortcuts: list[tuple[str, str]] = field(default_factory=list)
    queues: list[Task] = field(default_factory=list)
    reviews: list = field(default_factory=list)


def space_of(user) -> Space:
    space = Space()
    ids = user.editable_collectivity_ids()
    if ids:
        _editor(space, user, ids)
    if user.is_secretariat or user.is_superuser:
        _secretariat(space)
    if user.is_fund_reviewer:
        space.reviews = list(Review.objects.filter(reviewer=user, submitted_at__isnull=True, conflict_of_interest=False)
                             .select_related("application__call").order_by("assigned_at", "pk")[:RECENT])
    return space


def _editor(space: Space, user, ids: set[int]) -> None:
    space.collectivities = list(Collectivity.objects.filter(pk__in=ids).only(
        "side", "kind", "code", "name", "valid_until").order_by("name"))
    theirs = Project.objects.filter(pk__in=Partner.objects.filter(collectivity_id__in=ids).values("project_id"))
    checked = theirs.with_checks()
    # The checks' flags of each of their projects (one row of booleans a project: a région's
    # editor has hundreds at most), counted as the badges and the list's filter read them.
    flags = list(checked.values_list(*(check.field for check in CHECKS)))
    counts = {check.field: sum(1 for row in flags if row[index]) for index, check in enumerate(CHECKS)}
    space.project_count = len(flags)
    space.projects = list(checked.only("id", "title", "status", "start_date").order_by("-start_date", "title")[:RECENT])
    codes = [f"{c.side}:{c.code}" for c in space.collectivities]
    project_list = reverse("projects:list")
    for check in CHECKS:
        if counts[check.field]:
            query = f"?collectivity={codes[0]}&check={check.field}" if len(codes) == 1 else f"?check={check.field}"
            space.tasks.append(Task(counts[check.field], check.label, project_list + query))
    since = timezone.localdate() - MEASURED_WITHIN
    to_measure = (Indicator.objects.filter(project__in=theirs.filter(status=Project.Status.ONGOING).values("pk"))
                  .exclude(pk__in=Measurement.objects.filter(period_end__gte=since).values("indicator_id"))
                  .select_related("project").only("id", "name", "project__id", "project__title").order_by("project__title", "pk"))
    measured = list(to_measure[:RECENT + 1])
    space.to_measure = measured[:RECENT]
    space.to_measure_count = len(measured) if len(measured) <= RECENT else to_measure.count()
    applications = Application.objects.filter(
        Q(lead_id__in=ids) | Q(pk__in=CoApplicant.objects.filter(collectivity_id__in=ids).values("application_id"))
    ).select_related("call").only("id", "title", "stage", "call__title", "call__closes_at")
    for application in applications.filter(Q(stage=Stage.DRAFT) | Q(stage__in=list(REPORT_STAGES))).order_by(
            "call__closes_at", "pk")[:2 * RECENT]:
        if application.stage == Stage.DRAFT:
            space.drafts.append(application)
        else:
            application.report_due = REPORT_STAGES[application.stage]
            space.reports_due.append(application)
    space.interests = list(Interest.objects.filter(recipient__collectivity_id__in=ids, status=Interest.Status.PENDING)
                           .select_related("sender__collectivity", "sender__organisation").order_by("-sent_at")[:RECENT])
    space.shortcuts = [(_("Enregistrer un projet"), reverse("projects:create"))]
    if can_create_application(user):
        space.shortcuts.append((_("Candidater à un appel du Fonds"), reverse("fund:call_list")))
    if registry_access.can_create(user):
        space.shortcuts += [(_("Enregistrer une entente"), reverse("registry:agreement_create")),
                            (_("Enregistrer un jumelage"), reverse("registry:twinning_create"))]
    space.shortcuts.append((_("Mon profil de coopération"), reverse("matching:my_space")))


def _secretariat(space: Space) -> None:
    counts = [
        (Project.objects.publication_pending().count(), _("Publications à décider"),
         reverse("projects:publication_queue")),
        (Measurement.objects.drafts().count(), _("Mesures à valider"), reverse("projects:measurement_queue")),
        (Application.objects.filter(stage__in=[Stage.SUBMITTED, Stage.ENDORSED]).count(),
         _("Demandes au Fonds à déclarer recevables ou non"), reverse("fund:application_list") + f"?stage={Stage.ENDORSED}"),
        (ActionItem.objects.overdue().count(), _("Actions des instances en retard"), reverse("governance:overdue")),
    ]
    space.queues = [Task(count, label, url) for count, label, url in counts]
