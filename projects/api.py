"""/api/v1/projects: projects as the pages show them, through the same QuerySets.

Anonymous callers read published projects; a logged-in user (session) reads what
`Project.objects.visible_to` gives them. Draft measurements are never published here.
"""
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from core.api import ErrorOut, Id, Limit, Page, Text
from territories.models import Side

from .forms import listed_facts
from .listing import ProjectRow, rows, rows_of
from .models import Activity, Indicator, Measurement, Project

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


@router.get("/{int:project_id}", response={200: ProjectDetail, 404: ErrorOut, 422: ErrorOut}, summary="Un projet")
def get_project(request: HttpRequest, project_id: Id = Path(..., description="Numéro du projet.")):
    project = Project.objects.visible_to(request.user).prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("start_date")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("territory").prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.approved().order_by("period_start")))),
    ).filter(pk=project_id).first()
    if project is None:
        raise HttpError(404, _("Aucun projet visible ne porte le numéro %(id)s.") % {"id": project_id})
    return {
        **_item(rows(Project.objects.filter(pk=project.pk))[0]), "description": project.description,
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
