"""The declaration of what the project facts are computed from (projects.facts.PROJECT_FACTS)
is complete and is what keeps them current: each declared field of each declared model,
changed through a save or through `QuerySet.update()` + `PROJECT_FACTS.changed()`, leaves
the stored facts equal to freshly computed ones and moves the data version; a field left
out of the declaration changes nothing the facts hold."""
import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone

from conftest import make_collectivity
from dashboard.aggregates import Filters, build_dashboard
from plan.figures import pistes_with_progress
from plan.loading import DEFAULT_PATH, load_plan
from plan.models import Axis, Piste, Plan
from projects import actions, facts
from projects.models import (
    Activity, BudgetLine, Contact, Document, Indicator, Measurement, Organisation, Partner, PisteFacts, Project,
    Update,
)
from territories.models import Kind, Side

from .factories import make_plan_items, make_quebec_city
from .test_facts import fresh, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    make_collectivity(Side.FRANCE, Kind.REGION, "11", "Île-de-France", country="FR")
    lyon_commune.region = region
    lyon_commune.save()
    (piste_1, piste_2), theme = make_plan_items()
    other_axis = Axis.objects.create(plan=piste_1.axis.plan, slug="culture", position=2, title="Culture")
    Piste.objects.create(axis=other_axis, code="ci-1", position=1, text="Piste ci-1")
    Plan.objects.create(slug="2011-2013", title="Plan 2011-2013", start_year=2011, end_year=2013)
    editor = personas["lyon"]
    projects = []
    for n in range(2):
        project = actions.create_project(
            by=editor, collectivity=lyon_commune, role=Partner.Role.LEAD, pistes=[piste_1, piste_2],
            themes=[theme], title=f"Projet {n}", summary="Échanges", start_date=datetime.date(2024, 3, 1))
        partner = actions.add_partner(project, by=editor, role=Partner.Role.PARTNER, collectivity=trois_rivieres_ville)
        BudgetLine.objects.create(project=project, source="Région", funder=partner, amount=Decimal("1500"),
                                  currency="CAD")
        indicator = Indicator.objects.create(project=project, name="Emplois", category="economique", unit="emplois",
                                             target=Decimal("10"), territory=lyon_commune)
        Measurement.objects.create(indicator=indicator, period_start=datetime.date(2024, 1, 1),
                                   period_end=datetime.date(2024, 12, 31), value=Decimal("12"),
                                   status=Measurement.Status.APPROVED)
        Update.objects.create(project=project, date=datetime.date(2024, 6, 1), text="Point",
                              author=personas["trois_rivieres"])
        projects.append(project)
    Organisation.objects.create(name="Cégep", kind=Organisation.Kind.RESEARCH, country="CA")
    make_quebec_city()
    return projects


def assert_all_current(where):
    for project_id in Project.objects.values_list("pk", flat=True):
        assert stored(project_id) == fresh(project_id), where


def sample(model):
    """A row of `model` that the facts of the world's first project read."""
    project = Project.objects.order_by("pk").first()
    rows = {
        Project: Project.objects.filter(pk=project.pk),
        Partner: Partner.objects.filter(project=project, collectivity__side=Side.QUEBEC),
        BudgetLine: BudgetLine.objects.filter(project=project),
        Indicator: Indicator.objects.filter(project=project),
        Measurement: Measurement.objects.filter(indicator__project=project),
        Update: Update.objects.filter(project=project),
        Piste: Piste.objects.filter(projects=project),
        Axis: Axis.objects.filter(pistes__projects=project, kind=Axis.Kind.AXIS),
    }
    if model._meta.label == "projects.HistoricalProject":
        return model.objects.filter(id=project.pk).order_by("-history_id").first()
    if model._meta.label == "territories.Collectivity":
        return model.objects.get(code="69123")
    return rows[model].order_by("pk").first()


def candidates(instance, model_field) -> list:
    """Values to try for `model_field`, each different from the current one."""
    current = getattr(instance, model_field.attname)
    if model_field.is_relation:
        related = model_field.related_model._base_manager.order_by("pk")
        return list(related.exclude(pk=current).values_list("pk", flat=True)[:6]) if current else list(
            related.values_list("pk", flat=True)[:6])
    if model_field.choices:
        return [value for value, _label in model_field.flatchoices if value != current]
    if isinstance(model_field, models.BooleanField):
        return [not current]
    if isinstance(model_field, models.DateTimeField):
        return [(current or timezone.now()) - datetime.timedelta(days=400)]
    if isinstance(model_field, models.DateField):
        base = current or datetime.date(2024, 1, 1)
        return [base - datetime.timedelta(days=400), base + datetime.timedelta(days=400)]
    if isinstance(model_field, (models.DecimalField, models.IntegerField)):
        return [(current or 0) + 7]
    if isinstance(model_field, models.EmailField):
        return ["autre@example.org"]
    if isinstance(model_field, models.URLField):
        return ["https://example.org/autre"]
    if isinstance(model_field, (models.CharField, models.TextField)):
        limit = model_field.max_length or 100
        return [("Zz " + (current or ""))[:limit]]
    return []


def walked_fields(model, dependencies):
    keys = {name for dependency in dependencies for name in dependency.key}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in keys or isinstance(model_field, models.FileField):
            continue
        yield model_field


def change(model, pk, model_field, *, save: bool) -> bool:
    """Give the row another value of `model_field` (the first the database accepts)."""
    instance = model._base_manager.get(pk=pk)
    for value in candidates(instance, model_field):
        try:
            with transaction.atomic():
                if save:
                    setattr(instance, model_field.attname, value)
                    instance.save(update_fields=[model_field.name])
                else:
                    rows = model._base_manager.filter(pk=pk)
                    rows.update(**{model_field.attname: value})
                    facts.PROJECT_FACTS.changed(rows, fields=[model_field.name])
            return True
        except (IntegrityError, DatabaseError):
            instance = model._base_manager.get(pk=pk)
    return False


def declared_models():
    by_model = {}
    for dependency in facts.PROJECT_FACTS.dependencies:
        by_model.setdefault(dependency.resolve(), []).append(dependency)
    return by_model


def test_each_declared_field_keeps_the_facts_current_and_moves_the_data_version(world):
    assert_all_current("before")
    rows = {model: sample(model).pk for model in declared_models() if not model._meta.auto_created}
    walked = []
    for model, dependencies in declared_models().items():
        if model._meta.auto_created:
            continue  # links: see the test of M2M changes
        declared = {name for dependency in dependencies for name in dependency.fields}
        for model_field in walked_fields(model, dependencies):
            if model_field.name not in declared:
                continue
            for save in (True, False):
                where = f"{model._meta.label}.{model_field.name} ({'save' if save else 'update + changed'})"
                version = facts.data_version()
                assert change(model, rows[model], model_field, save=save), f"{where}: no value accepted"
                assert facts.data_version() > version, where
                assert_all_current(where)
                walked.append(f"{model._meta.label}.{model_field.name}")
    expected = {f"{dependency.resolve()._meta.label}.{name}" for dependency in facts.PROJECT_FACTS.dependencies
                if not dependency.resolve()._meta.auto_created for name in dependency.fields}
    assert set(walked) == expected


def test_a_field_left_out_of_the_declaration_changes_nothing_the_facts_hold(world):
    rows = {model: sample(model).pk for model in declared_models() if not model._meta.auto_created}
    for model, dependencies in declared_models().items():
        if model._meta.auto_created:
            continue
        declared = {name for dependency in dependencies for name in dependency.fields}
        for model_field in walked_fields(model, dependencies):
            if model_field.name in declared:
                continue
            where = f"{model._meta.label}.{model_field.name}"
            version = facts.data_version()
            # Written behind the signals' back: if the facts read it, they are now wrong.
            if change(model, rows[model], model_field, save=False):
                assert facts.data_version() == version, where
                assert_all_current(where)


def test_links_changed_keep_the_facts_current_and_move_the_data_version(world):
    # From the project's side: simple_history, which keeps the links in the project's
    # history, does not support changes from the piste's side.
    project = world[0]
    piste_1, _piste_2, piste_3 = Piste.objects.order_by("pk")
    steps = [lambda: project.pistes.remove(piste_1), lambda: project.pistes.add(piste_3),
             lambda: project.pistes.clear(), lambda: project.themes.clear()]
    for index, step in enumerate(steps):
        version = facts.data_version()
        step()
        assert facts.data_version() > version, index
        assert_all_current(index)


def test_deleting_a_declared_row_keeps_the_facts_current_and_moves_the_data_version(world):
    for model in (Measurement, Indicator, BudgetLine, Update, Piste, Project):
        version = facts.data_version()
        sample(model).delete()
        assert facts.data_version() > version, model
        assert_all_current(model)


def test_activities_documents_and_contacts_move_the_data_version(world, personas):
    project, editor = world[0], personas["lyon"]
    partner = project.partners.first()
    items = [Activity(project=project, title="Mission", start_date=datetime.date(2024, 5, 1)),
             Document(project=project, title="Compte rendu", file="projects/2024/cr.pdf", uploaded_by=editor),
             Contact(partner=partner, name="Marie Tremblay", kind=Contact.Kind.PROFESSIONAL)]
    for item in items:
        version = facts.data_version()
        actions.save_item(item, project=project, by=editor)
        assert facts.data_version() > version, type(item)
        assert_all_current(type(item))


def test_a_piste_moved_to_another_axis_by_load_plan_moves_in_the_facts(tmp_path, lyon_commune):
    plan = load_plan().plan
    piste = Piste.objects.get(axis__plan=plan, code="dd-1")
    project = Project.objects.create(title="Écoquartiers", summary="Échanges", start_date=datetime.date(2009, 1, 1))
    project.pistes.add(piste)
    old_axis = piste.axis
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    source = next(axis for axis in data["axes"] if axis["slug"] == old_axis.slug)
    target = next(axis for axis in data["axes"] if axis["slug"] != old_axis.slug)
    moved = next(item for item in source["pistes"] if item["code"] == "dd-1")
    source["pistes"].remove(moved)
    target["pistes"].append(moved)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    version = facts.data_version()

    load_plan(path)

    new_axis = Axis.objects.get(plan=plan, slug=target["slug"])
    assert Piste.objects.get(pk=piste.pk).axis == new_axis
    assert list(PisteFacts.objects.filter(project=project).values_list("axis_id", flat=True)) == [new_axis.pk]
    assert stored(project.pk) == fresh(project.pk)
    assert facts.data_version() > version


@pytest.mark.parametrize("persona", [None, "lyon", "committee"])
def test_the_plan_counts_the_projects_of_a_piste_as_the_dashboard_does(client, personas, lyon_commune, persona):
    plan = load_plan().plan
    piste = Piste.objects.get(axis__plan=plan, code="dd-1")
    for n, (is_public, status) in enumerate([(True, "termine"), (False, "en_cours"), (True, "abandonne")]):
        project = Project.objects.create(title=f"P{n}", summary="s", start_date=datetime.date(2009, 1, 1),
                                         is_public=is_public, status=status)
        project.pistes.add(piste)
        if not is_public:
            Partner.objects.create(project=project, collectivity=lyon_commune)
    user = personas[persona] if persona else None
    if user:
        client.force_login(user)
    reader = user or AnonymousUser()
    dashboard = build_dashboard(reader, Filters(plan=plan))
    on_dashboard = next(row.counts for axis in dashboard.axes for row in axis.pistes if row.piste.pk == piste.pk)
    on_plan = pistes_with_progress(Piste.objects.filter(pk=piste.pk), reader).get()
    api = next(item for item in client.get(f"/api/v1/plans/{plan.slug}/pistes").json() if item["code"] == "dd-1")
    assert on_plan.project_count == on_dashboard.total == api["project_count"] == (3 if persona else 2)
    assert on_plan.abandoned_count == on_dashboard.by_status["abandonne"] == 1
    assert on_plan.done_count == on_dashboard.by_status["termine"] == 1
