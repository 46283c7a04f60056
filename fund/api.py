"""/api/v1/fund: the calls, the envelopes with what is committed, disbursed and remaining,
and the applications for those allowed to read them.

Calls and envelopes are public (the fund's budget is). Applications are not: anonymous
callers get 401; a logged-in caller gets `Application.objects.visible_to(user)` (the
secretariat and the committees every one, an editor those of their collectivities and
those their collectivity coordinates, a reviewer those assigned to them without a
declared conflict, anyone else an empty list). Amounts are decimal strings in the
envelope's currency, never converted."""
from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from core.api import ErrorOut, Id, Page

from . import figures
from .models import Application, Call, FundSide, Stage

router = Router(tags=["Fonds franco-québécois"])


class FundCallOut(Schema):
    id: int
    title: str
    periodicity: str = Field(description="`annuel` ou `biennal`.")
    opens_at: datetime = Field(description="Ouverture (un instant, en UTC).")
    closes_at: datetime = Field(description="Clôture (un instant, en UTC) : un dépôt à cet instant ou après est refusé.")
    is_open: bool
    first_year: int
    last_year: int
    max_duration_years: int
    cap_eur: Decimal = Field(description="Plafond par projet et par année, côté France, en euros.")
    cap_cad: Decimal = Field(description="Plafond par projet et par année, côté Québec, en dollars canadiens.")
    follow_up_share: Decimal = Field(description="Part du budget réservée au suivi et à l'évaluation, en %.")
    themes: list[str] = Field(description="Thèmes propres à l'appel.")


class FundCallPage(Schema):
    count: int
    items: list[FundCallOut]


class FundEnvelopeOut(Schema):
    year: int
    side: str = Field(description="`fr` (en euros) ou `qc` (en dollars canadiens).")
    currency: str = Field(description="`EUR` ou `CAD`.")
    amount: Decimal
    committed: Decimal = Field(description="Engagé (décisions de financement).")
    disbursed: Decimal = Field(description="Versé.")
    remaining: Decimal = Field(description="Reste à engager : montant − engagé.")


class FundEnvelopePage(Schema):
    count: int
    items: list[FundEnvelopeOut]


class EnvelopeFilters(Page):
    year: int | None = Field(None, ge=1900, le=2200, description="Année de l'enveloppe.")
    side: FundSide | None = Field(None, description="`fr` ou `qc`.")


class FundApplicantOut(Schema):
    side: str
    code: str
    name: str


class FundApplicationOut(Schema):
    id: int
    call_id: int
    title: str
    lead: FundApplicantOut
    stage: str = Field(description="Étape : " + ", ".join(f"`{stage}`" for stage in Stage.values) + ".")
    submitted_at: datetime | None


class FundApplicationPage(Schema):
    count: int
    items: list[FundApplicationOut]


class ApplicationFilters(Page):
    call: Id | None = Field(None, description="Numéro de l'appel.")
    stage: Stage | None = Field(None, description="Étape.")


@router.get("/calls", response={200: FundCallPage, 422: ErrorOut}, summary="Appels à projets")
def list_calls(request: HttpRequest, page: Query[Page]):
    """Tous les appels, y compris passés, du plus récent au plus ancien."""
    calls = Call.objects.for_list()
    count = calls.count()
    items = calls.prefetch_related("themes")[page.offset:page.offset + page.limit] if page.offset < count else []
    return {"count": count, "items": [{
        "id": call.pk, "title": call.title, "periodicity": call.periodicity, "opens_at": call.opens_at,
        "closes_at": call.closes_at, "is_open": call.is_open(), "first_year": call.first_year,
        "last_year": call.last_year, "max_duration_years": call.max_duration_years, "cap_eur": call.cap_eur,
        "cap_cad": call.cap_cad, "follow_up_share": call.follow_up_share,
        "themes": [theme.title for theme in call.themes.all()]} for call in items]}


@router.get("/envelopes", response={200: FundEnvelopePage, 422: ErrorOut}, summary="Enveloppes du Fonds")
def list_envelopes(request: HttpRequest, filters: Query[EnvelopeFilters]):
    """Par année et par côté, chacun dans sa devise : montant, engagé, versé, reste."""
    rows = figures.envelopes(year=filters.year, side=filters.side)
    count = rows.count()
    page = rows[filters.offset:filters.offset + filters.limit] if filters.offset < count else []
    items = [figures.figures_of(envelope) for envelope in page]
    return {"count": count, "items": [{
        "year": f.year, "side": f.side, "currency": f.currency, "amount": f.amount, "committed": f.committed,
        "disbursed": f.disbursed, "remaining": f.remaining} for f in items]}


@router.get("/applications", response={200: FundApplicationPage, 401: ErrorOut, 422: ErrorOut},
            summary="Demandes de financement")
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]):
    """Les demandes que l'appelant peut lire (401 sans connexion), les plus récentes d'abord."""
    if not request.user.is_authenticated:
        raise HttpError(401, _("Connectez-vous pour lire les demandes de financement."))
    rows = Application.objects.visible_to(request.user)
    if filters.call is not None:
        rows = rows.filter(call_id=filters.call)
    if filters.stage is not None:
        rows = rows.filter(stage=filters.stage)
    count = rows.count()
    page = rows.for_list_window(filters.offset, filters.offset + filters.limit) if filters.offset < count else []
    return {"count": count, "items": [{
        "id": a.pk, "call_id": a.call_id, "title": a.title, "stage": a.stage, "submitted_at": a.submitted_at,
        "lead": {"side": a.lead.side, "code": a.lead.code, "name": a.lead.name}} for a in page]}
