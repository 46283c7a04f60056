"""Pages of the registry that read across records: complementarity, growth of twinning
(with the invitation list) and the map. Public for what is published (visible_to); the
invitation list, which carries contacts, is for the secretariat and the committees."""
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.http import urlencode

from core.exports import export_response
from projects.facts import cached

from . import complementarity, geo, growth
from .forms_insights import ComplementarityForm
from .models import Agreement, Twinning, reader_scope


@login_not_required
def complementarity_view(request):
    form = ComplementarityForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    return render(request, "registry/complementarity_page.html", {
        "form": form, "results": _complementarity_html(request.user, chosen) if chosen else None,
        "collectivity": chosen.get("collectivity"), "theme": chosen.get("theme"),
    })


def _complementarity_html(user, chosen: dict) -> str:
    """The results, rendered, cached for the readers of the same records until the data
    version moves: a région's page lists 20 + 20 links and 25 overlaps, 80–130 ms of
    template rendering measured on the loaded development machine, 10 ms from the cache."""
    collectivity, theme = chosen.get("collectivity"), chosen.get("theme")
    if collectivity:
        area = complementarity.area_of(collectivity)
        subject = "area=" + ",".join(map(str, area))

        def compute():
            region = complementarity.region_of(collectivity, area)  # for the link to the lists
            query = urlencode({"region": f"{region.side}:{region.code}"}) if region else ""
            return complementarity.for_area(area, user), query
    else:
        subject = f"theme={theme.pk}"

        def compute():
            return complementarity.for_theme(theme, user), urlencode({"theme": theme.slug})

    def render():
        result, list_query = compute()
        return render_to_string("registry/complementarity_results.html",
                                {"result": result, "theme": theme, "list_query": list_query})

    return cached(f"registry-complementarity:1:{reader_scope(user)}:{get_language()}:{subject}", render)

REVIVE_PAGE_SIZE = 50


@login_not_required
def growth_view(request):
    twinnings = Twinning.objects.visible_to(request.user)
    key = f"registry-growth:1:{reader_scope(request.user)}"
    figures = cached(key, lambda: {
        "years": growth.per_year(twinnings),
        "french_regions": growth.per_region(twinnings, "french"),
        "quebec_regions": growth.per_region(twinnings, "quebec"),
        "revive_count": growth.to_revive(twinnings).count(),
    })
    to_revive = CachedRows(figures["revive_count"], growth.to_revive(twinnings), key)
    return render(request, "registry/growth_page.html", {
        **figures,
        "to_revive": Paginator(to_revive, REVIVE_PAGE_SIZE).get_page(request.GET.get("page")),
        "dormant_after": growth.DORMANT_AFTER_YEARS,
        "can_invite": can_read_contacts(request.user),
    })


class CachedRows:
    """Rows for a Paginator whose count is known and whose pages are cached with the
    figures (until the data version moves): sorting the thousands of twinnings to revive
    for each page took most of the growth page's time at national scale."""

    def __init__(self, count: int, rows, key: str):
        self.total, self.rows, self.key = count, rows, key

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice):
        return cached(f"{self.key}:rows={window.start}-{window.stop}", lambda: list(self.rows[window]))


def can_read_contacts(user) -> bool:
    """Contacts of twinning committees are for the secretariat and the committees only."""
    return user.is_authenticated and user.can_read_unpublished


def invitations_view(request, fmt):
    if not can_read_contacts(request.user):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = growth.invitations(Twinning.objects.visible_to(request.user))
    return export_response(rows, growth.invitation_columns(), "jumelages-invitations", fmt)


@login_not_required
def map_view(request):
    points = cached(f"registry-map:1:{reader_scope(request.user)}", lambda: geo.figures(
        Agreement.objects.visible_to(request.user), Twinning.objects.visible_to(request.user)))
    return render(request, "registry/map_page.html", {
        "france": points["fr"], "quebec": points["qc"],
        "width": geo.PANEL_WIDTH, "height": geo.PANEL_HEIGHT,
    })
