"""The site's routes plus two that fail on purpose (test_error_pages.py)."""
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import path

from maillage.urls import handler400, handler403, handler404, handler500, urlpatterns as site_patterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def refuse(request):
    raise PermissionDenied("Seul le secrétariat modifie ce plan.")


@login_not_required
def break_down(request):
    raise RuntimeError("panne voulue par le test")


urlpatterns = [
    *site_patterns,
    path("essai/refus/", refuse),
    path("essai/panne/", break_down),
]
