"""The mobility pages: the exchanges (list, recording, changes, exports), the balance and
its exports, the yearly targets."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response
from core.locking import VersionConflict, save_form
from projects.access import acts_as_secretariat

from . import actions, figures
from .access import can_record, check_can_record, check_sets_targets, get_exchange_for_change
from .exports import BALANCE_TABLES, EXCHANGE_COLUMNS
from .forms import BalanceForm, DeleteForm, ExchangeFilterForm, ExchangeForm, TargetForm
from .models import FIRST_YEAR, LAST_YEAR, Exchange, Target, editor_ids

PAGE_SIZE = 25
FORMATS = ("csv", "xlsx")


def _filtered(request):
    form = ExchangeFilterForm(request.GET)
    exchanges = Exchange.objects.all()
    return form, (form.filter(exchanges) if form.is_valid() else exchanges)


@login_not_required
def exchange_list(request):
    form, exchanges = _filtered(request)
    page = Paginator(exchanges.for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    everything = acts_as_secretariat(request.user)
    mine = set() if everything else editor_ids(request.user)
    return render(request, "mobility/exchange_list.html", {
        "form": form, "page": page, "can_record": can_record(request.user),
        "editable": {e.pk for e in page if everything or e.collectivity_ids() & mine},
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v})})


@login_not_required
def exchange_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404(_("Format d'export inconnu : %(fmt)s (csv ou xlsx).") % {"fmt": fmt})
    _form, exchanges = _filtered(request)
    return export_response(exchanges.for_list(), EXCHANGE_COLUMNS, "echanges", fmt)


def exchange_create(request):
    check_can_record(request.user)
    form = ExchangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        exchange = actions.record_exchange(by=request.user, data=form.model_data())
        messages.success(request, _("L'échange « %(title)s » est enregistré.") % {"title": exchange.title})
        return redirect(reverse("mobility:balance") + "?" + urlencode({"year": exchange.year}))
    return render(request, "mobility/exchange_form.html", {"form": form})


def exchange_edit(request, pk):
    exchange = get_exchange_for_change(request.user, pk)
    form = ExchangeForm(request.POST or None, instance=exchange, user=request.user)
    if request.method == "POST" and form.is_valid() and save_form(form, by=request.user):
        messages.success(request, _("L'échange est enregistré."))
        return redirect("mobility:list")
    return render(request, "mobility/exchange_form.html", {
        "form": form, "exchange": exchange, "delete_form": DeleteForm(initial={"version": exchange.version})})


@require_POST
def exchange_delete(request, pk):
    exchange = get_exchange_for_change(request.user, pk)
    form = DeleteForm(request.POST)
    try:
        actions.delete_exchange(exchange, by=request.user,
                                read_version=form.cleaned_data["version"] if form.is_valid() else None)
    except VersionConflict as conflict:
        for line in conflict.messages:
            messages.error(request, line)
        return redirect(exchange)
    messages.success(request, _("L'échange « %(title)s » est supprimé.") % {"title": exchange.title})
    return redirect("mobility:list")


@login_not_required
def balance_page(request):
    form = BalanceForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None
    known = figures.years()
    if year is None and "year" not in request.GET and known:
        year = known[0]  # the latest year with an exchange
    return render(request, "mobility/balance.html", {
        "form": form, "year": year, "years": known, "balance": figures.balance(year),
        "trend": figures.trend(),
        "can_set_targets": acts_as_secretariat(request.user),
        "query": urlencode({"year": year}) if year else ""})


@login_not_required
def balance_export(request, table, fmt):
    if table not in BALANCE_TABLES or fmt not in FORMATS:
        raise Http404(_("Tableau ou format d'export inconnu."))
    form = BalanceForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None
    rows, columns = BALANCE_TABLES[table](year)
    return export_response(rows, columns, f"mobilite-{table}" + (f"-{year}" if year else ""), fmt)


def target_edit(request, year):
    check_sets_targets(request.user)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Année hors de la période couverte (%(first)s à %(last)s).") % {
            "first": FIRST_YEAR, "last": LAST_YEAR})
    target = Target.objects.filter(year=year).first() or Target(year=year)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_target(year, by=request.user, read_version=form.read_version,
                               data={name: form.cleaned_data[name] for name in TargetForm.Meta.fields})
        except VersionConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("L'objectif %(year)s est enregistré.") % {"year": year})
            return redirect(reverse("mobility:balance") + "?" + urlencode({"year": year}))
    return render(request, "mobility/target_form.html", {"form": form, "year": year})
