"""GET /api/v1/matching/suggestions: ranked partners for a collectivity or a project idea."""
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from core.api import NO_NUL, Code, ErrorOut

from . import suggestions

router = Router(tags=["matching"])


class SuggestionFilters(Schema):
    side: Literal["fr", "qc"] = Field(description="Le côté qui cherche des partenaires : fr ou qc.")
    code: Code | None = Field(None, description="Code officiel de la collectivité qui cherche.")
    text: Annotated[str, Field(max_length=2000, pattern=NO_NUL)] | None = Field(
        None, description="Une idée de projet, en quelques phrases (au lieu de `code`).")
    limit: Annotated[int, Field(ge=1, le=suggestions.MAX_LIMIT)] = 10
    include_linked: bool = Field(False, description="Garder les partenaires déjà liés (projet, jumelage, entente).")


class SuggestionOut(Schema):
    side: str
    code: str
    name: str
    score: int
    reasons: list[str]


class SuggestionList(Schema):
    items: list[SuggestionOut]


@router.get("/suggestions", response={200: SuggestionList, 404: ErrorOut, 422: ErrorOut},
            summary="Partenaires suggérés")
def list_suggestions(request, filters: Query[SuggestionFilters]):
    """Les meilleurs partenaires de l'autre côté, classés (score décroissant, puis code),
    chacun avec ses raisons en français."""
    if bool(filters.code) == bool(filters.text and filters.text.strip()):
        problem = _("donnez soit « code » (une collectivité), soit « text » (une idée de projet), pas les deux.")
        return Status(422, {"detail": _("Paramètres « code » et « text » : %s") % problem,
                            "errors": {"code": [problem], "text": [problem]}})
    if filters.text:
        found = suggestions.for_text(filters.side, filters.text, limit=filters.limit)
    else:
        try:
            found = suggestions.for_collectivity(filters.side, filters.code, limit=filters.limit,
                                                 include_linked=filters.include_linked)
        except suggestions.UnknownCollectivity:
            return Status(404, {"detail": _("Aucune collectivité actuelle de ce côté n'a le code « %s ».") % filters.code})
    return Status(200, {"items": found})
