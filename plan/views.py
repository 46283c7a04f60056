from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.locking import save_form
from .access import can_change_follow_up, get_piste_for_user
from .figures import piste_projects, pistes_with_progress, plans_with_counts
from .forms import FollowUpForm
from .models import Piste, Plan

PROJECTS_PER_PAGE = 50


@login_not_required
def plan_list(request):
    plans = plans_with_counts(request.user)
    return render(request, "plan/plan_list.html", {"plans": plans})


@login_not_required
def plan_detail(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    pistes = pistes_with_progress(Piste.objects.for_plan(plan), request.user)
    axes = {axis.pk: (axis, []) for axis in plan.axes.all()}
    for piste in pistes:
        axes[piste.axis_id][1].append(piste)
    return render(request, "plan/plan_detail.html", {"plan": plan, "axes": axes.values()})


@login_not_required
def piste_detail(request, slug, code):
    piste = get_piste_for_user(request, slug, code)
    form = FollowUpForm(instance=piste) if can_change_follow_up(request.user) else None
    return _render_piste(request, piste, form)


@require_POST
def piste_follow_up(request, slug, code):
    piste = get_piste_for_user(request, slug, code, write=True)
    form = FollowUpForm(request.POST, instance=piste)
    if not form.is_valid():
        return _render_piste(request, piste, form, status=400)
    if not save_form(form, by=request.user):
        return _render_piste(request, piste, form, status=409)
    messages.success(request, _("Le suivi de la piste %(code)s est enregistré.") % {"code": piste.code})
    return redirect("plan:piste", slug=slug, code=code)


def _render_piste(request, piste, form, status=200):
    page = Paginator(piste_projects(request.user, piste), PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"piste": piste, "plan": piste.axis.plan, "page": page, "form": form}
    return render(request, "plan/piste_detail.html", context, status=status)
