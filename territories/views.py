from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.collation import french
from core.exports import export_response
from core.locking import save_form

from . import picker
from .access import get_collectivity_for_user
from .sections import sections_for
from .forms import CollectivityEditForm, CollectivityFilterForm
from .models import Collectivity, Succession

PAGE_SIZE = 50
CHILDREN_PAGE_SIZE = 50


def detail_url(collectivity: Collectivity) -> str:
    """The page of this record; a former one needs `?id=` as a current record may share its code."""
    url = reverse(
        "territories:detail", args=[collectivity.side, collectivity.kind, collectivity.code]
    )
    return url if collectivity.is_current else f"{url}?id={collectivity.pk}"


@login_not_required
def collectivity_list(request):
    form = CollectivityFilterForm(request.GET)
    form.is_valid()  # the valid filters apply; errors are shown beside their field
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        rows = form.results().iterator(chunk_size=2000)
        return export_response(rows, EXPORT_COLUMNS, "collectivites", fmt)
    facets = form.facets()
    paginator = Paginator(form.results(), PAGE_SIZE)
    paginator.count = facets.total  # counted with the facets: no second scan of the rows
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "facets": facets}
    if request.htmx:
        context["side_changed"] = _side_of(request.htmx.current_url) != form.chosen_side
        return render(request, "territories/collectivity_list.html#results", context)
    return render(request, "territories/collectivity_list.html", context)


EXPORT_COLUMNS = [
    (gettext_lazy("Côté"), lambda c: c.side),
    (gettext_lazy("Type"), lambda c: c.kind_label),
    (gettext_lazy("Code"), lambda c: c.code),
    (gettext_lazy("Nom"), lambda c: c.name),
    (gettext_lazy("Désignation"), lambda c: c.designation),
    (gettext_lazy("Région"), lambda c: c.region.name if c.region_id else ""),
    (gettext_lazy("Population"), lambda c: c.population),
    (gettext_lazy("En vigueur jusqu'au"), lambda c: c.valid_until),
]


def _side_of(url: str | None) -> str:
    """The side filter of the page the browser shows, to know whether the régions change."""
    return parse_qs(urlsplit(url or "").query).get("side", [""])[0]


@login_not_required
def collectivity_detail(request, side, kind, code):
    collectivity = get_collectivity_for_user(request, side, kind, code)
    children = collectivity.children.current()
    child_counts = [
        {"label": Collectivity(side=row["side"], kind=row["kind"]).kind_label, **row}
        for row in children.values("side", "kind").annotate(n=Count("pk")).order_by("kind", "side")
    ]
    children_page = None
    if child_counts:
        ordered = children.only("side", "kind", "code", "name", "population", "valid_until").by_population()
        children_page = Paginator(ordered, CHILDREN_PAGE_SIZE).get_page(request.GET.get("page"))
    successions = Succession.objects.filter(
        Q(predecessor=collectivity) | Q(successor=collectivity)
    ).select_related("predecessor", "successor").order_by("-date")
    context = {
        "collectivity": collectivity,
        "parents": collectivity.parents.order_by("kind", french("name")),
        "child_counts": child_counts,
        "children_page": children_page,
        "successors": [s for s in successions if s.predecessor_id == collectivity.pk],
        "predecessors": [s for s in successions if s.successor_id == collectivity.pk],
        "versions": Collectivity.objects.filter(side=side, kind=kind, code=code)
        .exclude(pk=collectivity.pk)
        .order_by(F("valid_until").desc(nulls_first=True)),
        "can_edit": request.user.is_authenticated
        and request.user.can_edit_collectivity(collectivity),
        "sections": sections_for(collectivity, request.user),
    }
    return render(request, "territories/collectivity_detail.html", context)


def collectivity_edit(request, side, kind, code):
    collectivity = get_collectivity_for_user(request, side, kind, code, write=True)
    form = CollectivityEditForm(request.POST or None, instance=collectivity)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("Les informations de %(name)s sont enregistrées.") % {"name": collectivity.name})
        return redirect(detail_url(collectivity))
    return render(request, "territories/collectivity_edit.html", {"collectivity": collectivity, "form": form})


@login_not_required
def picker_choices(request):
    """The <option>s of a picker's <datalist> (territories.picker): the current
    collectivities whose name matches what is typed in the field named `field`."""
    typed = request.GET.get(request.GET.get("field", ""), "") or request.GET.get("q", "")
    return render(request, "territories/picker_choices.html",
                  {"choices": picker.choices(typed[:100], request.GET.get("side", ""))})
