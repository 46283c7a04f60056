"""The JSON API, /api/v1/: one django-ninja router per app, documented by OpenAPI."""
from ninja import NinjaAPI

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
