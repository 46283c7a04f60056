"""The registry's API writes: `POST /agreements`, `PUT /agreements/{id}`, `POST /twinnings`,
`PUT /twinnings/{id}`, on registry/api.py's routers, written as the pages write them.

- A token is required (accounts.tokens): a session alone answers 401.
- The permissions are the pages' (registry/access.py): the secretariat, or an editor of a
  collectivity concerned (a party of the agreement, either side of the twinning, or the
  entity of today of one of them). A record the caller cannot read is a 404; one they read
  but may not change, or a new one naming none of their collectivities, is a 403.
- The pages' forms validate the body (AgreementApiForm, PartyForm, TwinningApiForm,
  CommitteeForm), then the registry's actions write it (registry/actions.py): the same
  rules, the same history (under the token's holder), the same optimistic locking (a PUT
  sends the `version` it read; 409 if the record changed since). A refused value is a 422
  naming the field, in French.
- A PUT replaces every field, parties and committees included: a party already there (the
  same collectivity, or the same nature, side and name) or a committee (same side and
  name) is kept and changed, one left out is removed, a new one is added.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema, Status
from pydantic import create_model

from accounts.tokens import BearerToken
from core.api import NO_NUL, ConflictOut, ErrorOut, Id, IsoDate, PlanItem, form_errors_body
from projects.access import acts_as_secretariat

from . import actions
from .access import can_create, get_agreement_for_user, get_twinning_for_user
from .api import AgreementDetail, TwinningDetail, agreements_router, get_agreement, get_twinning, twinnings_router
from .forms import AgreementApiForm, CommitteeForm, PartyForm, TwinningApiForm
from .models import Agreement, AgreementParty, Twinning, editor_collectivity_ids


def _text(max_length: int | None = None, *, min_length: int = 0):
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=NO_NUL)]


Year = Annotated[int, Field(ge=1, le=9999)]
CollectivityName = Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL, description=(
    "`côté:code` (`fr:69123`, `qc:37067`, `fr:82` pour l'ancienne région Rhône-Alpes) ou nom exact. Une "
    "ancienne entité se nomme telle qu'elle a signé."))]
THEMES = "Thèmes, par identifiant (`tourisme`), ou `plan:identifiant` ; `[]` pour aucun."


class AgreementPartyIn(Schema):
    kind: Literal[tuple(AgreementParty.Kind.values)] = Field(
        AgreementParty.Kind.COLLECTIVITY, description="`collectivite`, `gouvernement` ou `organisation`.")
    collectivity: CollectivityName | None = Field(None, description="La collectivité signataire (nature "
                                                                    "`collectivite`), `côté:code` ou nom exact.")
    side: Literal["fr", "qc", "other"] | None = Field(None, description=(
        "Côté d'un gouvernement ou d'une organisation ; celui de la collectivité sinon."))
    name: _text(200) = Field("", description="Nom du gouvernement ou de l'organisation.")
    country: _text(2) = Field("", description="Pays (code ISO 3166, `BE`) d'une partie d'un pays tiers.")
    signatory: _text(200) = Field("", description="Signataire.")
    signatory_title: _text(200) = Field("", description="Qualité du signataire.")


class AgreementIn(Schema):
    title: _text(300, min_length=1) = Field(description="Titre.", examples=["Entente Lyon – Trois-Rivières"])
    kind: Literal[tuple(Agreement.Kind.values)] = Field(Agreement.Kind.ENTENTE, description="Nature.")
    status: Literal[tuple(Agreement.Status.values)] = Field(Agreement.Status.IN_FORCE, description="Statut.")
    signed_on: IsoDate | None = Field(None, description="Date de signature (AAAA-MM-JJ).")
    since_year: Year | None = Field(None, description="Année de début, quand seule l'année est connue (remplie "
                                                      "d'après la date de signature sinon).")
    valid_from: IsoDate | None = Field(None, description="En vigueur du (AAAA-MM-JJ).")
    valid_until: IsoDate | None = Field(None, description="En vigueur jusqu'au (AAAA-MM-JJ).")
    until_year: Year | None = Field(None, description="Année de fin.")
    renews: Id | None = Field(None, description="Numéro de l'entente que celle-ci renouvelle.")
    sequence: Annotated[int, Field(ge=1, le=32767)] | None = Field(None, description="Rang dans la suite.")
    themes: list[PlanItem] = Field(default_factory=list, max_length=100, description=THEMES, examples=[[]])
    pistes: list[PlanItem] = Field(default_factory=list, max_length=100, description=(
        "Pistes du plan servies, par code (`dd-1`), ou `plan:code` ; `[]` pour aucune."), examples=[[]])
    summary: _text() = Field("", description="Objet.")
    notes: _text() = Field("", description="Notes.")
    is_published: bool = Field(True, description="Publiée (lue par le public).")
    source: _text(200) = Field("", description="Source.")
    parties: list[AgreementPartyIn] = Field(max_length=30, description=(
        "Les parties : au moins une française et une québécoise (une partie d'un pays tiers s'y ajoute pour une "
        "entente tripartite)."), examples=[[{"collectivity": "fr:69123"}, {"collectivity": "qc:37067"}]])


class CommitteeIn(Schema):
    side: Literal["fr", "qc"] = Field(description="`fr` ou `qc`.")
    name: _text(200, min_length=1) = Field(description="Nom du comité ou de l'association.")
    contact_name: _text(200) = Field("", description="Personne à contacter.")
    email: _text(254) = Field("", description="Courriel.")
    phone: _text(40) = Field("", description="Téléphone.")
    website: _text(200) = Field("", description="Site web.")


class TwinningIn(Schema):
    kind: Literal[tuple(Twinning.Kind.values)] = Field(Twinning.Kind.TWINNING, description="Nature.")
    french: CollectivityName = Field(description="La collectivité française, `fr:code` ou nom exact.",
                                     examples=["fr:69123"])
    quebec: CollectivityName = Field(description="La collectivité québécoise, `qc:code` ou nom exact.",
                                     examples=["qc:37067"])
    since_year: Year | None = Field(None, description="Année de début (remplie d'après `since` sinon).")
    since: IsoDate | None = Field(None, description="Depuis le (AAAA-MM-JJ).")
    until_year: Year | None = Field(None, description="Année de fin.")
    until: IsoDate | None = Field(None, description="Jusqu'au (AAAA-MM-JJ).")
    status: Literal[tuple(Twinning.Status.values)] = Field(Twinning.Status.ACTIVE, description="Activité.")
    last_exchange: IsoDate | None = Field(None, description="Date du dernier échange (AAAA-MM-JJ).")
    themes: list[PlanItem] = Field(default_factory=list, max_length=100, description=THEMES, examples=[[]])
    notes: _text() = Field("", description="Notes.")
    is_published: bool = Field(True, description="Publié (lu par le public).")
    source: _text(200) = Field("", description="Source.")
    committees: list[CommitteeIn] = Field(default_factory=list, max_length=10, description=(
        "Les comités de jumelage ou associations de chaque côté ; `[]` pour aucun."), examples=[[]])


VERSION = "Version lue (`version` de la lecture de l'enregistrement) : s'il a changé depuis, 409."


def _replacement(schema: type[Schema], name: str) -> type[Schema]:
    """`schema` with every field required, plus `version`: a PUT says every value (an
    omitted `status` must not quietly become the default)."""
    fields = {}
    for field_name, info in schema.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[field_name] = (annotation, Field(description=info.description, examples=info.examples))
    fields["version"] = (int, Field(ge=0, le=2**31 - 1, description=VERSION))
    return create_model(name, __base__=Schema, __doc__=schema.__doc__, **fields)


AgreementUpdateIn = _replacement(AgreementIn, "AgreementUpdateIn")
TwinningUpdateIn = _replacement(TwinningIn, "TwinningUpdateIn")

# 400: a body that is not JSON.
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _form_data(values: dict) -> dict:
    """A JSON body's values as a page's form reads them (a date as text, nothing as empty)."""
    return {name: "" if value is None else value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in values.items()}


def _rows(forms, label: str) -> list[dict]:
    """Each row's cleaned data; a ValidationError naming the row and its field otherwise."""
    problems = [_("%(what)s %(n)s, « %(field)s » : %(problem)s") % {
        "what": label, "n": number, "field": field, "problem": problem}
        for number, form in enumerate(forms, start=1) if not form.is_valid()
        for field, errors in form.errors.items() for problem in errors]
    if problems:
        raise ValidationError(problems)
    return [form.cleaned_data for form in forms]


def _parties(payload, agreement: Agreement | None) -> list[dict]:
    """The parties of the body, cleaned by the page's PartyForm, each matched to the party
    it replaces (its `id`)."""
    parties = _rows([PartyForm(_form_data(party.dict())) for party in payload.parties], _("Partie"))
    existing = list(agreement.parties.all()) if agreement else []
    for party in parties:
        collectivity = party.get("collectivity")
        for former in existing:
            if (former.collectivity_id == collectivity.pk if collectivity else (
                    not former.collectivity_id and (former.kind, former.side, former.name) == (
                    party["kind"], party["side"], party["name"]))):
                party["id"] = former.pk
                existing.remove(former)
                break
    return parties


def _committees(payload, twinning: Twinning | None) -> list[dict]:
    committees = _rows([CommitteeForm(_form_data(c.dict())) for c in payload.committees], _("Comité"))
    existing = list(twinning.committees.all()) if twinning else []
    for committee in committees:
        for former in existing:
            if (former.side, former.name) == (committee["side"], committee["name"]):
                committee["id"] = former.pk
                existing.remove(former)
                break
    return committees


def _require_one_of_theirs(user, ids: set[int], refusal: str) -> None:
    """The pages' rule (actions._check_editor) answered as a 403 rather than a form's error."""
    if not acts_as_secretariat(user) and not ids & editor_collectivity_ids(user):
        raise PermissionDenied(refusal)


def _invalid(form, rows: dict | None = None):
    """The 422 of the form's errors and those of its rows (`parties`, `committees`)."""
    return Status(422, form_errors_body({**form.errors, **(rows or {})}))


def _validated(form, name: str, read_rows):
    """(the rows `read_rows()` gives, None) when they and the form are valid; else (None,
    the 422 naming every refused field, the rows' errors under `name`)."""
    try:
        rows = read_rows()
    except ValidationError as error:
        form.is_valid()
        return None, _invalid(form, {name: error.messages})
    if not form.is_valid():
        return None, _invalid(form)
    return rows, None


# Agreements.

def _agreement_fields(form) -> dict:
    fields = form.action_fields()
    return {"themes": fields.pop("themes"), "pistes": fields.pop("pistes"), **fields}


def _agreement_ids(parties: list[dict]) -> set[int]:
    return {party["collectivity"].pk for party in parties if party.get("collectivity")}


REFUSE_AGREEMENT = _("Vous n'éditez aucune des collectivités parties à cette entente : seul le secrétariat "
                     "enregistre celle des autres.")


@agreements_router.post("", auth=BearerToken(), response={201: AgreementDetail, **WRITE_ERRORS},
                        summary="Enregistrer une entente")
def create_agreement(request: HttpRequest, payload: AgreementIn):
    """Enregistre une entente avec ses parties, comme le formulaire « Nouvelle entente » : le secrétariat
    pour toutes, un éditeur pour une entente dont l'une de ses collectivités est partie (sinon 403). Une
    valeur refusée répond 422 en nommant le champ (`parties` pour ce qui tient aux parties)."""
    if not can_create(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent une entente."))
    form = AgreementApiForm(_form_data(payload.dict(exclude={"parties"})))
    parties, refused = _validated(form, "parties", lambda: _parties(payload, None))
    if refused:
        return refused
    _require_one_of_theirs(request.user, _agreement_ids(parties), REFUSE_AGREEMENT)
    agreement = actions.create_agreement(by=request.user, parties=parties, **_agreement_fields(form))
    return Status(201, get_agreement(request, agreement.pk))


@agreements_router.put("/{int:agreement_id}", auth=BearerToken(),
                       response={200: AgreementDetail, 409: ConflictOut, **WRITE_ERRORS}, summary="Modifier une entente")
def update_agreement(request: HttpRequest, payload: AgreementUpdateIn,
                     agreement_id: Id = Path(..., description="Numéro de l'entente.")):
    """Remplace les champs de l'entente et ses parties (toutes), comme son formulaire « Modifier » : le
    secrétariat, ou un éditeur d'une collectivité partie (ou de l'entité d'aujourd'hui de l'une d'elles ;
    sinon 403, et 404 pour une entente qu'il ne lit pas). La `version` lue est exigée : si l'entente a
    changé depuis, 409 dit ce qui a changé et par qui, avec la version actuelle (`current_version`). Le
    document signé joint reste tel quel."""
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    form = AgreementApiForm(_form_data(payload.dict(exclude={"parties"})), instance=agreement)
    parties, refused = _validated(form, "parties", lambda: _parties(payload, agreement))
    if refused:
        return refused
    _require_one_of_theirs(request.user, _agreement_ids(parties), REFUSE_AGREEMENT)
    actions.update_agreement(agreement, by=request.user, version=form.read_version, parties=parties,
                             **_agreement_fields(form))
    return Status(200, get_agreement(request, agreement.pk))


# Twinnings.

def _twinning_fields(form) -> dict:
    fields = form.action_fields()
    return {"themes": fields.pop("themes"), **fields}


REFUSE_TWINNING = _("Vous n'éditez aucune des deux collectivités de ce jumelage : seul le secrétariat enregistre "
                    "celui des autres.")


@twinnings_router.post("", auth=BearerToken(), response={201: TwinningDetail, **WRITE_ERRORS},
                       summary="Enregistrer un jumelage")
def create_twinning(request: HttpRequest, payload: TwinningIn):
    """Enregistre un jumelage avec ses comités, comme le formulaire « Nouveau jumelage » : le secrétariat
    pour tous, un éditeur de l'une des deux collectivités (sinon 403). Une valeur refusée répond 422 en
    nommant le champ (`committees` pour ce qui tient aux comités)."""
    if not can_create(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent un jumelage."))
    form = TwinningApiForm(_form_data(payload.dict(exclude={"committees"})))
    committees, refused = _validated(form, "committees", lambda: _committees(payload, None))
    if refused:
        return refused
    data = form.cleaned_data
    _require_one_of_theirs(request.user, {data["french"].pk, data["quebec"].pk}, REFUSE_TWINNING)
    twinning = actions.create_twinning(by=request.user, committees=committees, **_twinning_fields(form))
    return Status(201, get_twinning(request, twinning.pk))


@twinnings_router.put("/{int:twinning_id}", auth=BearerToken(),
                      response={200: TwinningDetail, 409: ConflictOut, **WRITE_ERRORS}, summary="Modifier un jumelage")
def update_twinning(request: HttpRequest, payload: TwinningUpdateIn,
                    twinning_id: Id = Path(..., description="Numéro du jumelage.")):
    """Remplace les champs du jumelage et ses comités (tous), comme son formulaire « Modifier » : le
    secrétariat, ou un éditeur de l'une des deux collectivités (ou de son entité d'aujourd'hui ; sinon 403,
    et 404 pour un jumelage qu'il ne lit pas). La `version` lue est exigée : si le jumelage a changé
    depuis, 409 dit ce qui a changé et par qui, avec la version actuelle (`current_version`)."""
    twinning = get_twinning_for_user(request.user, twinning_id, write=True)
    form = TwinningApiForm(_form_data(payload.dict(exclude={"committees"})), instance=twinning)
    committees, refused = _validated(form, "committees", lambda: _committees(payload, twinning))
    if refused:
        return refused
    data = form.cleaned_data
    _require_one_of_theirs(request.user, {data["french"].pk, data["quebec"].pk}, REFUSE_TWINNING)
    actions.update_twinning(twinning, by=request.user, version=form.read_version, committees=committees,
                            **_twinning_fields(form))
    return Status(200, get_twinning(request, twinning.pk))
