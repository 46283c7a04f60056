"""/api/v1/matching: the bourse of partnerships (`GET /offers`: the published, open offers
and requests of published profiles, public; one offer as its readers see it), its writes
(a profile's keepers publish and change its offers, with an API token, through the pages'
form, access helpers and actions), and the suggestions (matching/api_suggestions.py)."""
from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from accounts.tokens import BearerToken
from core.api import NO_NUL, ConflictOut, ErrorOut, Id, Page, PlanItem, Slug, form_errors_body

from . import actions
from .access import get_posting_for_user, get_profile_for_user
from .forms import PostingApiForm
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


class OfferDetail(OfferOut):
    status: str = Field(description="`ouverte` ou `close`.")
    is_published: bool
    version: int = Field(description="Version de l'annonce, à renvoyer pour la modifier (PUT).")


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
    return {"count": count, "items": [_offer(posting) for posting in page]}


def _offer(posting: Posting) -> dict:
    return {"id": posting.pk, "kind": posting.kind, "title": posting.title, "text": posting.text,
            "horizon": posting.horizon, "created_at": posting.created_at, "profile": _owner(posting.profile),
            "themes": [{"slug": theme.slug, "title": theme.title} for theme in posting.themes.all()]}


def _offer_detail(user, posting_id: int) -> dict:
    posting = get_posting_for_user(user, posting_id)
    return {**_offer(posting), "status": posting.status, "is_published": posting.is_published,
            "version": posting.version}


@router.get("/offers/{int:offer_id}", response={200: OfferDetail, 404: ErrorOut, 422: ErrorOut},
            summary="Une offre ou une demande")
def get_offer(request: HttpRequest, offer_id: Id = Path(..., description="Numéro de l'annonce.")):
    """L'annonce si l'appelant peut la lire (publiée, ou de son profil), avec sa version."""
    return _offer_detail(request.user, offer_id)


# Literals, not the models' TextChoices: those are named `Kind` and `Status` like the
# collectivities' and the projects' enums, and OpenAPI has one component per name.
OfferKind = Literal[tuple(Posting.Kind.values)]
OfferStatus = Literal[tuple(Posting.Status.values)]


class OfferIn(Schema):
    kind: OfferKind = Field(description="`offre` ou `demande`.")
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)] = Field(
        examples=["Accueil d'un stagiaire en urbanisme"])
    text: Annotated[str, Field(min_length=1, pattern=NO_NUL)] = Field(
        description="L'idée de projet ou le besoin, ce que le profil apporte, ce qu'il cherche.",
        examples=["Nous cherchons une ville québécoise pour un échange sur la mobilité douce."])
    themes: list[PlanItem] = Field(max_length=100, description=(
        "Thèmes du plan, par identifiant (`tourisme`), ou `plan:identifiant` ; `[]` pour aucun."), examples=[[]])
    horizon: Horizon = Field(description="Horizon de l'annonce.")
    status: OfferStatus = Field(description="`ouverte` ou `close`.")
    is_published: bool = Field(description="Publiée dans la bourse.")


class OfferUpdateIn(OfferIn):
    version: int = Field(ge=0, le=2**31 - 1, description=(
        "Version lue (`version` de GET /matching/offers/{offer_id}) : si l'annonce a changé depuis, 409."))


# 400: a body that is not JSON.
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post("/profiles/{int:profile_id}/offers", auth=BearerToken(), response={201: OfferDetail, **WRITE_ERRORS},
             summary="Publier une offre ou une demande")
def create_offer(request: HttpRequest, payload: OfferIn,
                 profile_id: Id = Path(..., description="Numéro du profil de coopération.")):
    """Publie une annonce du profil, comme le formulaire de la bourse : ceux qui tiennent le profil
    (les éditeurs de sa collectivité, le secrétariat ; sinon 403, et 404 pour un profil qu'ils ne
    voient pas). Une valeur refusée répond 422 en nommant le champ."""
    profile = get_profile_for_user(request.user, profile_id, write=True)
    form = PostingApiForm(payload.dict(), instance=Posting(profile=profile))
    if not form.is_valid():
        return Status(422, form_errors_body(form.errors))
    posting = actions.create_posting(profile, by=request.user, **form.model_fields())
    return Status(201, _offer_detail(request.user, posting.pk))


@router.put("/offers/{int:offer_id}", auth=BearerToken(),
            response={200: OfferDetail, 409: ConflictOut, **WRITE_ERRORS}, summary="Modifier une offre ou une demande")
def update_offer(request: HttpRequest, payload: OfferUpdateIn,
                 offer_id: Id = Path(..., description="Numéro de l'annonce.")):
    """Remplace les champs de l'annonce (tous), comme son formulaire : ceux qui tiennent son profil
    (sinon 403 ; 404 pour une annonce qu'ils ne voient pas). La `version` lue est exigée : si
    l'annonce a changé depuis, 409 dit ce qui a changé, avec la version actuelle (`current_version`)."""
    posting = get_posting_for_user(request.user, offer_id, write=True)
    form = PostingApiForm(payload.dict(), instance=posting)
    if not form.is_valid():
        return Status(422, form_errors_body(form.errors))
    actions.save_posting(posting, by=request.user, version=form.read_version, **form.model_fields())
    return Status(200, _offer_detail(request.user, posting.pk))


# The suggestions (matching/api_suggestions.py): GET /suggestions.
from .api_suggestions import router as suggestions_router  # noqa: E402

router.add_router("", suggestions_router)
