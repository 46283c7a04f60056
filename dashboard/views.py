"""The tableau de bord: one page for the committees and the public, and its exports."""
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from core.exports import export_response

from .aggregates import build_dashboard
from .cartogram import cartogram
from .charts import dashboard_charts
from .exports import LABELS, TABLES
from .forms import DashboardFilterForm
from .tables import dashboard_tables


@login_not_required
def dashboard(request):
    form = DashboardFilterForm(request.GET)
    board = build_dashboard(request.user, form.filters())
    return render(request, "dashboard/dashboard.html", {
        "form": form, "board": board, "filters": board.filters, "charts": dashboard_charts(board),
        "tables": dashboard_tables(board), "cartogram": cartogram(board),
        "active_filters": form.active_filters(board.filters),
        **LABELS,
    })


@login_not_required
def export(request, table: str, fmt: str):
    if table not in TABLES or fmt not in {"csv", "xlsx"}:
        raise Http404
    board = build_dashboard(request.user, DashboardFilterForm(request.GET).filters())
    rows, columns = TABLES[table](board)
    return export_response(rows, columns, f"tableau-de-bord-{table}", fmt)
