"""/api/v1/agreements and /api/v1/twinnings: the registry's records, as the pages show
them (the same visibility: the public reads what is published, an editor also their
collectivities' records, the secretariat and the committees everything).

Each party is named as today's entity (`registry.history`): what Rhône-Alpes signed has
Auvergne-Rhône-Alpes as party, with `former` naming Rhône-Alpes. Filters match through
today's entities too: `collectivity=fr:84` and `region=fr:84` find what Rhône-Alpes signed.
A filter of the wrong shape is a 422; one naming no collectivity, région or theme is a
404, in French."""
from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from core.api import ErrorOut, Id, Page, Slug
from plan.models import Axis
from projects.facts import cached

from .access import shows_contacts
from .models import (Agreement, Twinning, collectivities_coded, follow_history, parties_of, reader_scope, region_coded,
                     themes_of)

agreements_router = Router(tags=["Ententes"])
twinnings_router = Router(tags=["Jumelages"])

SideCode = Literal["fr", "qc", "other"]
CollectivityRef = Annotated[str, Field(
    pattern=r"^(fr|qc|other):([a-z_]{1,30}:)?[0-9A-Za-z]{1,20}$",
    description="`côté:code` (`fr:69123`, `qc:37067`, `fr:84`), ou `côté:type:code` quand deux types "
                "partagent un code (`fr:departement:01`). Les anciennes entités comptent : `fr:84` trouve "
                "aussi ce que Rhône-Alpes a signé.")]
RegionRef = Annotated[str, Field(
    pattern=r"^(fr|qc):[0-9A-Za-z]{1,3}$",
    description="Région française ou région administrative du Québec, `côté:code` (`fr:84`, `qc:04`), "
                "collectivités d'aujourd'hui qui y sont comprises.")]
DATE_OR_YEAR = "Date `AAAA-MM-JJ`, ou l'année `AAAA` seule quand elle seule est connue."


class RegistryEntityOut(Schema):
    side: str = Field(description="`fr`, `qc` ou `other`.")
    kind: str = Field(description="Type de la collectivité (`region`, `commune`, `municipalite`…), ou nature de "
                                  "la partie qui n'en est pas une (`gouvernement`, `organisation`).")
    code: str | None = Field(description="Code officiel de la collectivité ; vide pour un gouvernement ou une "
                                         "organisation.")
    name: str


class RegistryPartyOut(RegistryEntityOut):
    former: RegistryEntityOut | None = Field(
        None, description="L'entité qui a signé, quand ce n'est pas celle d'aujourd'hui (Rhône-Alpes pour "
                          "Auvergne-Rhône-Alpes, Chicoutimi pour Saguenay).")


class AgreementOut(Schema):
    id: int
    title: str
    kind: str = Field(description="Nature : " + ", ".join(f"`{v}`" for v in Agreement.Kind.values) + ".")
    status: str = Field(description="Statut : " + ", ".join(f"`{v}`" for v in Agreement.Status.values) + ".")
    since: str | None = Field(description="Signature, ou entrée en vigueur. " + DATE_OR_YEAR)
    until: str | None = Field(description="Fin de validité. " + DATE_OR_YEAR)
    renews: int | None = Field(description="Numéro de l'entente que celle-ci renouvelle (le plan d'action précédent).")
    sequence: int | None = Field(description="Rang dans la suite (8 pour le 8e plan d'action).")
    themes: list[str] = Field(description="Identifiants des thèmes.")
    parties: list[RegistryPartyOut]


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementDetail(AgreementOut):
    summary: str
    pistes: list[str] = Field(description="Codes des pistes du plan servies.")
    renewals: list[int] = Field(description="Numéros des ententes qui renouvellent celle-ci.")
    has_document: bool
    version: int = Field(description="Version de l'entente, à renvoyer pour la modifier (PUT).")


class TwinningOut(Schema):
    id: int
    kind: str = Field(description="Nature : " + ", ".join(f"`{v}`" for v in Twinning.Kind.values) + ".")
    status: str = Field(description="Activité : " + ", ".join(f"`{v}`" for v in Twinning.Status.values) + ".")
    since: str | None = Field(description=DATE_OR_YEAR)
    until: str | None = Field(description=DATE_OR_YEAR)
    last_exchange: str | None = Field(description="Date du dernier échange, `AAAA-MM-JJ`.")
    themes: list[str]
    parties: list[RegistryPartyOut] = Field(description="La collectivité française, puis la québécoise.")


class TwinningPage(Schema):
    count: int
    items: list[TwinningOut]


class TwinningCommitteeOut(Schema):
    side: str
    name: str
    website: str
    contact_name: str | None = Field(description="Aux utilisateurs connectés seulement (vide sinon).")
    email: str | None = Field(description="Aux utilisateurs connectés seulement.")
    phone: str | None = Field(description="Aux utilisateurs connectés seulement.")


class TwinningDetail(TwinningOut):
    notes: str
    committees: list[TwinningCommitteeOut]
    version: int = Field(description="Version du jumelage, à renvoyer pour le modifier (PUT).")


class RecordFilters(Page):
    collectivity: CollectivityRef | None = Field(None)
    side: SideCode | None = Field(None, description="A une partie de ce côté, collectivité, gouvernement ou "
                                                    "organisation (`other` : d'un pays tiers). Tout jumelage joint `fr` et `qc`.")
    region: RegionRef | None = Field(None)
    theme: Slug | None = Field(None, description="Identifiant d'un thème, par exemple `tourisme`.")


class AgreementFilters(RecordFilters):
    status: Literal[tuple(Agreement.Status.values)] | None = Field(None, description="Statut.")
    kind: Literal[tuple(Agreement.Kind.values)] | None = Field(None, description="Nature.")


class TwinningFilters(RecordFilters):
    status: Literal[tuple(Twinning.Status.values)] | None = Field(None, description="Activité.")
    kind: Literal[tuple(Twinning.Kind.values)] | None = Field(None, description="Nature.")


def _when(value) -> str | None:
    if value is None:
        return None
    return str(value) if isinstance(value, int) else value.isoformat()


def _entity(collectivity) -> dict:
    return {"side": collectivity.side, "kind": collectivity.kind, "code": collectivity.code, "name": collectivity.name}


def _party(party) -> dict:
    if party.current is None:
        return {"side": party.side, "kind": party.kind, "code": None, "name": party.name, "former": None}
    return {**_entity(party.current), "former": _entity(party.former) if party.former else None}


def _side(now, former) -> dict:
    return {**_entity(now), "former": _entity(former) if former else None}


def _agreement(agreement: Agreement) -> dict:
    return {"id": agreement.pk, "title": agreement.title, "kind": agreement.kind, "status": agreement.status,
            "since": _when(agreement.since), "until": _when(agreement.until), "renews": agreement.renews_id,
            "sequence": agreement.sequence, "themes": [theme.slug for theme in themes_of(agreement)],
            "parties": [_party(party) for party in parties_of(agreement)]}


def _twinning(twinning: Twinning) -> dict:
    return {"id": twinning.pk, "kind": twinning.kind, "status": twinning.status,
            "since": _when(twinning.since_value), "until": _when(twinning.until_value),
            "last_exchange": _when(twinning.last_exchange), "themes": [theme.slug for theme in themes_of(twinning)],
            "parties": [_side(twinning.french_now, twinning.french_former),
                        _side(twinning.quebec_now, twinning.quebec_former)]}


def _matching(filters: RecordFilters) -> dict:
    """The filters for QuerySet.matching(): 404 when one names nothing."""
    found = {"side": filters.side, "status": filters.status, "kind": filters.kind}
    if filters.collectivity:
        found["collectivity"] = collectivities_coded(filters.collectivity)
        if not found["collectivity"]:
            raise HttpError(404, _("Aucune collectivité ne porte le code « %(ref)s ».") % {"ref": filters.collectivity})
    if filters.region:
        found["region"] = region_coded(filters.region)
        if found["region"] is None:
            raise HttpError(404, _("Aucune région en vigueur ne porte le code « %(ref)s ».") % {"ref": filters.region})
    if filters.theme:
        if not Axis.objects.filter(kind=Axis.Kind.THEME, slug=filters.theme).exists():
            raise HttpError(404, _("Aucun thème ne porte l'identifiant « %(slug)s ».") % {"slug": filters.theme})
        found["theme"] = filters.theme
    return found


def _page(request: HttpRequest, model, filters: RecordFilters, item) -> dict:
    """The answer of a list: its count and its page's items (`item` of each record), read
    once for the callers who read the same records with the same filters, then from the
    cache until the data version moves (as the lists' pages: registry.views._list)."""
    def compute():
        rows = model.objects.visible_to(request.user).matching(**_matching(filters))
        count = rows.count()
        page = list(rows.for_rows()[filters.offset:filters.offset + filters.limit]) if filters.offset < count else []
        return {"count": count, "items": [item(record) for record in follow_history(page)]}

    asked = hashlib.sha256(repr(sorted(filters.model_dump().items())).encode()).hexdigest()[:32]
    return cached(f"registry-api:1:{model._meta.model_name}:{reader_scope(request.user)}:{asked}", compute)


@agreements_router.get("", response={200: AgreementPage, 404: ErrorOut, 422: ErrorOut}, summary="Ententes, filtrées")
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]):
    """Ententes visibles par l'appelant, les plus récentes d'abord ; chaque partie nommée comme l'entité
    d'aujourd'hui, avec `former` quand une ancienne entité a signé."""
    return _page(request, Agreement, filters, _agreement)


@agreements_router.get("/{int:agreement_id}", response={200: AgreementDetail, 404: ErrorOut, 422: ErrorOut},
                       summary="Une entente")
def get_agreement(request: HttpRequest, agreement_id: Id = Path(..., description="Numéro de l'entente.")):
    agreement = Agreement.objects.visible_to(request.user).for_detail().filter(pk=agreement_id).first()
    if agreement is None:
        raise HttpError(404, _("Aucune entente visible ne porte le numéro %(id)s.") % {"id": agreement_id})
    follow_history([agreement])
    readable = Agreement.objects.visible_to(request.user)
    return {**_agreement(agreement), "summary": agreement.summary,
            "pistes": [piste.code for piste in agreement.pistes.all()],
            "renewals": list(readable.filter(renews=agreement).order_by("since_year", "pk").values_list("pk", flat=True)),
            "renews": agreement.renews_id if agreement.renews_id and readable.filter(pk=agreement.renews_id).exists()
            else None,
            "has_document": bool(agreement.document),
            "version": agreement.version}


@twinnings_router.get("", response={200: TwinningPage, 404: ErrorOut, 422: ErrorOut}, summary="Jumelages, filtrés")
def list_twinnings(request: HttpRequest, filters: Query[TwinningFilters]):
    """Jumelages visibles par l'appelant, les plus récents d'abord : la collectivité française puis la
    québécoise, chacune nommée comme l'entité d'aujourd'hui, avec `former` quand une ancienne a signé
    (Chicoutimi pour Saguenay)."""
    return _page(request, Twinning, filters, _twinning)


@twinnings_router.get("/{int:twinning_id}", response={200: TwinningDetail, 404: ErrorOut, 422: ErrorOut},
                      summary="Un jumelage")
def get_twinning(request: HttpRequest, twinning_id: Id = Path(..., description="Numéro du jumelage.")):
    twinning = Twinning.objects.visible_to(request.user).for_detail().filter(pk=twinning_id).first()
    if twinning is None:
        raise HttpError(404, _("Aucun jumelage visible ne porte le numéro %(id)s.") % {"id": twinning_id})
    follow_history([twinning])
    contacts = shows_contacts(request.user)
    return {**_twinning(twinning), "notes": twinning.notes, "committees": [{
        "side": c.side, "name": c.name, "website": c.website,
        "contact_name": c.contact_name if contacts else None, "email": c.email if contacts else None,
        "phone": c.phone if contacts else None} for c in twinning.committees.all()],
        "version": twinning.version}


# The writes (registry/api_write.py): POST and PUT on these routers.
from . import api_write  # noqa: E402, F401
