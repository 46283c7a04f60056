"""The annual report of the plan's follow-up, /rapport-annuel/YYYY.pdf: one HTML template
turned into a PDF by WeasyPrint, generated on demand.

It lives in the dashboard because it reads every domain's figures, as the dashboard does
(the governance sits below and may not read the dashboard's). It writes no figure of its
own: the projects, budgets and charts are the dashboard's for the year
(`build_dashboard`), the fund's year is fund.figures' (through the dashboard's block), the
mobility balance is mobility.figures', agreements and twinnings are counted by the
registry's own QuerySets, the decisions are those of the year's published meetings. It
is a public document: every figure is the one the public reads on the pages, whoever
downloads it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from governance.models import Decision, Meeting
from projects.models import Project
from registry.models import Agreement, Twinning

from .aggregates import Dashboard, build_dashboard
from .charts import dashboard_charts
from .forms import DashboardFilterForm

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the dashboard's year filter


@dataclass(frozen=True)
class RecordCounts:
    """Published agreements or twinnings: all of them, and those begun in the year."""

    total: int
    begun: int


def record_counts(year: int) -> dict[str, RecordCounts]:
    """What the registry's public lists count (`visible_to` the public), four queries."""
    public = AnonymousUser()
    return {
        "agreements": RecordCounts(Agreement.objects.visible_to(public).count(),
                                   Agreement.objects.visible_to(public).filter(since_year=year).count()),
        "twinnings": RecordCounts(Twinning.objects.visible_to(public).count(),
                                  Twinning.objects.visible_to(public).filter(since_year=year).count()),
    }


def year_decisions(year: int):
    """The decisions of the year's published meetings, in the order of the meetings."""
    meetings = Meeting.objects.visible_to(AnonymousUser()).in_year(year)
    return (Decision.objects.filter(meeting__in=meetings.values("pk")).select_related("meeting__body")
            .order_by("meeting__starts_at", "meeting_id", "position", "pk"))


def report_context(year: int) -> dict:
    """Everything the report shows for `year`, read from the pages' own definitions."""
    board: Dashboard = build_dashboard(AnonymousUser(), DashboardFilterForm({"year": year}).filters())
    return {
        "year": year, "board": board, "charts": dashboard_charts(board),
        "status_labels": dict(Project.Status.choices),
        # The dashboard's blocks, filtered on the year: the fund's envelopes of the year, the
        # mobility's balance of the year.
        "fund": board.fund, "mobility": board.mobility,
        "records": record_counts(year), "decisions": year_decisions(year),
        "generated_at": timezone.now(),
    }


def render_pdf(year: int, *, base_url: str) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a report is asked for

    html = render_to_string("dashboard/annual_report.html", report_context(year))
    return HTML(string=html, base_url=base_url).write_pdf()


@login_not_required
@require_safe
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Année hors de la période couverte (%(first)s à %(last)s).") % {
            "first": FIRST_YEAR, "last": LAST_YEAR})
    response = HttpResponse(render_pdf(year, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-annuel-{year}.pdf"'
    return response
