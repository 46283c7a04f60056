"""The fund's exports as CSV and XLSX, through core.exports (formulas neutralised):

- the applications (/fonds/export/demandes.csv|xlsx): those the user may read,
  `Application.objects.visible_to` as the API's list decides (the secretariat and the
  committees every one, an editor those of their collectivities, a reviewer those
  assigned to them); logged-in users only;
- the envelopes report (/fonds/export/enveloppes.csv|xlsx): per year and side, the
  envelope, what is committed, disbursed and remaining, in that side's currency (never
  added across currencies), from fund.figures as the API's; public, as the budget is;
- the report's tables (/fonds/export/bilan-appels.csv|xlsx: applications per call and
  stage; /fonds/export/taux-de-reussite.csv|xlsx: success rates by side, région and
  theme), from fund.figures as the reports page (/fonds/bilan/); public, drafts counted
  only for those who read every application, as on the page.

Amounts are numbers in their column's currency; a query count that does not grow with
the rows (sums in subqueries, partners prefetched)."""
from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_not_required
from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.exports import Column, export_response
from territories.models import Side

from . import figures
from .access import reads_every_application
from .models import Application, ApplicationYear, CoApplicant, Commitment, Disbursement, Stage
from .money import CENT

FORMATS = ("csv", "xlsx")
AMOUNT = DecimalField(max_digits=16, decimal_places=2)


def _sum(model, column: str, **where):
    rows = model.objects.filter(application=OuterRef("pk"), **where).order_by().values("application").annotate(
        total=Sum(column)).values("total")
    return Coalesce(Subquery(rows, output_field=AMOUNT), Value(Decimal("0")), output_field=AMOUNT)


def application_rows(queryset):
    """`queryset` (applications) with what the export shows: one query, and one for the
    co-applicants of them all."""
    return queryset.select_related("call", "lead").prefetch_related(
        Prefetch("co_applicant_links", queryset=CoApplicant.objects.select_related("collectivity").only(
            "application_id", "collectivity__name").order_by("pk"))
    ).annotate(
        requested_eur=_sum(ApplicationYear, "fund_eur"), requested_cad=_sum(ApplicationYear, "fund_cad"),
        own_eur=_sum(ApplicationYear, "own_eur"), own_cad=_sum(ApplicationYear, "own_cad"),
        committed_eur=_sum(Commitment, "amount", side=Side.FRANCE),
        committed_cad=_sum(Commitment, "amount", side=Side.QUEBEC),
        disbursed_eur=_sum(Disbursement, "amount", side=Side.FRANCE),
        disbursed_cad=_sum(Disbursement, "amount", side=Side.QUEBEC),
    ).order_by("call__opens_at", "call_id", "title", "pk")


def _cents(name: str):
    # SQLite's SUM loses a decimal's scale: every amount in cents.
    return lambda row: Decimal(getattr(row, name)).quantize(CENT)


def application_columns(zone: str) -> list[Column]:
    """The columns, the submission's time in `zone` (the reader's)."""
    tz = ZoneInfo(zone)
    return [
        (_("Numéro"), lambda a: a.pk),
        (_("Appel"), lambda a: a.call.title),
        (_("Titre"), lambda a: a.title),
        (_("Collectivité cheffe de file"), lambda a: a.lead.name),
        (_("Côté de la cheffe de file"), lambda a: a.lead.get_side_display()),
        (_("Collectivités partenaires"), lambda a: ", ".join(
            link.collectivity.name for link in a.co_applicant_links.all())),
        (_("Étape"), lambda a: a.get_stage_display()),
        (_("Déposée le"), lambda a: a.submitted_at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
         if a.submitted_at else ""),
        (_("Demandé au Fonds, côté France (EUR)"), _cents("requested_eur")),
        (_("Demandé au Fonds, côté Québec (CAD)"), _cents("requested_cad")),
        (_("Apport des collectivités françaises (EUR)"), _cents("own_eur")),
        (_("Apport des collectivités québécoises (CAD)"), _cents("own_cad")),
        (_("Engagé, côté France (EUR)"), _cents("committed_eur")),
        (_("Engagé, côté Québec (CAD)"), _cents("committed_cad")),
        (_("Versé, côté France (EUR)"), _cents("disbursed_eur")),
        (_("Versé, côté Québec (CAD)"), _cents("disbursed_cad")),
    ]


ENVELOPE_COLUMNS: list[Column] = [
    (_("Année"), lambda f: f.year),
    (_("Côté"), lambda f: Side(f.side).label),
    (_("Devise"), lambda f: f.currency),
    (_("Enveloppe"), lambda f: f.amount),
    (_("Engagé"), lambda f: f.committed),
    (_("Versé"), lambda f: f.disbursed),
    (_("Reste à engager"), lambda f: f.remaining),
]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


@require_safe
def export_applications(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    rows = application_rows(Application.objects.visible_to(request.user))
    zone = getattr(request.user, "time_zone", "") or "Europe/Paris"
    return export_response(rows, application_columns(zone), "fonds-demandes", fmt)


@login_not_required
@require_safe
def export_envelopes(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    return export_response(figures.envelope_figures(), ENVELOPE_COLUMNS, "fonds-enveloppes", fmt)


def calls_report_columns(drafts: bool) -> list[Column]:
    """A call per row: its applications in all, per stage (those the reader is shown), then
    funded, not funded and without an outcome yet."""
    return [
        (_("Appel"), lambda row: row.title),
        (_("Demandes"), lambda row: row.applications),
        *[(Stage(stage).label, lambda row, stage=stage: row.per_stage[stage])
          for stage in figures.stages(drafts=drafts)],
        (_("Financées"), lambda row: row.funded),
        (_("Non financées"), lambda row: row.not_funded),
        (_("Sans issue encore"), lambda row: row.pending),
    ]


GROUP_LABELS = {"side": _("Côté"), "region": _("Région"), "theme": _("Thème de l'appel")}
SUCCESS_COLUMNS: list[Column] = [
    (_("Regroupement"), lambda row: GROUP_LABELS[row[0]]),
    (_("Libellé"), lambda row: row[1].label),
    (_("Côté de la région"), lambda row: Side(row[1].side).label if row[1].side else ""),
    (_("Demandes avec une issue"), lambda row: row[1].decided),
    (_("Financées"), lambda row: row[1].funded),
    (_("Taux de réussite (%)"), lambda row: row[1].rate),
]


@login_not_required
@require_safe
def export_calls_report(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    found = figures.report(drafts=reads_every_application(request.user))
    return export_response(found.per_call, calls_report_columns(found.drafts), "fonds-demandes-par-appel", fmt)


@login_not_required
@require_safe
def export_success_rates(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    found = figures.report(drafts=reads_every_application(request.user))
    rows = [(by, rate) for by in figures.SUCCESS_GROUPS for rate in found.success[by]]
    return export_response(rows, SUCCESS_COLUMNS, "fonds-taux-de-reussite", fmt)
