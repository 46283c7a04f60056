from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from dashboard.report import annual_report
from dashboard.views_space import space
from governance.calendar import calendar_feed

from . import views
from .api import api, api_view


def _public(patterns):
    """The API does its own access checks (anonymous users read what is published)."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _public(pattern.url_patterns)
        else:
            pattern.callback = login_not_required(api_view(pattern.callback))
    return patterns


# Under /api/ these answer JSON; elsewhere Django's pages.
handler400 = "maillage.views.bad_request"
handler403 = "maillage.views.permission_denied"
handler404 = "maillage.views.page_not_found"
handler500 = "maillage.views.server_error"

api_urls, api_app_name, api_namespace = api.urls
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links (base.html: the SVG itself).
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("maillage/favicon.svg"))), name="favicon"),
    path("admin/", admin.site.urls),
    path("comptes/", include("accounts.urls")),
    path("collectivites/", include("territories.urls")),
    path("plan/", include("plan.urls")),
    path("projets/", include("projects.urls")),
    path("tableau-de-bord/", include("dashboard.urls")),
    path("mon-espace/", space, name="space"),
    path("fonds/", include("fund.urls")),
    path("ententes-jumelages/", include("registry.urls")),
    path("partenaires/", include("matching.urls")),
    path("observatoire/", include("observatory.urls")),
    path("mobilite/", include("mobility.urls")),
    path("gouvernance/", include("governance.urls")),
    path("calendrier.ics", calendar_feed, name="calendar"),
    path("rapport-annuel/<int:year>.pdf", annual_report, name="annual_report"),
    path("api/v1/", include((_public(api_urls), api_app_name), namespace=api_namespace)),
    # Anyone, logged in or not, may choose the language and formats (fr, fr-ca, en).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
