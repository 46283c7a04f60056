"""GET /api/v1/dashboard: the figures of the tableau de bord, with the page's filters.

The page and this endpoint both call `aggregates.build_dashboard`, so they cannot disagree."""
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from core.api import ErrorOut, Id, Slug
from projects.models import Project

from .aggregates import Dashboard, StatusCounts, build_dashboard
from .forms import SIDE_CHOICES, DashboardFilterForm
from .opendata import geojson, iati

router = Router(tags=["dashboard"])

RATE_RULE = (
    "Taux en vigueur au 1er janvier de l'année filtrée ; sans filtre d'année, taux en vigueur aujourd'hui ; "
    "à défaut de taux dans la table du secrétariat, convention du plan d'action (1 € = 1,50 $)."
)


class StatusCountsOut(Schema):
    total: int
    by_status: dict[str, int]


# Named apart from plan.api's PisteOut and AxisOut: the OpenAPI schema keys components by name.
class DashboardPisteOut(Schema):
    code: str
    text: str
    follow_up_status: str
    projects: StatusCountsOut


class DashboardAxisOut(Schema):
    slug: str
    title: str
    kind: str
    projects: StatusCountsOut  # distinct projects of the axis
    pistes: list[DashboardPisteOut]
    pistes_with_project: int
    pistes_by_status: dict[str, int]
    active_projects_by_year: dict[int, int]


class RateOut(Schema):
    cad_per_eur: Decimal
    valid_from: date | None  # null: the plan's convention
    reference_date: date
    is_plan_convention: bool
    rule: str


class CurrencyTotalOut(Schema):
    currency: str
    amount: Decimal
    lines: int
    projects: int


class SideBudgetOut(Schema):
    side: str  # "fr", "qc", or "" when the funder is unknown or not a collectivity
    eur: Decimal
    cad: Decimal
    total_in_eur: Decimal
    total_in_cad: Decimal


class BudgetsOut(Schema):
    by_currency: list[CurrencyTotalOut]
    total_in_eur: Decimal  # converted at `rate`
    total_in_cad: Decimal
    rate: RateOut
    by_side: list[SideBudgetOut]


class OutcomeOut(Schema):
    category: str
    indicators: int
    measured: int
    reached: int


class AttentionOut(Schema):
    total: int
    counts: dict[str, int]


class RegionOut(Schema):
    side: str
    region_id: int | None
    name: str
    partners: int
    projects: int


# Named apart from fund.api's FundEnvelopeOut (the OpenAPI schema keys components by name).
class DashboardFundEnvelopeOut(Schema):
    year: int
    side: str = Field(description="`fr` (en euros) ou `qc` (en dollars canadiens).")
    currency: str
    amount: Decimal
    committed: Decimal
    disbursed: Decimal
    remaining: Decimal


class FiltersOut(Schema):
    plan: str | None
    year: int | None
    side: str | None
    region: int | None
    theme: str | None
    status: str | None


class DashboardOut(Schema):
    filters: FiltersOut
    projects: StatusCountsOut
    projects_without_piste: int
    axes: list[DashboardAxisOut]
    years: list[int]
    pistes_without_project: list[str]
    budgets: BudgetsOut
    outcomes: list[OutcomeOut]
    attention: AttentionOut
    regions: list[RegionOut]
    fund: list[DashboardFundEnvelopeOut] = Field(
        description="Enveloppes du Fonds franco-québécois par année et par côté, chacune dans sa devise (filtres "
                    "d'année et de côté appliqués).")


# The formats the filter form accepts, so that the schema says them and django-ninja refuses
# the rest (422); what the form can still refuse is a plan, région or theme that does not exist.
DashboardSide = StrEnum("DashboardSide", {value: value for value, _label in SIDE_CHOICES if value})
_year = DashboardFilterForm.base_fields["year"]
Year = Annotated[int, Field(ge=_year.min_value, le=_year.max_value)]


class DashboardFilters(Schema):
    plan: Slug | None = Field(None, description="Identifiant du plan d'action (`2008-2010`) ; le plus récent sinon.")
    year: Year | None = Field(None, description="Projets actifs cette année-là.")
    side: DashboardSide | None = Field(None, description="`fr` ou `qc` : projets ayant un partenaire de ce côté.")
    region: Id | None = Field(None, description="Identifiant d'une région (ou région administrative) d'un partenaire.")
    theme: Slug | None = Field(None, description="Identifiant d'un thème, par exemple `tourisme`.")
    status: Project.Status | None = Field(None, description="État du projet.")


RESPONSES = {200: DashboardOut, 404: ErrorOut, 422: ErrorOut}


@router.get("", response=RESPONSES, summary="Tableau de bord du plan d'action",
            description="Les chiffres du tableau de bord sur les projets que l'appelant peut lire (les projets "
                        "publiés pour le public), avec les filtres de /tableau-de-bord/. Un filtre mal formé "
                        "donne une erreur 422, un plan, une région ou un thème inexistant une erreur 404, "
                        "chacune en français.")
@router.get("/", response=RESPONSES, include_in_schema=False)
def dashboard(request: HttpRequest, filters: Query[DashboardFilters]):
    """The dashboard's figures over the projects the caller may read (published ones for the
    public). Same filters as /tableau-de-bord/; a filter in the wrong format is a 422, a
    plan, région or theme that does not exist a 404, both naming it in French."""
    form = DashboardFilterForm(filters.model_dump(mode="json", exclude_none=True))
    if not form.is_valid():
        return Status(404, {
            "detail": _("Filtres inconnus : %(fields)s.") % {"fields": ", ".join(form.errors)},
            "errors": {field: [str(error) for error in errors] for field, errors in form.errors.items()},
        })
    return Status(200, payload(build_dashboard(request.user, form.filters())))


def _counts(counts: StatusCounts) -> dict:
    return {"total": counts.total, "by_status": counts.by_status}


def payload(board: Dashboard) -> dict:
    """The dashboard as plain data (what DashboardOut documents)."""
    filters, budgets, rate = board.filters, board.budgets, board.budgets.rate
    return {
        "filters": {
            "plan": filters.plan.slug if filters.plan else None, "year": filters.year, "side": filters.side,
            "region": filters.region.pk if filters.region else None, "theme": filters.theme,
            "status": filters.status,
        },
        "projects": _counts(board.overall),
        "projects_without_piste": board.unlinked,
        "axes": [
            {
                "slug": axis.axis.slug, "title": axis.axis.title, "kind": axis.axis.kind,
                "projects": _counts(axis.counts),
                "pistes": [
                    {"code": row.piste.code, "text": row.piste.text, "follow_up_status": row.piste.status,
                     "projects": _counts(row.counts)}
                    for row in axis.pistes
                ],
                "pistes_with_project": axis.pistes_with_project,
                "pistes_by_status": axis.pistes_by_status,
                "active_projects_by_year": axis.by_year,
            }
            for axis in board.axes
        ],
        "years": board.years,
        "pistes_without_project": [piste.code for piste in board.pistes_without_project],
        "budgets": {
            "by_currency": [total.__dict__ for total in budgets.by_currency],
            "total_in_eur": budgets.total_in_eur,
            "total_in_cad": budgets.total_in_cad,
            "rate": {
                "cad_per_eur": rate.cad_per_eur, "valid_from": rate.valid_from,
                "reference_date": rate.reference_date, "is_plan_convention": rate.is_plan_convention,
                "rule": RATE_RULE,
            },
            "by_side": [
                {"side": side.side, "eur": side.amounts.eur, "cad": side.amounts.cad,
                 "total_in_eur": side.amounts.in_eur(rate), "total_in_cad": side.amounts.in_cad(rate)}
                for side in budgets.by_side
            ],
        },
        "outcomes": [row.__dict__ for row in board.outcomes],
        "attention": {"total": board.attention.total, "counts": board.attention.counts},
        "regions": [row.__dict__ for row in board.regions],
        "fund": [
            {"year": row.year, "side": row.side, "currency": row.currency, "amount": row.amount,
             "committed": row.committed, "disbursed": row.disbursed, "remaining": row.remaining}
            for row in board.fund
        ],
    }


# Open data (dashboard/opendata): files for reuse, the same for every caller (published
# records only). Their bodies are XML and GeoJSON, documented by content type.
export_router = Router(tags=["Données ouvertes"])

GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]},
                           "geometry": {"type": ["object", "null"]}, "properties": {"type": "object"}}}},
    },
}


def _file_responses(content_type: str, description: str, schema: dict) -> dict:
    return {"responses": {200: {"description": description, "content": {content_type: {"schema": schema}}}}}


@export_router.get(
    "/iati.xml", url_name="export_iati", summary="Projets publiés et argent du Fonds au format IATI 2.03",
    description="Les projets publiés en activités IATI 2.03, avec les engagements et les versements du Fonds "
                "pour les demandes qui leur sont liées.",
    openapi_extra=_file_responses("application/xml", "Document `iati-activities` (IATI 2.03), une activité par "
                                  "projet publié.", {"type": "string"}))
def export_iati(request: HttpRequest):
    """The published projects as IATI 2.03 activities, with the fund's commitments and
    disbursements of the applications linked to them (dashboard/opendata/iati.py)."""
    return iati.response(iati.activities(request.build_absolute_uri))


@export_router.get(
    "/partners.geojson", url_name="export_partners",
    summary="Collectivités partenaires des projets publiés (GeoJSON)",
    openapi_extra=_file_responses(geojson.CONTENT_TYPE, "Un point par collectivité partenaire d'un projet publié, "
                                  "placé au chef-lieu de sa région.", GEOJSON_SCHEMA))
def export_partners(request: HttpRequest):
    return geojson.response(geojson.partners(request.build_absolute_uri))


@export_router.get(
    "/links.geojson", url_name="export_links", summary="Ententes et jumelages publiés (GeoJSON)",
    openapi_extra=_file_responses(geojson.CONTENT_TYPE, "Une ligne par entente ou jumelage publié, entre les "
                                  "régions de ses parties de chaque côté.", GEOJSON_SCHEMA))
def export_links(request: HttpRequest):
    return geojson.response(geojson.links(request.build_absolute_uri))
