"""Refuse a request whose body is too large before anything reads it."""
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Room for a form's other fields and the multipart boundaries around the largest file
# accepted, so that a file just over the limit still gets the form's own message.
FORM_MARGIN = 1024 * 1024


class RequestSizeLimitMiddleware:
    """Answers 413 when Content-Length announces more than `MAX_UPLOAD_SIZE` plus a margin.

    Django reads a multipart body in full (to disk) before a form can refuse its file;
    this stops it at the headers. It sits right after SecurityMiddleware, before the
    session and CSRF middlewares, which may read the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_UPLOAD_SIZE + FORM_MARGIN
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django itself treats a malformed Content-Length as no body
        if length > limit:
            return too_large(request, settings.MAX_UPLOAD_SIZE)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer, in the API's JSON shape under /api/, as a page elsewhere."""
    message = _("La requête dépasse la taille maximale acceptée (%(size)s par fichier).") % {
        "size": filesizeformat(limit)}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(render_to_string("core/request_too_large.html", {"message": message}), status=413)
