"""/api/v1/projects: projects as the pages show them, through the same QuerySets, and
written as the pages write them, through the same forms, access helpers and actions.

Anonymous callers read published projects; a caller with a token (or a session) reads what
`Project.objects.visible_to` gives them. Draft measurements are never published here.
Writes take a token (accounts.tokens) and the permissions of its holder (projects/access.py):
404 for a project they cannot see, 403 for one they cannot change, 409 for a stale version.
"""
from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from accounts.tokens import BearerToken
from core.api import NO_NUL, ConflictOut, ErrorOut, Id, IsoDate, Limit, Page, PlanItem, Text, form_errors_body
from territories.models import Side

from . import actions
from .access import can_create_project, get_project_for_user
from .forms import ProjectApiForm, ProjectCreateApiForm, listed_facts
from .listing import ProjectRow, rows, rows_of
from .models import Activity, Indicator, Measurement, Partner, Project

router = Router(tags=["Projets"])

class PartnerOut(Schema):
    side: str = Field(description="`fr`, `qc`, ou `other` (collectivité étrangère ou organisation).")
    kind: str = Field(description="Type de collectivité (`commune`, `mrc`…) ou d'organisation (`entreprise`…).")
    code: str | None = Field(description="Code officiel de la collectivité ; `null` pour une organisation.")
    name: str
    role: str = Field(description="`chef_de_file`, `partenaire`, `coordinateur_regional` ou `financeur`.")


class ThemeOut(Schema):
    slug: str
    title: str


class ProjectItem(Schema):
    id: int
    title: str
    summary: str
    status: str = Field(description="`prevu`, `en_cours`, `suspendu`, `termine` ou `abandonne`.")
    start_date: date
    end_date: date | None
    pistes: list[str] = Field(description="Codes des pistes du plan servies par le projet.")
    themes: list[ThemeOut]
    partners: list[PartnerOut]
    budget: dict[str, Decimal] = Field(description="Total des lignes budgétaires par devise (EUR, CAD), jamais converti.")
    is_public: bool


class ProjectPage(Schema):
    count: int = Field(description="Nombre total de projets qui répondent aux filtres.")
    items: list[ProjectItem]


class MeasurementOut(Schema):
    period_start: date
    period_end: date
    value: Decimal


class IndicatorOut(Schema):
    name: str
    category: str = Field(description="`economique`, `social`, `culturel` ou `environnemental`.")
    unit: str
    baseline: Decimal
    target: Decimal
    territory: str = Field(description="« côté:code » du territoire où la retombée est mesurée.")
    measurements: list[MeasurementOut] = Field(description="Mesures approuvées par le secrétariat.")


class ActivityOut(Schema):
    kind: str = Field(description="`activite` ou `jalon`.")
    title: str
    start_date: date
    end_date: date | None
    status: str


class ProjectDetail(ProjectItem):
    description: str
    version: int = Field(description="Version du projet, à renvoyer pour le modifier (PUT).")
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]


class ProjectFilters(Page):
    piste: Text | None = Field(None, description="Code d'une piste, par exemple `dd-1`.")
    theme: Text | None = Field(None, description="Identifiant d'un thème, par exemple `tourisme`.")
    status: Project.Status | None = Field(None, description="État du projet.")
    side: Side | None = Field(None, description="`fr`, `qc` ou `other` : a un partenaire de ce côté.")
    collectivity: Text | None = Field(None, description="Code d'une collectivité partenaire, ou `côté:code` (`qc:37067`).")
    year: int | None = Field(None, ge=1900, le=2200, description="Actif pendant cette année.")
    q: Text | None = Field(None, description=(
        "Mots du titre ou du résumé, tous présents, sans égard aux accents ni aux majuscules "
        "(`ecole` trouve « École »), y compris au sein d'un mot plus long (`eau` trouve « réseau »)."))
    limit: Limit = 100


def _item(project: ProjectRow) -> dict:
    return {
        "id": project.pk, "title": project.title, "summary": project.summary, "status": project.status,
        "start_date": project.start_date, "end_date": project.end_date, "pistes": project.pistes,
        "themes": [{"slug": slug, "title": title} for slug, title in project.themes],
        "partners": [vars(partner) for partner in project.partners],
        "budget": project.budget, "is_public": project.is_public,
    }


@router.get("", response={200: ProjectPage, 422: ErrorOut}, summary="Projets, filtrés")
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]):
    """Projets visibles par l'appelant (publiés pour le public), du plus récent au plus ancien."""
    data = filters.dict()
    facts = listed_facts(request.user, data)
    count = facts.count()
    # Past the last project there is nothing to read: no second scan of the filtered set.
    page = rows_of(facts, filters.offset, filters.offset + filters.limit) if filters.offset < count else []
    return {"count": count, "items": [_item(project) for project in page]}


def _detail(user, project_id: int) -> dict:
    project = Project.objects.visible_to(user).prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("start_date")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("territory").prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.approved().order_by("period_start")))),
    ).filter(pk=project_id).first()
    if project is None:
        raise HttpError(404, _("Aucun projet visible ne porte le numéro %(id)s.") % {"id": project_id})
    return {
        **_item(rows(Project.objects.filter(pk=project.pk))[0]), "description": project.description,
        "version": project.version,
        "activities": [
            {"kind": a.kind, "title": a.title, "start_date": a.start_date, "end_date": a.end_date, "status": a.status}
            for a in project.activities.all()],
        "indicators": [
            {"name": i.name, "category": i.category, "unit": i.unit, "baseline": i.baseline, "target": i.target,
             "territory": f"{i.territory.side}:{i.territory.code}",
             "measurements": [{"period_start": m.period_start, "period_end": m.period_end, "value": m.value}
                              for m in i.measurements.all()]}
            for i in project.indicators.all()],
    }


@router.get("/{int:project_id}", response={200: ProjectDetail, 404: ErrorOut, 422: ErrorOut}, summary="Un projet")
def get_project(request: HttpRequest, project_id: Id = Path(..., description="Numéro du projet.")):
    return _detail(request.user, project_id)


# What a write sends: the fields of the project's page form (ProjectForm), named alike.
Title = Annotated[str, Field(min_length=1, max_length=250, pattern=NO_NUL)]
Summary = Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
Description = Annotated[str, Field(pattern=NO_NUL)]
CollectivityName = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


class ProjectFieldsIn(Schema):
    title: Title = Field(description="Titre.", examples=["Jumelage des médiathèques"])
    summary: Summary = Field(description="Résumé, en une phrase ou deux.",
                             examples=["Échanges de pratiques entre bibliothécaires."])
    description: Description = Field("", description="Description.")
    pistes: list[PlanItem] = Field(default_factory=list, max_length=100, description=(
        "Pistes du plan servies, par code (`dd-1`), ou `plan:code` (`2008-2010:dd-1`) si plusieurs plans "
        "ont ce code."), examples=[["dd-1"]])
    themes: list[PlanItem] = Field(default_factory=list, max_length=100, description=(
        "Thèmes, par identifiant (`tourisme`), ou `plan:identifiant`."), examples=[[]])
    start_date: IsoDate = Field(description="Début (AAAA-MM-JJ).", examples=["2025-03-01"])
    end_date: IsoDate | None = Field(None, description="Fin (AAAA-MM-JJ), pas avant le début ; `null` si ouverte.")
    status: Project.Status = Field(Project.Status.PLANNED, description="État du projet.")


class ProjectCreateIn(ProjectFieldsIn):
    collectivity: CollectivityName = Field(examples=["69123"], description=(
        "Collectivité porteuse, par son code officiel (`69123`) ou `côté:code` (`qc:37067`) : l'une de "
        "celles dont le titulaire du jeton est éditeur (le secrétariat : toute collectivité en vigueur)."))
    role: Partner.Role = Field(Partner.Role.LEAD, description="Rôle de la collectivité porteuse dans le projet.")


class ProjectUpdateIn(ProjectFieldsIn):
    """Every field of the project, none left out: a replacement says every value (an
    omitted `status` must not quietly become `prevu`)."""

    description: Description = Field(description="Description (`\"\"` pour aucune).")
    pistes: list[PlanItem] = Field(max_length=100, description="Pistes du plan servies (`[]` pour aucune).",
                                   examples=[["dd-1"]])
    themes: list[PlanItem] = Field(max_length=100, description="Thèmes (`[]` pour aucun).", examples=[[]])
    end_date: IsoDate | None = Field(description="Fin (AAAA-MM-JJ), pas avant le début ; `null` si ouverte.")
    status: Project.Status = Field(description="État du projet.")
    version: int = Field(ge=0, le=2**31 - 1, description=(
        "Version lue (`version` de GET /projects/{project_id}) : si le projet a changé depuis, 409."))


def _form_data(payload: Schema) -> dict:
    data = payload.dict()
    data["start_date"] = data["start_date"].isoformat()
    data["end_date"] = data["end_date"].isoformat() if data["end_date"] else ""
    return data


# 400: a body that is not JSON.
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.post("", auth=BearerToken(), response={201: ProjectDetail, **WRITE_ERRORS},
             summary="Créer un projet")
def create_project(request: HttpRequest, payload: ProjectCreateIn):
    """Crée un projet, non publié, avec la collectivité porteuse pour premier partenaire, comme le
    formulaire « Nouveau projet » : le secrétariat pour toute collectivité, un éditeur pour l'une des
    siennes (sinon 403). Une valeur refusée répond 422 en nommant le champ."""
    if not can_create_project(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat créent des projets."))
    form = ProjectCreateApiForm(_form_data(payload))
    if not form.is_valid():
        return Status(422, form_errors_body(form.errors))
    project = actions.create_project(by=request.user, **form.cleaned_data)
    return Status(201, _detail(request.user, project.pk))


@router.put("/{int:project_id}", auth=BearerToken(),
            response={200: ProjectDetail, 404: ErrorOut, 409: ConflictOut, **WRITE_ERRORS},
            summary="Modifier un projet")
def update_project(request: HttpRequest, payload: ProjectUpdateIn,
                   project_id: Id = Path(..., description="Numéro du projet.")):
    """Remplace les champs du projet, comme son formulaire « Modifier » : le secrétariat, ou un
    éditeur d'une collectivité partenaire (sinon 403 ; 404 pour un projet qu'il ne voit pas). La
    `version` lue est exigée : si le projet a changé depuis, 409 dit ce qui a changé et par qui,
    avec la version actuelle (`current_version`). La publication se demande à part."""
    project = get_project_for_user(request.user, project_id, write=True)
    form = ProjectApiForm(_form_data(payload), instance=project)
    if not form.is_valid():
        return Status(422, form_errors_body(form.errors))
    actions.update_project(project, by=request.user, **form.cleaned_data)
    return Status(200, _detail(request.user, project.pk))
