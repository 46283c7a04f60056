from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Project

from .access import can_change_follow_up, get_piste_for_user
from .forms import FollowUpForm
from .models import Piste, Plan

PROJECTS_PER_PAGE = 50


@login_not_required
def plan_list(request):
    plans = Plan.objects.with_counts(Project.objects.visible_to(request.user))
    return render(request, "plan/plan_list.html", {"plans": plans})


@login_not_required
def plan_detail(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    pistes = Piste.objects.for_plan(plan).with_progress(Project.objects.visible_to(request.user))
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
    form.save()
    messages.success(request, _("Le suivi de la piste %(code)s est enregistré.") % {"code": piste.code})
    return redirect("plan:piste", slug=slug, code=code)


def _render_piste(request, piste, form, status=200):
    projects = (
        Project.objects.visible_to(request.user).filter(pistes=piste)
        .only("title", "summary", "status", "start_date", "end_date", "is_public")
        .order_by("-start_date", "title", "pk")
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"piste": piste, "plan": piste.axis.plan, "page": page, "form": form}
    return render(request, "plan/piste_detail.html", context, status=status)
