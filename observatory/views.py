"""The observatory's pages: practices (list, detail, writing and the publication steps),
their exports and the search."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response
from core.locking import VersionConflict, save_form
from projects.models import Project

from . import actions, search
from .access import can_create, edit_refusal, get_draft_for_user, get_practice_for_user, get_review_for_secretariat
from .exports import COLUMNS
from .forms import PracticeFilterForm, PracticeForm, SearchForm, SendBackForm, StepForm
from .models import Practice

PAGE_SIZE = 20


def _filtered(request):
    form = PracticeFilterForm(request.GET)
    practices = Practice.objects.visible_to(request.user)
    return form, (form.filter(practices) if form.is_valid() else practices)


@login_not_required
def practice_list(request):
    form, practices = _filtered(request)
    page = Paginator(practices.for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "observatory/practice_list.html", {
        "form": form, "page": page, "query": query, "can_create": can_create(request.user)})


@login_not_required
def practice_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Format d'export inconnu."))
    _form, practices = _filtered(request)
    return export_response(practices.for_list(), COLUMNS, "bonnes-pratiques", fmt)


@login_not_required
def practice_detail(request, pk):
    practice = get_practice_for_user(request.user, pk)
    return render(request, "observatory/practice_detail.html", {
        "practice": practice, "can_edit": edit_refusal(request.user, practice) is None,
        "collectivities": practice.collectivities.all(),
        "projects": Project.objects.visible_to(request.user).filter(practices=practice),
        "can_publish": request.user.is_authenticated and request.user.is_secretariat
        and practice.status == Practice.Status.REVIEW,
        "send_back_form": SendBackForm()})


def practice_create(request, project_pk=None):
    if not can_create(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat écrivent une pratique."))
    initial = {}
    if project_pk is not None:
        project = _finished_project(request.user, project_pk)
        initial = actions.initial_from_project(project)
    form = PracticeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        practice = actions.create_practice(by=request.user, data=form.data_fields(),
                                           collectivities=form.cleaned_data["collectivity_codes"],
                                           projects=initial.get("projects", ()))
        messages.success(request, _("Le brouillon « %(title)s » est créé.") % {"title": practice.title})
        return redirect(practice)
    return render(request, "observatory/practice_form.html", {"form": form, "project": initial.get("projects")})


def _finished_project(user, pk) -> Project:
    try:
        project = Project.objects.visible_to(user).get(pk=pk)
    except Project.DoesNotExist:
        raise Http404(_("Aucun projet ne correspond à ce numéro.")) from None
    if project.status != Project.Status.DONE:
        raise PermissionDenied(_("Seul un projet terminé devient une bonne pratique."))
    return project


def practice_edit(request, pk):
    practice = get_draft_for_user(request.user, pk)
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice, user=request.user)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("La pratique est enregistrée."))
        return redirect(practice)
    return render(request, "observatory/practice_form.html", {"form": form, "practice": practice})


def _step(request, practice, action, done: str, **kwargs):
    form = StepForm(request.POST)
    try:
        action(practice, read_version=form.cleaned_data["version"] if form.is_valid() else None, **kwargs)
    except VersionConflict as conflict:
        for line in conflict.messages:
            messages.error(request, line)
    else:
        messages.success(request, done)
    return redirect(practice)


@require_POST
def practice_submit(request, pk):
    practice = get_draft_for_user(request.user, pk)
    return _step(request, practice, actions.submit, _("La pratique est envoyée au secrétariat pour relecture."))


@require_POST
def practice_publish(request, pk):
    practice = get_review_for_secretariat(request.user, pk)
    return _step(request, practice, actions.publish, _("La pratique est publiée."))


@require_POST
def practice_send_back(request, pk):
    practice = get_review_for_secretariat(request.user, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites ce qu'il faut reprendre avant de renvoyer la pratique."))
        return redirect(practice)
    return _step(request, practice, actions.send_back, _("La pratique est renvoyée à ses auteurs."),
                 note=form.cleaned_data["note"])


@login_not_required
def search_page(request):
    form = SearchForm(request.GET)
    results, page_number = None, 1
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        page_number = data["page"] or 1
        results = search.search(request.user, data["q"], kind=data["kind"], theme=data["theme"],
                                side=data["side"], region=data["region"], limit=PAGE_SIZE,
                                offset=(page_number - 1) * PAGE_SIZE)
    base = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(request, "observatory/search.html", {
        "form": form, "results": results, "page_number": page_number, "base": base,
        "next_query": urlencode({**base, "page": page_number + 1}),
        "previous_query": urlencode({**base, "page": page_number - 1}),
        "has_next": bool(results) and results.total > page_number * PAGE_SIZE,
        "facet_links": _facet_links(results, base) if results else {}})


def _facet_links(results, base) -> dict:
    """Each facet value with the link that selects (or clears) it."""
    links = {}
    for name, values in results.facets.items():
        links[name] = [{**v, "selected": base.get(name) == v["value"],
                        "href": "?" + urlencode({**base, name: v["value"]} if base.get(name) != v["value"]
                                                else {k: x for k, x in base.items() if k != name})}
                       for v in values]
    return links
