"""The JSON API, /api/v1/: one django-ninja router per app, documented by OpenAPI."""
from ninja import NinjaAPI
from ninja.errors import ValidationError

from dashboard.api import router as dashboard_router
from plan.api import router as plan_router
from projects.api import router as projects_router
from territories.api import router as territories_router

api = NinjaAPI(
    title="Maillage API",
    version="1",
    description="API de la coopération décentralisée franco-québécoise (lecture).",
    urls_namespace="api",
)
api.add_router("/collectivities", territories_router)
api.add_router("/plans", plan_router)
api.add_router("/projects", projects_router)
api.add_router("/dashboard", dashboard_router)


@api.exception_handler(ValidationError)
def french_validation_error(request, exc: ValidationError):
    """Ninja's validation messages are English; say in French which parameter is wrong."""
    problems = [
        f"paramètre « {error['loc'][-1]} » ({error['loc'][0]}) : valeur invalide"
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": " ; ".join(problems), "errors": exc.errors}, status=422)
