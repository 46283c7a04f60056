"""/api/v1/matching: the bourse of partnerships (`GET /offers`: the published, open offers
and requests of published profiles, public), and the suggestions (matching/api_suggestions.py)."""
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import ErrorOut, Page, Slug

from .models import Horizon, Posting

router = Router(tags=["matching"])


class OfferOwnerOut(Schema):
    side: str = Field(description="`fr`, `qc` ou `other`.")
    code: str = Field(description="Code officiel de la collectivité ; vide pour une organisation.")
    name: str
    kind: str = Field(description="`collectivite` ou `organisation`.")


class OfferThemeOut(Schema):
    slug: str
    title: str


class OfferOut(Schema):
    id: int
    kind: str = Field(description="`offre` ou `demande`.")
    title: str
    text: str
    horizon: str = Field(description="Horizon : " + ", ".join(f"`{value}`" for value in Horizon.values) + ".")
    themes: list[OfferThemeOut]
    profile: OfferOwnerOut
    created_at: datetime


class OfferPage(Schema):
    count: int
    items: list[OfferOut]


class OfferFilters(Page):
    side: Literal["fr", "qc", "other"] | None = Field(None, description="Côté de qui publie l'annonce.")
    kind: Literal["offre", "demande"] | None = Field(None, description="`offre` ou `demande`.")
    theme: Slug | None = Field(None, description="Identifiant d'un thème du plan (`Axis.slug`).")


def _owner(profile) -> dict:
    if profile.collectivity_id:
        return {"side": profile.side, "code": profile.collectivity.code, "name": profile.name, "kind": "collectivite"}
    return {"side": profile.side, "code": "", "name": profile.name, "kind": "organisation"}


@router.get("/offers", response={200: OfferPage, 422: ErrorOut}, summary="Bourse des partenariats")
def list_offers(request: HttpRequest, filters: Query[OfferFilters]):
    """Les offres et demandes ouvertes et publiées des profils publiés, les plus récentes d'abord."""
    rows = Posting.objects.public().open()
    if filters.side is not None:
        rows = rows.filter(profile__side=filters.side)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.theme is not None:
        rows = rows.filter(themes__slug=filters.theme).distinct()
    count = rows.count()
    page = rows.for_list()[filters.offset:filters.offset + filters.limit] if filters.offset < count else []
    return {"count": count, "items": [{
        "id": posting.pk, "kind": posting.kind, "title": posting.title, "text": posting.text,
        "horizon": posting.horizon, "created_at": posting.created_at, "profile": _owner(posting.profile),
        "themes": [{"slug": theme.slug, "title": theme.title} for theme in posting.themes.all()]} for posting in page]}


# The suggestions (matching/api_suggestions.py): GET /suggestions.
from .api_suggestions import router as suggestions_router  # noqa: E402

router.add_router("", suggestions_router)
