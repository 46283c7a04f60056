"""Keeps the figures the tableau de bord counts (ProjectFacts, PisteFacts, PartnerFacts:
see facts_models) equal to the records they come from.

- `refresh(ids)` recomputes the rows of some projects with a fixed number of queries
  (set-based: the same queries for one project or for two thousand);
- signals (`connect()`, called when the app is ready) refresh a project after every save or
  deletion, through the ORM, of the project or of what its figures depend on: partners,
  links to pistes, budget lines, indicators, measurements and journal entries; in the same
  transaction, so the figures never disagree with the records that are committed;
- `refresh_all()` rebuilds every row: in the migration that created the tables, and by
  hand with `maillage refresh_facts`; bulk loads (`seed_scale`) refresh what they insert.

A collectivity that the registry's import moves to another région moves in the figures of
its projects within the import's transaction (`refresh_moved_partners`, on the
`collectivities_imported` signal), and so does one saved through the ORM (its page, the
admin); a change made in SQL shows when its projects change or `maillage refresh_facts`
runs.

Writes made inside `batched()` (every function of projects/actions.py) refresh each project
once, at the end. What bypasses the ORM's signals (`QuerySet.update()`, raw SQL) must call `refresh` or
`mark_active` itself. The functions take an optional app registry so that a migration can
run them on its historical models.
"""
from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save

from territories.names import normalize
from territories.signals import collectivities_imported

BATCH = 2000
SIDES = ("fr", "qc")
# What ProjectFacts stores per category of indicator: `<category>_<figure>`.
OUTCOME_FIGURES = ("indicators", "measured", "reached")
FACT_MODELS = ("ProjectFacts", "PisteFacts", "PartnerFacts")


def search_text(title: str, summary: str) -> str:
    """What the `q=` search of the lists reads (ProjectFilterQuerySet.search)."""
    return f"{normalize(title)} | {normalize(summary)}"


def compute(project_ids, apps=global_apps) -> tuple[list, list, list]:
    """Unsaved ProjectFacts, PisteFacts and PartnerFacts of the existing projects among
    `project_ids`. Five queries, whatever the number of projects."""
    (Project, ProjectFacts, PisteFacts, PartnerFacts, Partner, BudgetLine, Indicator, Measurement, Update,
     HistoricalProject) = (apps.get_model("projects", name) for name in (
        "Project", *FACT_MODELS, "Partner", "BudgetLine", "Indicator", "Measurement", "Update", "HistoricalProject"))
    project = OuterRef("pk")
    # Documented by more than one person: a journal entry or a change of the project by
    # someone other than its creator.
    other_author = Exists(Update.objects.filter(project=project, author__isnull=False).exclude(
        author=OuterRef("created_by")))
    other_editor = Exists(HistoricalProject.objects.filter(id=project, history_user__isnull=False).exclude(
        history_user=OuterRef("created_by")))
    rows = Project.objects.filter(pk__in=project_ids).order_by().values(
        "pk", "status", "is_public", "start_date", "end_date", "created_at", "last_activity_at", "title", "summary",
    ).annotate(
        french=Exists(Partner.objects.filter(project=project, side="fr")),
        quebec=Exists(Partner.objects.filter(project=project, side="qc")),
        other_author=other_author,
        other_editor=other_editor,
        has_target=Exists(Indicator.objects.filter(project=project, target__isnull=False)),
    )

    budgets: dict[int, dict[str, object]] = defaultdict(dict)
    lines = BudgetLine.objects.filter(project_id__in=project_ids).order_by().values(
        "project_id", "currency", funder_side=Coalesce("funder__side", Value(""))
    ).annotate(amount=Sum("amount"), lines=Count("pk"))
    for line in lines:
        currency = line["currency"].lower()
        figures = budgets[line["project_id"]]
        figures[f"{currency}_lines"] = figures.get(f"{currency}_lines", 0) + line["lines"]
        figures[currency] = figures.get(currency, Decimal("0")) + line["amount"]
        if line["funder_side"] in SIDES:
            name = f"{line['funder_side']}_{currency}"
            figures[name] = figures.get(name, Decimal("0")) + line["amount"]

    latest_approved = Measurement.objects.filter(indicator=OuterRef("pk"), status="approuvee").order_by(
        "-period_end", "-pk").values("value")[:1]
    indicators = Indicator.objects.filter(project_id__in=project_ids).annotate(
        latest=Subquery(latest_approved)).order_by().values("project_id", "category").annotate(
        indicators=Count("pk"),
        measured=Count("pk", filter=Q(latest__isnull=False)),
        reached=Count("pk", filter=Q(latest__gte=F("target"))),
    )
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for row in indicators:
        for figure in OUTCOME_FIGURES:
            outcomes[row["project_id"]][f"{row['category']}_{figure}"] = row[figure]

    projects, dimensions = [], {}
    for row in rows:
        pk = row["pk"]
        dimensions[pk] = {
            "status": row["status"],
            "is_public": row["is_public"],
            "start_year": row["start_date"].year,
            "end_year": row["end_date"].year if row["end_date"] else None,
            "has_french_partner": row["french"],
            "has_quebec_partner": row["quebec"],
        }
        projects.append(_unsaved(
            ProjectFacts,
            project_id=pk,
            **dimensions[pk],
            start_date=row["start_date"],
            activity_at=row["last_activity_at"] or row["created_at"],
            is_single_person=not (row["other_author"] or row["other_editor"]),
            lacks_outcomes=not row["has_target"],
            search_text=search_text(row["title"], row["summary"]),
            **budgets.get(pk, {}),
            **outcomes.get(pk, {}),
        ))

    # Links to pistes, in the order that makes the first of each axis and plan the piste of
    # smallest id.
    links = Project.pistes.through.objects.filter(project_id__in=dimensions).order_by(
        "project_id", "piste_id").values_list("project_id", "piste_id", "piste__axis_id", "piste__axis__plan_id")
    pistes, seen = [], set()
    for project_id, piste_id, axis_id, plan_id in links:
        pistes.append(_unsaved(
            PisteFacts,
            project_id=project_id, piste_id=piste_id, axis_id=axis_id, plan_id=plan_id,
            first_in_axis=(project_id, "axis", axis_id) not in seen,
            first_in_plan=(project_id, "plan", plan_id) not in seen,
            **dimensions[project_id],
        ))
        seen.update({(project_id, "axis", axis_id), (project_id, "plan", plan_id)})

    # Partner collectivities in the order that makes the first of each project, région and
    # side the partner of smallest id.
    partners, seen = [], set()
    for project_id, collectivity_id, side, kind, region_id in Partner.objects.filter(
            project_id__in=dimensions, collectivity__isnull=False).order_by("project_id", "pk").values_list(
            "project_id", "collectivity_id", "side", "collectivity__kind", "collectivity__region_id"):
        region_id = collectivity_id if kind == "region" else region_id
        partners.append(_unsaved(
            PartnerFacts, project_id=project_id, collectivity_id=collectivity_id, side=side, region_id=region_id,
            first_in_region=(project_id, region_id, side) not in seen, **dimensions[project_id]))
        seen.add((project_id, region_id, side))
    return projects, pistes, partners


def _unsaved(model, **values):
    """An unsaved row of `model` with those of `values` it has columns for: a migration's
    historical model may predate some of them (migration 0006 runs this code)."""
    columns = _columns(model)
    return model(**{name: value for name, value in values.items() if name in columns})


@functools.cache
def _columns(model) -> frozenset[str]:
    return frozenset(field.attname for field in model._meta.concrete_fields)


def refresh(project_ids, *, create: bool = True, apps=global_apps) -> None:
    """Recompute the rows of these projects. With create=False, only projects that have
    rows are recomputed (a child deleted with its project must not bring them back)."""
    project_ids = list(project_ids)
    models = [apps.get_model("projects", name) for name in FACT_MODELS]
    with transaction.atomic():
        if not create:
            project_ids = list(models[0].objects.filter(pk__in=project_ids).values_list("pk", flat=True))
            if not project_ids:
                return
        computed = compute(project_ids, apps)
        for model, rows in zip(models, computed):
            model.objects.filter(project_id__in=project_ids).delete()
            model.objects.bulk_create(rows, batch_size=BATCH)


def refresh_all(apps=global_apps) -> int:
    """Rebuild every row (projects in batches of BATCH). Returns the number of projects."""
    Project = apps.get_model("projects", "Project")
    models = [apps.get_model("projects", name) for name in FACT_MODELS]
    with transaction.atomic():
        for model in models:
            model.objects.all().delete()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            for model, rows in zip(models, compute(ids[start:start + BATCH], apps)):
                model.objects.bulk_create(rows, batch_size=BATCH)
    return len(ids)


def refresh_moved_partners(collectivity_ids=None) -> int:
    """Refresh the projects whose stored partners name a région their collectivity is no
    longer in (the registry moved it), among the partners `collectivity_ids` if given. One
    query to find them, whatever their number (the région rule of `compute`, in SQL);
    returns how many projects were refreshed."""
    PartnerFacts = global_apps.get_model("projects", "PartnerFacts")
    partners = PartnerFacts.objects.all()
    if collectivity_ids is not None:
        partners = partners.filter(collectivity_id__in=collectivity_ids)
    region_now = Case(When(collectivity__kind="region", then=F("collectivity_id")),
                      default=F("collectivity__region_id"))
    moved = partners.alias(
        stored=Coalesce("region_id", Value(0)), now=Coalesce(region_now, Value(0)),
    ).exclude(stored=F("now")).values_list("project_id", flat=True).distinct()
    project_ids = list(moved)
    if project_ids:
        refresh(project_ids, create=False)
    return len(project_ids)


def mark_active(project_id: int, when: datetime.datetime) -> None:
    """What `Project.objects.filter(pk=…).update(last_activity_at=when)` changes in the facts."""
    global_apps.get_model("projects", "ProjectFacts").objects.filter(pk=project_id).update(activity_at=when)


# --- Signals -----------------------------------------------------------------------------

# Inside `batched()`: the projects to refresh when it ends, (to create, to rewrite only).
_pending: ContextVar[tuple[set, set] | None] = ContextVar("project_facts_pending", default=None)


@contextmanager
def batched():
    """Refresh each project touched inside the block once, when it ends, rather than after
    each of its writes (creating a project saves it, its pistes and its first partner)."""
    if _pending.get() is not None:  # nested: the outermost block refreshes
        yield
        return
    token = _pending.set((set(), set()))
    try:
        yield
        create, existing = _pending.get()
    finally:
        _pending.reset(token)
    if create:
        refresh(create)
    if existing - create:
        refresh(existing - create, create=False)


def _request(project_id: int, *, create: bool) -> None:
    pending = _pending.get()
    if pending is None:
        refresh([project_id], create=create)
    else:
        pending[0 if create else 1].add(project_id)


def _project_id(instance) -> int | None:
    if instance._meta.model_name == "project":
        return instance.pk
    if instance._meta.model_name == "measurement":
        Indicator = global_apps.get_model("projects", "Indicator")
        return Indicator.objects.filter(pk=instance.indicator_id).values_list("project_id", flat=True).first()
    return instance.project_id


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's own rows, refreshed by refresh_all if needed
        return
    project_id = _project_id(instance)
    if project_id is not None:
        _request(project_id, create=True)


def _on_delete(sender, instance, **kwargs):
    project_id = _project_id(instance)
    if project_id is not None:
        _request(project_id, create=False)


def _on_pistes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # Pistes change from the project's side (forms, actions); simple_history, which keeps
    # them in the project's history, does not support changes from the piste's side.
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        _request(instance.pk, create=True)


def connect() -> None:
    """Refresh a project's facts after each save or deletion of what they depend on."""
    for name in ("Project", "Partner", "BudgetLine", "Indicator", "Measurement", "Update"):
        model = global_apps.get_model("projects", name)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"project-facts-save-{name}")
        if name != "Project":  # the project's own rows go with it (ON DELETE CASCADE)
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"project-facts-delete-{name}")
    through = global_apps.get_model("projects", "Project").pistes.through
    m2m_changed.connect(_on_pistes_changed, sender=through, dispatch_uid="project-facts-pistes")
    collectivities_imported.connect(_on_collectivities_imported, dispatch_uid="project-facts-registry")
    post_save.connect(_on_collectivity_saved, sender=global_apps.get_model("territories", "Collectivity"),
                      dispatch_uid="project-facts-collectivity")


def _on_collectivities_imported(sender, **kwargs) -> None:
    refresh_moved_partners()


def _on_collectivity_saved(sender, instance, created, raw=False, **kwargs):
    # A collectivity edited one at a time (its page, the admin) may have changed région:
    # its projects are refreshed together, and only if it did.
    if not (created or raw):
        refresh_moved_partners([instance.pk])
