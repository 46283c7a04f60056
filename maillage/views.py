from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


@login_not_required
def home(request):
    return render(request, "home.html")


# Django's error views, except under /api/ where every answer is JSON (core.api.ErrorOut).
def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(_("Requête invalide."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(_("Accès refusé à cette ressource."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(_("Aucune ressource de l'API à l'adresse « %(path)s ».") % {"path": request.path}, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(_("Erreur interne du serveur."), 500)
    return defaults.server_error(request)
