"""/api/v1/practices (published practices, and those the caller may read) and
/api/v1/search (the observatory's one search: ranked items with kind, title, url and
an escaped HTML excerpt whose matches are in <mark>, and the facets)."""
from enum import Enum
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import Code, ErrorOut, Id, Page, Slug, Text

from . import search as engine
from .models import Practice

router = Router(tags=["Observatoire"])


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    theme: str = Field(description="Identifiant du thème (plan.Axis).")
    piste: str | None = Field(description="Code de la piste du plan.")
    status: str = Field(description="`draft`, `review` ou `published`.")
    collectivities: list[str] = Field(description="`côté:code` de chaque collectivité.")
    results: str
    figures: str
    worked: str
    to_avoid: str
    url: str


class PracticePage(Schema):
    count: int
    items: list[PracticeOut]


class PracticeFilters(Page):
    theme: Slug | None = None
    piste: Code | None = None
    side: Literal["fr", "qc"] | None = None
    region: Id | None = None


@router.get("/practices", response={200: PracticePage, 422: ErrorOut}, summary="Bonnes pratiques")
def practices(request: HttpRequest, filters: Query[PracticeFilters]):
    rows = Practice.objects.visible_to(request.user)
    if filters.theme:
        rows = rows.for_theme(filters.theme)
    if filters.piste:
        rows = rows.for_piste(filters.piste)
    if filters.side:
        rows = rows.for_side(filters.side)
    if filters.region:
        rows = rows.in_region(filters.region)
    page = rows.for_list()[filters.offset:filters.offset + filters.limit]
    return {"count": rows.count(), "items": [_practice(p) for p in page]}


def _practice(p: Practice) -> dict:
    return {"id": p.pk, "title": p.title, "summary": p.summary, "theme": p.theme.slug,
            "piste": p.piste.code if p.piste else None, "status": p.status,
            "collectivities": [f"{c.side}:{c.code}" for c in p.collectivities.all()],
            "results": p.results, "figures": p.figures, "worked": p.worked, "to_avoid": p.to_avoid,
            "url": p.get_absolute_url()}


class SearchKind(str, Enum):
    practice = "practice"
    project = "project"
    agreement = "agreement"
    profile = "profile"


class SearchFilters(Page):
    q: Text = Field(min_length=1, description="Les mots cherchés (tous doivent s'y trouver).")
    limit: int = Field(20, ge=1, le=100)
    kind: SearchKind | None = None
    theme: Id | None = None
    side: Literal["fr", "qc"] | None = None
    region: Id | None = None


class SearchItem(Schema):
    kind: str = Field(description="`practice`, `project`, `agreement` ou `profile`.")
    title: str
    url: str
    excerpt: str = Field(description="Extrait en HTML échappé, les mots trouvés entre <mark> et </mark>.")


class FacetValue(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int
    items: list[SearchItem]
    facets: dict[str, list[FacetValue]] = Field(description="Décomptes par `kind`, `theme`, `side` et `region`.")


@router.get("/search", response={200: SearchOut, 422: ErrorOut}, summary="Recherche en texte intégral")
def search(request: HttpRequest, filters: Query[SearchFilters]):
    results = engine.search(request.user, filters.q, kind=filters.kind.value if filters.kind else "",
                            theme=filters.theme, side=filters.side or "", region=filters.region,
                            limit=filters.limit, offset=filters.offset)
    return {"count": results.total, "items": [
        {"kind": i["kind"], "title": i["title"], "url": i["url"], "excerpt": str(i["excerpt"])}
        for i in results.items], "facets": results.facets}
