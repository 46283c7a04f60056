"""/api/v1/mobility: the balance of a year (participants per direction, by kind and by
région, the committee's target) and the exchanges, read from the same figures
(mobility.figures) and QuerySets as the pages. Everything here is public: counts only."""
from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import ErrorOut, Id, Page

from . import figures
from .models import FIRST_YEAR, LAST_YEAR, Exchange

router = Router(tags=["Mobilité"])

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description=f"Année, de {FIRST_YEAR} à {LAST_YEAR}.")]
KindValue = Literal["internship", "seasonal", "study", "staff", "residency", "youth"]
DirectionValue = Literal["fr_to_qc", "qc_to_fr"]


class MobilityKindBalanceOut(Schema):
    kind: KindValue
    label: str
    fr_to_qc: int
    qc_to_fr: int
    total: int
    imbalance: int = Field(description="France → Québec moins Québec → France.")


class MobilityRegionBalanceOut(Schema):
    region_id: int
    name: str
    side: Literal["fr", "qc"]
    sent: int = Field(description="Participants envoyés par les collectivités de la région.")
    hosted: int = Field(description="Participants accueillis par les collectivités de la région.")


class MobilityTargetOut(Schema):
    max_imbalance: int | None = Field(description="Écart maximal admis entre les deux sens.")
    min_per_direction: int | None = Field(description="Participants minimum dans chaque sens.")
    met: bool


class MobilityBalanceOut(Schema):
    year: int | None = Field(description="L'année (null : toutes les années).")
    fr_to_qc: int = Field(description="Participants partis de France vers le Québec.")
    qc_to_fr: int = Field(description="Participants partis du Québec vers la France.")
    total: int
    imbalance: int = Field(description="France → Québec moins Québec → France.")
    target: MobilityTargetOut | None = Field(description="L'objectif fixé par le comité pour l'année (null : aucun).")
    by_kind: list[MobilityKindBalanceOut]
    by_region: list[MobilityRegionBalanceOut]


class BalanceFilters(Schema):
    year: Year | None = None


@router.get("/balance", response={200: MobilityBalanceOut, 422: ErrorOut}, summary="Bilan de la mobilité")
def balance(request: HttpRequest, filters: Query[BalanceFilters]):
    found = figures.balance(filters.year)
    target = found.target
    return {
        "year": found.year, "fr_to_qc": found.fr_to_qc, "qc_to_fr": found.qc_to_fr, "total": found.total,
        "imbalance": found.imbalance,
        "target": None if target is None else {"max_imbalance": target.max_imbalance,
                                                "min_per_direction": target.min_per_direction,
                                                "met": found.target_met},
        "by_kind": [{"kind": k.kind, "label": k.label, "fr_to_qc": k.fr_to_qc, "qc_to_fr": k.qc_to_fr,
                     "total": k.total, "imbalance": k.imbalance} for k in found.by_kind],
        "by_region": [{"region_id": r.region_id, "name": r.name, "side": r.side, "sent": r.sent, "hosted": r.hosted}
                      for r in found.by_region],
    }


class ExchangeOut(Schema):
    id: int
    title: str
    kind: KindValue
    direction: DirectionValue
    sending: str = Field(description="La collectivité ou l'organisme d'envoi.")
    sending_collectivity: str | None = Field(description="`côté:code` de la collectivité d'envoi.")
    host: str = Field(description="La collectivité ou l'organisme d'accueil.")
    host_collectivity: str | None = Field(description="`côté:code` de la collectivité d'accueil.")
    start_date: date
    end_date: date | None
    participants: int
    by_age: dict[str, int | None] = Field(
        description="Par tranche d'âge (`under_18`, `age_18_25`, `age_26_35`, `over_35`) ; null : inconnu.")
    by_sex: dict[str, int | None] = Field(description="`women` et `men` ; null : inconnu.")


class ExchangePage(Schema):
    count: int
    items: list[ExchangeOut]


class ExchangeFilters(Page):
    year: Year | None = None
    kind: KindValue | None = None
    direction: DirectionValue | None = None
    region: Id | None = Field(None, description="Une région (son numéro) : les échanges qui en partent ou y arrivent.")


@router.get("/exchanges", response={200: ExchangePage, 422: ErrorOut}, summary="Échanges et stages")
def exchanges(request: HttpRequest, filters: Query[ExchangeFilters]):
    rows = Exchange.objects.all()
    if filters.year is not None:
        rows = rows.for_year(filters.year)
    if filters.kind:
        rows = rows.for_kind(filters.kind)
    if filters.direction:
        rows = rows.for_direction(filters.direction)
    if filters.region is not None:
        rows = rows.in_region(filters.region)
    page = rows.for_list()[filters.offset:filters.offset + filters.limit]
    return {"count": rows.count(), "items": [_exchange(e) for e in page]}


def _code(collectivity) -> str | None:
    return f"{collectivity.side}:{collectivity.code}" if collectivity is not None else None


def _exchange(e: Exchange) -> dict:
    return {"id": e.pk, "title": e.title, "kind": e.kind, "direction": e.direction,
            "sending": e.sending, "sending_collectivity": _code(e.sending_collectivity),
            "host": e.host, "host_collectivity": _code(e.host_collectivity),
            "start_date": e.start_date, "end_date": e.end_date, "participants": e.participants,
            "by_age": {name: getattr(e, name) for name in ("under_18", "age_18_25", "age_26_35", "over_35")},
            "by_sex": {"women": e.women, "men": e.men}}
