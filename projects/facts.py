"""Keeps the figures the tableau de bord counts (ProjectFacts, PisteFacts, PartnerFacts:
see facts_models) equal to the records they come from, and says when they changed.

The read model is declared once, at the end of this module: for each source, the model,
the fields `compute` reads and how to find the projects whose facts those rows change.
Everything else is derived from that declaration:

- the signal connections (post_save, pre/post_delete, m2m_changed), made by `connect()`
  when the app is ready: a write through the ORM refreshes the affected projects in the
  same transaction (inside `batched()`, every function of projects/actions.py, once at
  the end);
- the explicit path for what sends no signal: after `QuerySet.update()` or a bulk write,
  call `PROJECT_FACTS.changed(rows, fields=[...])` with the changed rows (a QuerySet as they
  are now) and the fields written; the same declaration decides what to refresh;
- the data version (`data_version()`), a counter that every derived connection and
  every refresh bumps in the writer's transaction: the dashboard's cache key;
- the test that walks the declaration (projects/tests/test_facts_declared.py): it changes
  each declared field of each declared model and checks that the stored facts equal
  freshly computed ones and that the data version moved, and that the fields left out of
  the declaration indeed change nothing.

Declaring a source (a domain to come adds its own in its AppConfig.ready())::

    from projects.facts import PROJECT_FACTS, of_project

    PROJECT_FACTS.depends_on("fund.Grant", fields=("amount", "currency"), key=("project",),
                             projects=of_project("project_id"))

- `fields`: the fields the figures read (a save whose `update_fields` names none of them
  refreshes nothing);
- `key`: the fields that place a row (its project): rows never move to another project,
  so they are not walked as changes;
- `projects(rows)`: the ids of the projects whose facts read `rows` (instances, or a
  QuerySet); used on deletion, and on changes unless `stale` is given;
- `stale(rows)`: the cheaper answer for rows many projects read (a piste, a
  collectivity): only the projects whose stored facts disagree with the rows now;
- no `projects`: a source the dashboard reads live within its cached figures (the axes
  a theme's slug names, the régions' names): a change only moves the data version.

A domain with figures of its own declares them the same way on its own
`ReadModel(name, refresh)`; every read model moves the same data version.

`refresh(ids)` recomputes the rows of some projects with a fixed number of queries
(set-based: the same queries for one project or for two thousand); `refresh_all()`
rebuilds every row (the migrations that created the tables, `maillage refresh_facts`
after changes made in SQL). The functions take an optional app registry so that a
migration can run them on its historical models.
"""
from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as global_apps
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from territories.names import normalize
from territories.signals import collectivities_imported

from .facts_models import TITLE_KEY, keys

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
    `project_ids`. Six queries, whatever the number of projects."""
    project_ids = list(project_ids)  # read by several queries
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

    # Partner collectivities in the order that makes the first of each project, région and
    # side the partner of smallest id; a région partner lies in itself.
    partner_rows = []
    regions: dict[int, set[int]] = defaultdict(set)
    for project_id, collectivity_id, side, kind, region_id in Partner.objects.filter(
            project_id__in=project_ids, collectivity__isnull=False).order_by("project_id", "pk").values_list(
            "project_id", "collectivity_id", "side", "collectivity__kind", "collectivity__region_id"):
        region_id = collectivity_id if kind == "region" else region_id
        partner_rows.append((project_id, collectivity_id, side, region_id))
        if region_id is not None:
            regions[project_id].add(region_id)
    # Links to pistes, in the order that makes the first of each axis and plan the piste of
    # smallest id.
    links = list(Project.pistes.through.objects.filter(project_id__in=project_ids).order_by(
        "project_id", "piste_id").values_list("project_id", "piste_id", "piste__axis_id", "piste__axis__plan_id"))
    linked: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for project_id, piste_id, axis_id, _plan_id in links:
        linked[project_id][0].add(piste_id)
        linked[project_id][1].add(axis_id)
    themes: dict[int, list[int]] = defaultdict(list)
    for project_id, axis_id in Project.themes.through.objects.filter(project_id__in=project_ids).values_list(
            "project_id", "axis_id"):
        themes[project_id].append(axis_id)

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
            "themes": keys(themes.get(pk, ())),
            "regions": keys(regions.get(pk, ())),
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
            title_key=normalize(row["title"])[:TITLE_KEY],
            pistes=keys(linked[pk][0]),
            axes=keys(linked[pk][1]),
            **budgets.get(pk, {}),
            **outcomes.get(pk, {}),
        ))

    pistes, seen = [], set()
    for project_id, piste_id, axis_id, plan_id in links:
        if project_id not in dimensions:
            continue
        pistes.append(_unsaved(
            PisteFacts,
            project_id=project_id, piste_id=piste_id, axis_id=axis_id, plan_id=plan_id,
            first_in_axis=(project_id, "axis", axis_id) not in seen,
            first_in_plan=(project_id, "plan", plan_id) not in seen,
            **dimensions[project_id],
        ))
        seen.update({(project_id, "axis", axis_id), (project_id, "plan", plan_id)})

    partners, seen = [], set()
    for project_id, collectivity_id, side, region_id in partner_rows:
        if project_id not in dimensions:
            continue
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
    rows are recomputed (a child deleted with its project must not bring them back).
    Moves the data version."""
    project_ids = list(project_ids)
    models_ = [apps.get_model("projects", name) for name in FACT_MODELS]
    with transaction.atomic():
        bump_version(apps)
        if not create:
            project_ids = list(models_[0].objects.filter(pk__in=project_ids).values_list("pk", flat=True))
            if not project_ids:
                return
        computed = compute(project_ids, apps)
        for model, rows in zip(models_, computed):
            model.objects.filter(project_id__in=project_ids).delete()
            model.objects.bulk_create(rows, batch_size=BATCH)


def refresh_all(apps=global_apps) -> int:
    """Rebuild every row (projects in batches of BATCH). Returns the number of projects."""
    Project = apps.get_model("projects", "Project")
    models_ = [apps.get_model("projects", name) for name in FACT_MODELS]
    with transaction.atomic():
        bump_version(apps)
        for model in models_:
            model.objects.all().delete()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            for model, rows in zip(models_, compute(ids[start:start + BATCH], apps)):
                model.objects.bulk_create(rows, batch_size=BATCH)
    return len(ids)


# --- The data version --------------------------------------------------------------------

VERSION_ROW = 1


def bump_version(apps=global_apps) -> None:
    """Move the data version, in the caller's transaction. (One row: concurrent writers
    wait for each other's commit here, a few milliseconds for the human-paced edits of
    this platform; bulk loads bump once per refresh.)"""
    try:
        DataVersion = apps.get_model("projects", "DataVersion")
    except LookupError:  # the migrations before 0011 refresh the facts without it
        return
    if not DataVersion.objects.filter(pk=VERSION_ROW).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=VERSION_ROW)  # the row was flushed (tests)


def data_version() -> int:
    """The version of the data behind the figures: it changes in the transaction of every
    change of a declared source (one query on a one-row table)."""
    DataVersion = global_apps.get_model("projects", "DataVersion")
    return DataVersion.objects.filter(pk=VERSION_ROW).values_list("value", flat=True).first() or 0


def cached(key: str, compute: Callable, timeout: int = 3600):
    """`compute()`, kept in the cache under `key` until the data version moves (or for
    `timeout` seconds): for figures a page reads across many records. `key` must name
    everything the figures depend on besides the data (who reads them, the filters)."""
    from django.core.cache import cache

    full = f"{key}:v{data_version()}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, timeout)
    return found


# --- The declaration and what is derived from it -----------------------------------------

def row_ids(rows) -> Iterable:
    """The primary keys of `rows` (a subquery for a QuerySet)."""
    if isinstance(rows, models.QuerySet):
        return rows.order_by().values("pk")
    return [row.pk for row in rows]


def of_project(column: str = "project_id") -> Callable:
    """`projects` for the rows that name their project in `column`."""
    def projects(rows):
        if isinstance(rows, models.QuerySet):
            return rows.order_by().values_list(column, flat=True).distinct()
        return {getattr(row, column) for row in rows}
    projects.__qualname__ = f"of_project({column!r})"
    return projects


@dataclass(frozen=True)
class Dependency:
    """One source of a read model: see the module's docstring."""

    model: str  # "app_label.ModelName"; an M2M's links: "app_label.Model_field"
    fields: tuple[str, ...]
    projects: Callable | None = None
    stale: Callable | None = None
    key: tuple[str, ...] = ()

    @property
    def is_live(self) -> bool:
        return self.projects is None

    def resolve(self) -> type[models.Model]:
        return global_apps.get_model(self.model)

    def names(self) -> set[str]:
        """The declared fields by name and by column (update_fields may use either)."""
        model = self.resolve()
        found = set()
        for name in self.fields:
            model_field = model._meta.get_field(name)
            found.update({model_field.name, getattr(model_field, "attname", model_field.name)})
        return found

    def touches(self, fields: Iterable[str] | None) -> bool:
        return fields is None or bool(self.names() & set(fields))


@dataclass(eq=False)
class ReadModel:
    """Stored figures, their `refresh(ids, create=…)` and the sources they are computed
    from (`depends_on`)."""

    name: str
    refresh: Callable
    dependencies: list[Dependency] = field(default_factory=list)
    connected: bool = False

    def depends_on(self, model: str, *, fields: Iterable[str], key: Iterable[str] = (),
                   projects: Callable | None = None, stale: Callable | None = None) -> Dependency:
        """Declare a source; connected at once if the app registry is ready."""
        dependency = Dependency(model, tuple(fields), projects, stale, tuple(key))
        self.dependencies.append(dependency)
        if self.connected:
            self._connect(dependency, len(self.dependencies) - 1)
        return dependency

    def sources(self, model: type[models.Model]) -> list[Dependency]:
        return [dependency for dependency in self.dependencies if dependency.resolve() is model]

    def changed(self, rows, *, fields: Iterable[str] | None = None) -> None:
        """`rows` (a QuerySet, or instances of one model) changed without a signal
        (`QuerySet.update()`, bulk writes): refresh what the declaration says, or nothing
        if `fields` (None: all of them) holds no declared field."""
        model = rows.model if isinstance(rows, models.QuerySet) else type(next(iter(rows), None))
        fields = None if fields is None else list(fields)
        for dependency in self.sources(model):
            if dependency.touches(fields):
                self._request(dependency, rows, deleting=False)

    def connect(self) -> None:
        """Connect every declared source's signals (AppConfig.ready)."""
        for index, dependency in enumerate(self.dependencies):
            self._connect(dependency, index)
        self.connected = True

    # Derived connections.

    def _request(self, dependency: Dependency, rows, *, deleting: bool) -> None:
        if dependency.is_live:
            _schedule(self, (), create=False)
            return
        find = dependency.projects if deleting or dependency.stale is None else dependency.stale
        # Rows read by many projects (stale given) only refresh projects that have facts.
        _schedule(self, find(rows), create=not deleting and dependency.stale is None)

    def _connect(self, dependency: Dependency, index: int) -> None:
        model = dependency.resolve()
        uid = f"read-model-{self.name}-{index}"
        if model._meta.auto_created:  # the links of a ManyToManyField
            m2m_changed.connect(functools.partial(self._on_links, dependency), sender=model, weak=False,
                                dispatch_uid=f"{uid}-m2m")
            return
        post_save.connect(functools.partial(self._on_save, dependency), sender=model, weak=False,
                          dispatch_uid=f"{uid}-save")
        pre_delete.connect(functools.partial(self._before_delete, dependency), sender=model, weak=False,
                           dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(functools.partial(self._on_delete, dependency), sender=model, weak=False,
                            dispatch_uid=f"{uid}-delete")

    def _on_save(self, dependency, sender, instance, raw=False, update_fields=None, **kwargs):
        if raw:  # loaddata: the fixture's own rows, refreshed by refresh_all if needed
            return
        if dependency.touches(update_fields):
            self._request(dependency, [instance], deleting=False)

    def _before_delete(self, dependency, sender, instance, **kwargs):
        # The projects are found while the row (and what leads from it to them) exists.
        if not dependency.is_live:
            instance.__dict__.setdefault("_read_model_deleted", {})[id(dependency)] = set(
                dependency.projects([instance]))

    def _on_delete(self, dependency, sender, instance, **kwargs):
        if dependency.is_live:
            _schedule(self, (), create=False)
        else:
            _schedule(self, instance.__dict__.get("_read_model_deleted", {}).pop(id(dependency), ()), create=False)

    def _on_links(self, dependency, sender, instance, action, model, pk_set, **kwargs):
        # Links change from either side; the rows are rebuilt as unsaved links.
        source = _link_column(sender, type(instance))
        if action == "pre_clear":
            instance.__dict__.setdefault("_read_model_cleared", {})[id(dependency)] = list(
                sender.objects.filter(**{source: instance.pk}))
            return
        if action == "post_clear":
            rows = instance.__dict__.get("_read_model_cleared", {}).pop(id(dependency), [])
        elif action in {"post_add", "post_remove"}:
            target = _link_column(sender, model, other_than=source)
            rows = [sender(**{source: instance.pk, target: pk}) for pk in pk_set]
        else:
            return
        if rows:
            self._request(dependency, rows, deleting=False)


def _link_column(through, model, other_than: str | None = None) -> str:
    for link in through._meta.concrete_fields:
        if link.is_relation and issubclass(model, link.related_model) and link.attname != other_than:
            return link.attname
    raise LookupError(f"{through.__name__} has no link to {model.__name__}")


# Inside `batched()`: per read model, the keys to refresh when it ends (to create, to
# rewrite only), and whether the data version must move anyway; per deferred call
# (`defer`), the keys to give it.
_pending: ContextVar[dict | None] = ContextVar("read_models_pending", default=None)


@contextmanager
def batched():
    """Refresh each project touched inside the block once, when it ends, rather than after
    each of its writes (creating a project saves it, its pistes and its first partner)."""
    if _pending.get() is not None:  # nested: the outermost block refreshes
        yield
        return
    token = _pending.set({})
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    deferred = []
    for key, keys in pending.items():
        if isinstance(key, _Deferred):
            deferred.append((key.run, keys))
        else:
            _flush(key, *keys)
    for run, keys in deferred:  # after the read models, which they may read
        run(keys)


def written(instances: Iterable[models.Model]) -> None:
    """Rows written without signals (bulk inserts, core/restore's raw saves) announced as
    created: post_save for each, inside `batched()`, so that every read model and index
    declared on them (the projects' facts, the registry's places, matching's candidates,
    the search) refreshes once when the block ends. Their history is already written:
    simple_history skips them."""
    with batched():
        for instance in instances:
            instance.skip_history_when_saving = True
            try:
                post_save.send(sender=type(instance), instance=instance, created=True, update_fields=None,
                               raw=False, using=instance._state.db)
            finally:
                del instance.skip_history_when_saving


@dataclass(frozen=True)
class _Deferred:
    run: Callable[[set], None]


def defer(run: Callable[[set], None], keys: Iterable) -> None:
    """Call `run(keys)` now, or once when the outermost `batched()` block ends with every
    key given inside it (an index other than a read model, kept current the same way: the
    search index of the observatory). `run` must be the same object each time."""
    pending = _pending.get()
    if pending is None:
        run(set(keys))
        return
    pending.setdefault(_Deferred(run), set()).update(keys)


def _schedule(read_model: ReadModel, keys, *, create: bool) -> None:
    pending = _pending.get()
    if pending is None:
        _flush(read_model, set(keys) if create else set(), set() if create else set(keys))
        return
    create_set, existing = pending.setdefault(read_model, (set(), set()))
    (create_set if create else existing).update(keys)


def _flush(read_model: ReadModel, create: set, existing: set) -> None:
    with transaction.atomic():
        if not (create or existing - create):  # a live source: only the version moves
            bump_version()
        if create:
            read_model.refresh(create)
        if existing - create:
            read_model.refresh(existing - create, create=False)


def mark_active(project_id: int, when: datetime.datetime) -> None:
    """What `Project.objects.filter(pk=…).update(last_activity_at=when)` changes in the
    facts (`when` is what the caller wrote; the facts read it back from the project)."""
    PROJECT_FACTS.changed(global_apps.get_model("projects", "Project").objects.filter(pk=project_id),
                          fields=["last_activity_at"])


# --- What the project facts are computed from --------------------------------------------

def _measured_projects(rows):
    Indicator = global_apps.get_model("projects", "Indicator")
    return Indicator.objects.filter(pk__in=of_project("indicator_id")(rows)).values_list("project_id", flat=True)


def _piste_links(rows):
    return global_apps.get_model("projects", "PisteFacts").objects.filter(piste__in=row_ids(rows))


def _axis_links(rows):
    return global_apps.get_model("projects", "PisteFacts").objects.filter(axis__in=row_ids(rows))


def _projects(links):
    return links.order_by().values_list("project_id", flat=True).distinct()


def _partners_moved(rows):
    """Projects whose stored partners name a région their collectivity (among `rows`) is
    no longer in: one query, the région rule of `compute` in SQL."""
    PartnerFacts = global_apps.get_model("projects", "PartnerFacts")
    region_now = Case(When(collectivity__kind="region", then=F("collectivity_id")),
                      default=F("collectivity__region_id"))
    return _projects(PartnerFacts.objects.filter(collectivity__in=row_ids(rows)).alias(
        stored=Coalesce("region_id", Value(0)), now=Coalesce(region_now, Value(0))).exclude(stored=F("now")))


def _partners_of(rows):
    PartnerFacts = global_apps.get_model("projects", "PartnerFacts")
    ids = row_ids(rows)
    return _projects(PartnerFacts.objects.filter(Q(collectivity__in=ids) | Q(region__in=ids)))


PROJECT_FACTS = ReadModel("project-facts", refresh=refresh)
PROJECT_FACTS.depends_on(
    "projects.Project", projects=of_project("pk"),
    fields=("title", "summary", "status", "is_public", "start_date", "end_date", "created_at", "last_activity_at",
            "created_by"))
# Documented by more than one person: changes of the project by someone else.
PROJECT_FACTS.depends_on("projects.HistoricalProject", fields=("history_user",), key=("id",),
                         projects=of_project("id"))
PROJECT_FACTS.depends_on("projects.Partner", fields=("collectivity", "side"), key=("project",),
                         projects=of_project())
PROJECT_FACTS.depends_on("projects.BudgetLine", fields=("amount", "currency", "funder"), key=("project",),
                         projects=of_project())
PROJECT_FACTS.depends_on("projects.Indicator", fields=("category", "target"), key=("project",),
                         projects=of_project())
PROJECT_FACTS.depends_on("projects.Measurement", fields=("status", "value", "period_end"), key=("indicator",),
                         projects=_measured_projects)
PROJECT_FACTS.depends_on("projects.Update", fields=("author",), key=("project",), projects=of_project())
PROJECT_FACTS.depends_on("projects.Project_pistes", fields=("piste",), key=("project",), projects=of_project())
# A piste moved to another axis (load_plan), an axis to another plan: only the projects
# whose stored links say otherwise are refreshed.
PROJECT_FACTS.depends_on("plan.Piste", fields=("axis",), projects=lambda rows: _projects(_piste_links(rows)),
                         stale=lambda rows: _projects(_piste_links(rows).exclude(
                             axis_id=F("piste__axis_id"), plan_id=F("piste__axis__plan_id"))))
PROJECT_FACTS.depends_on("plan.Axis", fields=("plan",), projects=lambda rows: _projects(_axis_links(rows)),
                         stale=lambda rows: _projects(_axis_links(rows).exclude(plan_id=F("axis__plan_id"))))
# A collectivity moved to another région (its page, the admin, the registry's import).
PROJECT_FACTS.depends_on("territories.Collectivity", fields=("kind", "region"), projects=_partners_of,
                         stale=_partners_moved)
PROJECT_FACTS.depends_on("projects.Project_themes", fields=("axis",), key=("project",), projects=of_project())
# Read live within the dashboard's cached figures: which axes a theme's slug names, the
# régions' names, and their codes and end (the current régions are the map's tiles).
PROJECT_FACTS.depends_on("plan.Axis", fields=("slug", "kind"))
PROJECT_FACTS.depends_on("territories.Collectivity", fields=("name", "code", "valid_until"))


def connect() -> None:
    """Connect the declared sources' signals, and the registry's import, which writes
    collectivities in bulk (territories.signals.collectivities_imported)."""
    PROJECT_FACTS.connect()
    collectivities_imported.connect(_on_collectivities_imported, dispatch_uid="project-facts-registry")


def _on_collectivities_imported(sender, **kwargs) -> None:
    PROJECT_FACTS.changed(global_apps.get_model("territories", "Collectivity").objects.all())


# --- What the plan's pages count (plan.figures) ------------------------------------------

class PlanFigures:
    """The projects of each piste and plan, for the plan's pages: counted on PisteFacts
    (`per_piste`, `per_plan`) over `matching(user=…)`, as the dashboard counts them."""

    @staticmethod
    def _links(user):
        return global_apps.get_model("projects", "PisteFacts").objects.matching(user=user)

    def piste_counts(self, user) -> dict:
        from plan.models import PROJECT_STATUS_COUNTS

        links = self._links(user)

        def count(**where):
            # The plan first: each count reads the covering (plan, piste, …) index.
            per_piste = links.filter(plan=OuterRef("axis__plan"), piste=OuterRef("pk"), **where).per_piste()
            return Coalesce(Subquery(per_piste.values("projects")), 0)

        return {"project_count": count(),
                **{name: count(status=status) for name, status in PROJECT_STATUS_COUNTS.items()}}

    def plan_project_count(self, user):
        return Coalesce(Subquery(self._links(user).filter(plan=OuterRef("pk")).per_plan().values("projects")), 0)

    def piste_projects(self, user, piste):
        Project = global_apps.get_model("projects", "Project")
        return (Project.objects.visible_to(user).filter(pistes=piste)
                .only("title", "summary", "status", "start_date", "end_date", "is_public")
                .order_by("-start_date", "title", "pk"))
