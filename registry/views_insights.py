"""Pages of the registry that read across records: complementarity, growth of twinning
(with the invitation list) and the map. Public for what is published (visible_to); the
invitation list, which carries contacts, is for the secretariat and the committees."""
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from core.exports import export_response

from . import complementarity, geo, growth
from .forms_insights import ComplementarityForm
from .models import Agreement, Twinning


@login_not_required
def complementarity_view(request):
    form = ComplementarityForm(request.GET or None)
    result = None
    if form.is_valid():
        if form.cleaned_data.get("collectivity"):
            area = complementarity.area_of(form.cleaned_data["collectivity"])
            result = complementarity.for_area(area, request.user)
        else:
            result = complementarity.for_theme(form.cleaned_data["theme"], request.user)
    chosen = form.cleaned_data if result else {}
    return render(request, "registry/complementarity_page.html", {
        "form": form, "result": result,
        "collectivity": chosen.get("collectivity"), "theme": chosen.get("theme"),
    })


@login_not_required
def growth_view(request):
    twinnings = Twinning.objects.visible_to(request.user)
    return render(request, "registry/growth_page.html", {
        "years": growth.per_year(twinnings),
        "french_regions": growth.per_region(twinnings, "french"),
        "quebec_regions": growth.per_region(twinnings, "quebec"),
        "to_revive": growth.to_revive(twinnings),
        "dormant_after": growth.DORMANT_AFTER_YEARS,
        "can_invite": can_read_contacts(request.user),
    })


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
    points = geo.figures(Agreement.objects.visible_to(request.user), Twinning.objects.visible_to(request.user))
    return render(request, "registry/map_page.html", {
        "france": points["fr"], "quebec": points["qc"],
        "width": geo.PANEL_WIDTH, "height": geo.PANEL_HEIGHT,
    })
