from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.template import loader
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


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused form (expired page, cookie refused, another site) gets
    the layout's French 403 with what to do, not Django's English page. `reason` is
    Django's technical one, in English: not shown."""
    message = _(
        "Le formulaire n'a pas pu être vérifié : la page était peut-être ouverte depuis trop "
        "longtemps, ou les cookies de ce site sont bloqués. Rechargez la page, puis renvoyez le formulaire."
    )
    if _is_api(request):
        return _api_error(message, 403)
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render({"exception": message}, request))
