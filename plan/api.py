"""/api/v1/plans: the action plans and their pistes, with the same counts as the pages
(projects the caller may see: published ones for the public)."""
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from ninja.errors import HttpError

from core.api import ErrorOut, Slug

from .figures import pistes_with_progress, plans_with_counts
from .models import Piste, Plan

router = Router(tags=["plan"])


class PlanOut(Schema):
    slug: str
    title: str
    start_year: int
    end_year: int
    axis_count: int
    piste_count: int
    project_count: int


class AxisOut(Schema):
    slug: str
    title: str
    kind: str


class PisteOut(Schema):
    axis: AxisOut
    code: str
    heading: str
    text: str
    status: str
    status_label: str
    responsible_body: str
    project_count: int
    progress: int | None
    progress_explanation: str

    @staticmethod
    def resolve_status_label(piste) -> str:
        return str(piste.get_status_display())

    @staticmethod
    def resolve_progress_explanation(piste) -> str:
        return piste.progress_explanation()


@router.get("", response=list[PlanOut], summary="Plans d'action")
def list_plans(request):
    return list(plans_with_counts(request.user))


@router.get("/{slug}/pistes", response={200: list[PisteOut], 404: ErrorOut, 422: ErrorOut},
            summary="Pistes d'un plan avec leur avancement")
def list_pistes(request, slug: Slug = Path(..., description="Identifiant du plan.", examples=["2008-2010"])):
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise HttpError(404, _("Plan d'action « %(slug)s » introuvable.") % {"slug": slug})
    return list(pistes_with_progress(Piste.objects.for_plan(plan), request.user))
