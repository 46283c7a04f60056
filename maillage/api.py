"""The JSON API, /api/v1/: one django-ninja router per app, documented by OpenAPI.

Every error is JSON in core.api.ErrorOut's shape: the 422 of a wrong parameter (below), the
404s and 300 of the routers, the 405 of a method an operation does not take (`api_view`),
and Django's 404, 403 and 500 under /api/ (maillage.views)."""
from functools import partial, wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from core.api import validation_error_body
from dashboard.api import export_router
from dashboard.api import router as dashboard_router
from fund.api import router as fund_router
from governance.api import router as governance_router
from matching.api import router as matching_router
from mobility.api import router as mobility_router
from observatory.api import router as observatory_router
from plan.api import router as plan_router
from projects.api import router as projects_router
from registry.api import agreements_router, twinnings_router
from territories.api import router as territories_router

api = NinjaAPI(
    title="Maillage API",
    version="1",
    description=(
        "API de la coopération décentralisée franco-québécoise (lecture). Toute erreur répond "
        "en JSON `{\"detail\": …}` (ErrorOut) ; une valeur hors des bornes du schéma (par "
        "exemple `limit` de 1 à 500, `offset` de 0 à 1 000 000) répond 422 en nommant le "
        "paramètre en cause."
    ),
    urls_namespace="api",
)
api.add_router("/collectivities", territories_router)
api.add_router("/plans", plan_router)
api.add_router("/projects", projects_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("/export", export_router)
api.add_router("/fund", fund_router)
api.add_router("/agreements", agreements_router)
api.add_router("/twinnings", twinnings_router)
api.add_router("/matching", matching_router)
api.add_router("/", observatory_router)
api.add_router("/mobility", mobility_router)
api.add_router("/", governance_router)


@api.exception_handler(ValidationError)
def french_validation_error(request, exc: ValidationError):
    """Ninja's validation messages are English; say in French which parameter is wrong."""
    given = {**(request.resolver_match.kwargs if request.resolver_match else {}), **request.GET.dict()}
    return api.create_response(request, validation_error_body(exc.errors, given), status=422)


def api_view(view):
    """An API URL's view: ninja answers a method no operation takes with an empty 405;
    say it in JSON, keeping the Allow header. Its schema and docs views (partials, which
    tests read the API from) take any method and are left as they are."""
    if isinstance(view, partial):
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = JsonResponse({"detail": _(
                "Méthode %(method)s non permise à cette adresse (permises : %(allowed)s)."
            ) % {"method": request.method, "allowed": allowed}}, status=405)
            response["Allow"] = allowed
        return response
    return wrapper
