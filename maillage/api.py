"""The JSON API, /api/v1/: one django-ninja router per app, documented by OpenAPI.

Every error is JSON in core.api.ErrorOut's shape: the 422 of a wrong parameter (below), the
404s and 300 of the routers, the 405 of a method an operation does not take (`api_view`),
and Django's 404, 403 and 500 under /api/ (maillage.views)."""
import json
from functools import partial, wraps

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from accounts.tokens import SCHEME, BearerToken
from core.api import conflict_body, form_errors_body, validation_error_body
from core.locking import VersionConflict
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



# The groups of the documentation, in this order, with their French names: a router's tag
# (its own, or the one named here when the router's is a code word) and what it holds.
TAGS = [
    ("Collectivités", None, "Le répertoire des collectivités des deux côtés, leur hiérarchie et leur histoire."),
    ("Plan d'action", "plan", "Les plans d'action, leurs axes et leurs pistes, avec leur avancement."),
    ("Projets", None, "Les projets de coopération, lus et écrits avec un jeton comme les pages."),
    ("Tableau de bord", "dashboard", "Les chiffres du tableau de bord du plan d'action."),
    ("Données ouvertes", None, "Ce qui est publié, en formats ouverts : IATI, GeoJSON."),
    ("Fonds franco-québécois", None, "Le Fonds franco-québécois pour la coopération décentralisée : appels, "
                                     "enveloppes, demandes."),
    ("Ententes", None, "Les ententes de coopération et leurs parties, lues et écrites avec un jeton."),
    ("Jumelages", None, "Les jumelages et pactes d'amitié, avec leurs comités, lus et écrits avec un jeton."),
    ("Bourse des partenariats", "matching", "Offres et demandes de partenariat, suggestions de partenaires."),
    ("Observatoire", None, "Les bonnes pratiques et la recherche en texte intégral."),
    ("Mobilité", None, "Les échanges et stages, et leur bilan."),
    ("Gouvernance", None, "Les réunions et événements des instances."),
]
TAG_NAMES = {code: name for name, code, _description in TAGS if code}


class _Schema(OpenAPISchema):
    """OpenAPI says a token is optional with an empty requirement beside it (`[{}, {jeton}]`),
    and every operation that reads a token may answer 401 (a token refused). Each operation
    is in one group of TAGS, by its French name."""

    def operation_details(self, operation):
        details = super().operation_details(operation)
        if details.get("tags"):
            details["tags"] = list(dict.fromkeys(TAG_NAMES.get(tag, tag) for tag in details["tags"]))
        return details

    def operation_security(self, operation):
        security = super().operation_security(operation)
        if security and all(getattr(auth, "optional", False) for auth in operation.auth_callbacks):
            security = [{}, *security]
        return security

    def responses(self, operation):
        responses = super().responses(operation)
        if operation.auth_callbacks and 401 not in operation.response_models:
            responses[401] = {
                "description": "Jeton d'API refusé (inconnu, révoqué ou expiré)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
            }
        return responses


class Docs(Swagger):
    """Swagger UI, served from the app (no CDN), in a page with a link back to the site."""

    template = "maillage/api_docs.html"


class MaillageAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = _Schema(self, path_prefix)
        schema["tags"] = [{"name": name, "description": description} for name, _code, description in TAGS]
        return schema


api = MaillageAPI(
    title="Maillage API",
    version="1",
    # Markdown, rendered at the top of /api/v1/docs.
    description=(
        "[← Revenir au site Maillage](/)\n\n"
        "API de la coopération décentralisée franco-québécoise. Les lectures sont publiques (ce qui "
        "est publié) ; muni d'un jeton d'API (`Authorization: Bearer <jeton>`), l'appel lit et écrit "
        "avec les droits de son titulaire, comme les pages. Une écriture envoie la `version` lue : "
        "si l'enregistrement a changé depuis, elle répond 409. Toute erreur répond en JSON "
        "`{\"detail\": …}` (ErrorOut) ; une valeur hors des bornes du schéma (par exemple `limit` de "
        "1 à 500, `offset` de 0 à 1 000 000) ou refusée par la validation répond 422 en nommant le "
        "paramètre ou le champ en cause.\n\n"
        "Les opérations sont groupées par domaine, comme les pages du site ; le schéma OpenAPI est à "
        "[/api/v1/openapi.json](/api/v1/openapi.json)."
    ),
    urls_namespace="api",
    docs=Docs(),
    # Every operation reads a token if one is sent; writes require it (their own `auth`).
    auth=BearerToken(optional=True),
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


def _body(request) -> dict:
    """The JSON body's fields, when it is a JSON object (for the wording of a 422)."""
    if request.content_type != "application/json":
        return {}
    try:
        body = json.loads(request.body) if request.body else {}
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@api.exception_handler(ValidationError)
def french_validation_error(request, exc: ValidationError):
    """Ninja's validation messages are English; say in French which parameter is wrong."""
    given = {**_body(request), **(request.resolver_match.kwargs if request.resolver_match else {}),
             **request.GET.dict()}
    return api.create_response(request, validation_error_body(exc.errors, given), status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja's own HttpErrors, in French where ninja words them (a body that is not JSON)."""
    detail = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        detail = _("Corps de la requête illisible : un objet JSON est attendu.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def token_refused(request, exc: AuthenticationError):
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = SCHEME
    return response


# The pages' access helpers and actions raise Django's exceptions, with French messages.
@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or _("Accès refusé à cette ressource.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or _("Aucune ressource à cette adresse.")}, status=404)


@api.exception_handler(VersionConflict)
def version_conflict(request, exc: VersionConflict):
    return api.create_response(request, conflict_body(exc), status=409)


@api.exception_handler(DjangoValidationError)
def invalid_record(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, form_errors_body(errors), status=422)


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
            # Ninja lists them from a set: in a stable order here.
            allowed = ", ".join(sorted(method.strip() for method in response["Allow"].split(",")))
            response = JsonResponse({"detail": _(
                "Méthode %(method)s non permise à cette adresse (permises : %(allowed)s)."
            ) % {"method": request.method, "allowed": allowed}}, status=405)
            response["Allow"] = allowed
        return response
    return wrapper
