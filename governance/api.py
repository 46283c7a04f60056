"""/api/v1/meetings: the meetings and events of the bodies, read through the pages' own
QuerySet (`Meeting.objects.visible_to`): published ones for the public, every one for the
secretariat and the committees. Instants are in UTC; each item gives them in Paris and
Montréal time too."""
from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import ErrorOut, Page

from .models import Meeting

router = Router(tags=["Gouvernance"])

Year = Annotated[int, Field(ge=1990, le=2100, description="Année du début, de 1990 à 2100.")]


class MeetingTimeOut(Schema):
    zone: Literal["Europe/Paris", "America/Montreal"]
    starts_at: datetime = Field(description="Le début, à l'heure de ce fuseau.")
    ends_at: datetime


class MeetingOut(Schema):
    id: int
    title: str
    kind: Literal["meeting", "event"] = Field(description="`meeting` (réunion) ou `event` (événement : les Assises).")
    body: str | None = Field(description="L'identifiant de l'instance (null : un événement sans instance).")
    starts_at: datetime = Field(description="Début (un instant, en UTC).")
    ends_at: datetime = Field(description="Fin (un instant, en UTC).")
    local_times: list[MeetingTimeOut] = Field(description="Début et fin à l'heure de Paris et de Montréal.")
    place: str
    side: Literal["fr", "qc"] = Field(description="Le côté qui accueille.")
    agenda: str
    is_published: bool
    decisions: int = Field(description="Nombre de décisions enregistrées.")
    url: str


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingFilters(Page):
    year: Year | None = None
    kind: Literal["meeting", "event"] | None = None


@router.get("/meetings", response={200: MeetingPage, 422: ErrorOut}, summary="Réunions et événements des instances")
def meetings(request: HttpRequest, filters: Query[MeetingFilters]):
    rows = Meeting.objects.visible_to(request.user)
    if filters.year is not None:
        rows = rows.in_year(filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    page = (rows.for_list().annotate(decision_count=Count("decisions")).order_by("starts_at", "pk")
            [filters.offset:filters.offset + filters.limit])
    return {"count": rows.count(), "items": [_meeting(m) for m in page]}


def _meeting(m: Meeting) -> dict:
    return {"id": m.pk, "title": m.title, "kind": m.kind, "body": m.body.slug if m.body_id else None,
            "starts_at": m.starts_at, "ends_at": m.ends_at,
            "local_times": [{"zone": t["zone"], "starts_at": t["start"], "ends_at": t["end"]} for t in m.local_times()],
            "place": m.place, "side": m.side, "agenda": m.agenda, "is_published": m.is_published,
            "decisions": m.decision_count, "url": m.get_absolute_url()}
