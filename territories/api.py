"""/api/v1/collectivities: the registry of collectivities, read-only and public.

A collectivity is named by its side and its official code. A code is unique among the
*current* records of one side and kind, not of one side: in France "01" is both the région
Guadeloupe and the département de l'Ain, and a commune déléguée keeps its commune's code.
So `GET /collectivities/{side}/{code}` answers 300 with the list of the matching records
when the code is ambiguous and no `kind` is given.
"""
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from core.api import Code, ErrorOut, Id, Page, Text

from .models import Collectivity, Kind, Link, Side, Succession

router = Router(tags=["Collectivités"])

KIND_VALUES = ", ".join(f"`{value}`" for value in Kind.values)


class CollectivityRef(Schema):
    side: str = Field(description="Côté : `fr` (France), `qc` (Québec), `other` (ailleurs).")
    kind: str = Field(description="Type (code stable), par exemple `commune`, `mrc`, `region`.")
    kind_label: str = Field(description="Type en clair, en français (« Région administrative » au Québec).")
    code: str = Field(description="Code officiel : INSEE (COG), SIREN pour un EPCI, code géographique au Québec.")
    name: str = Field(description="Nom officiel.")
    valid_until: date | None = Field(description="Dernier jour d'existence ; `null` si elle est en vigueur.")
    url: str = Field(description="URL de cette fiche dans l'API (avec `?kind=` si le code est ambigu, `?id=` pour une ancienne version).")


class CollectivityItem(CollectivityRef):
    siren: str = Field(description="SIREN (France), vide sinon.")
    designation: str = Field(description="Désignation : ville, municipalité, paroisse… ; CC, CA, CU, métropole…")
    population: int | None = Field(description="Population légale ou au répertoire.")
    region_code: str | None = Field(description="Code de la région (ou région administrative) où elle se trouve.")
    parent_codes: list[str] = Field(description="Codes des collectivités dont elle relève directement (département, EPCI, MRC…).")
    valid_from: date | None = Field(description="Premier jour d'existence, s'il est connu.")
    is_demo: bool = Field(description="Donnée de démonstration, pas une collectivité réelle.")


class CollectivityPage(Schema):
    count: int = Field(description="Nombre total de collectivités qui répondent aux filtres.")
    items: list[CollectivityItem]


class SuccessionOut(Schema):
    event: str = Field(description="`fusion`, `changement_nom`, `scission`, `suppression` ou `autre`.")
    event_label: str = Field(description="L'événement en clair.")
    date: date
    collectivity: CollectivityRef = Field(description="L'autre collectivité : la devancière ou la suivante.")


class CollectivityDetail(CollectivityItem):
    area_km2: Decimal | None = Field(description="Superficie en km².")
    website: str = Field(description="Site web, tenu par la collectivité elle-même.")
    chef_lieu: CollectivityRef | None = Field(description="Chef-lieu, s'il est connu.")
    parents: list[CollectivityRef] = Field(description="Collectivités dont elle relève directement.")
    predecessors: list[SuccessionOut] = Field(description="Collectivités dont elle est issue.")
    successors: list[SuccessionOut] = Field(description="Ce qu'elle est devenue (fusion, changement de nom…).")


class Ambiguous(Schema):
    detail: str = Field(description="Explication en français.")
    choices: list[CollectivityRef] = Field(description="Les fiches qui portent ce code ; suivez `url`.")


def _item_url(collectivity: Collectivity, ambiguous: set[tuple[str, str]]) -> str:
    url = reverse("api:collectivity", args=[collectivity.side, collectivity.code])
    if not collectivity.is_current:
        return f"{url}?id={collectivity.pk}"
    if (collectivity.side, collectivity.code) in ambiguous:
        return f"{url}?kind={collectivity.kind}"
    return url


def _ambiguous_codes(collectivities) -> set[tuple[str, str]]:
    """(side, code) pairs worn by several current records: their URLs need `?kind=`. One query."""
    codes = {c.code for c in collectivities}
    if not codes:
        return set()
    rows = (
        Collectivity.objects.current()
        .filter(code__in=codes)
        .values("side", "code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return {(row["side"], row["code"]) for row in rows}


def _ref(collectivity: Collectivity, ambiguous: set) -> dict:
    return {
        "side": collectivity.side,
        "kind": collectivity.kind,
        "kind_label": collectivity.kind_label,
        "code": collectivity.code,
        "name": collectivity.name,
        "valid_until": collectivity.valid_until,
        "url": _item_url(collectivity, ambiguous),
    }


def _item(collectivity: Collectivity, ambiguous: set) -> dict:
    return {
        **_ref(collectivity, ambiguous),
        "siren": collectivity.siren,
        "designation": collectivity.designation,
        "population": collectivity.population,
        "region_code": collectivity.region.code if collectivity.region else None,
        "parent_codes": [parent.code for parent in collectivity.parents.all()],
        "valid_from": collectivity.valid_from,
        "is_demo": collectivity.is_demo,
    }


def _with_parent_codes(queryset):
    return queryset.select_related("region").prefetch_related(
        Prefetch("parents", queryset=Collectivity.objects.only("id", "code").order_by("code"))
    )


@router.get(
    "",
    response={200: CollectivityPage, 422: ErrorOut},
    url_name="collectivities",
    summary="Lister et chercher les collectivités",
    description=(
        "Les collectivités en vigueur (ajoutez `include_former=true` pour les anciennes), "
        "les plus peuplées d'abord ; avec `q`, le nom exact d'abord. Pagination par "
        "`limit` (50 par défaut, 500 au plus) et `offset` (un million au plus). Une valeur "
        "invalide répond 422 avec un message en français."
    ),
)
def list_collectivities(
    request: HttpRequest,
    page: Query[Page],
    side: Side | None = Query(None, description="`fr`, `qc` ou `other`."),
    kind: Kind | None = Query(None, description="Type : " + KIND_VALUES + "."),
    parent: Code | None = Query(None, description="Code d'une collectivité dont elles relèvent directement (ex. `69` pour les communes du Rhône, `200046977` pour la Métropole de Lyon)."),
    parent_kind: Kind | None = Query(None, description="Type de ce parent, quand son code est ambigu (`region` ou `departement` pour `01`)."),
    q: Text | None = Query(None, description="Nom, sans souci d'accents ni de majuscules (`levis`, `st-jean`) ; ou un code INSEE, SIREN ou géographique, cherché tel quel.", max_length=100),
    include_former: bool = Query(False, description="Inclure les collectivités qui n'existent plus (fusionnées, renommées, supprimées)."),
):
    qs = Collectivity.objects.all() if include_former else Collectivity.objects.current()
    if side:
        qs = qs.filter(side=side)
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        # The children's ids first (an index lookup), rather than a test on every row.
        links = Link.objects.filter(parent__code=parent)
        links = links.filter(parent__kind=parent_kind) if parent_kind else links
        qs = qs.filter(pk__in=links.values("child_id"))
    qs = qs.find(q) if q and q.strip() else qs.by_population()
    # Queries: the count, the page with its régions, the parents' codes, the ambiguous codes.
    items = list(_with_parent_codes(qs)[page.offset : page.offset + page.limit])
    ambiguous = _ambiguous_codes(items)
    return {"count": qs.count(), "items": [_item(c, ambiguous) for c in items]}


@router.get(
    "/{side}/{code}",
    response={200: CollectivityDetail, 300: Ambiguous, 404: ErrorOut, 422: ErrorOut},
    url_name="collectivity",
    summary="Une collectivité, avec ses parents et son histoire",
    description=(
        "La fiche en vigueur qui porte ce code de ce côté ; à défaut, la plus récente des "
        "anciennes. Un même code peut désigner plusieurs fiches d'un côté (en France, `01` "
        "est la région Guadeloupe et le département de l'Ain ; une commune déléguée garde le "
        "code de sa commune) : sans `kind`, un code ambigu répond **300** avec la liste "
        "`choices` des fiches, chacune avec son `url`. `id` choisit une version précise "
        "(celle qu'indique `url` pour une ancienne collectivité). 404 si aucune fiche ne "
        "correspond."
    ),
)
def get_collectivity(
    request: HttpRequest,
    side: Side = Path(..., description="`fr`, `qc` ou `other`.", examples=["fr"]),
    code: Code = Path(..., description="Code officiel (`69123` pour Lyon, `37067` pour Trois-Rivières).", examples=["69123"]),
    kind: Kind | None = Query(None, description="Type, pour lever l'ambiguïté d'un code : " + KIND_VALUES + "."),
    id: Id | None = Query(None, description="Identifiant d'une version précise (anciennes collectivités)."),
):
    records = Collectivity.objects.filter(Q(code=code) | Q(code=code.upper()), side=side)
    if kind:
        records = records.filter(kind=kind)
    if id is not None:
        records = records.filter(pk=id)
    candidates = list(records.order_by(F("valid_until").desc(nulls_first=True), "-pk").only("pk", "side", "kind", "code", "name", "valid_until"))
    if not candidates:
        return Status(404, {"detail": _("Aucune collectivité ne porte le code « %(code)s » de ce côté (%(side)s).") % {"code": code, "side": side}})
    current = [c for c in candidates if c.is_current]
    # The current record of each kind, else the latest former one of each kind.
    by_kind = {}
    for candidate in current or candidates:
        by_kind.setdefault(candidate.kind, candidate)
    if len(by_kind) > 1:
        choices = list(by_kind.values())
        return Status(300, {
            "detail": _("Le code « %(code)s » désigne plusieurs collectivités : précisez « kind » parmi %(kinds)s.")
            % {"code": code, "kinds": ", ".join(f"{c.kind} ({c.kind_label})" for c in choices)},
            "choices": [_ref(c, {(side, c.code)}) for c in choices],
        })
    return Status(200, _detail(next(iter(by_kind.values())).pk))


def _detail(pk: int) -> dict:
    collectivity = (
        Collectivity.objects.select_related("region", "chef_lieu")
        .prefetch_related(Prefetch("parents", queryset=Collectivity.objects.order_by("kind", "code")))
        .get(pk=pk)
    )
    parents = list(collectivity.parents.all())
    successions = list(
        Succession.objects.filter(Q(predecessor=collectivity) | Q(successor=collectivity))
        .select_related("predecessor", "successor")
        .order_by("date", "pk")
    )
    related = [collectivity, *parents] + [s.predecessor for s in successions] + [s.successor for s in successions]
    if collectivity.chef_lieu:
        related.append(collectivity.chef_lieu)
    ambiguous = _ambiguous_codes(related)

    def succession(s: Succession, other: Collectivity) -> dict:
        return {"event": s.event, "event_label": s.get_event_display(), "date": s.date, "collectivity": _ref(other, ambiguous)}

    return {
        **_item(collectivity, ambiguous),
        "area_km2": collectivity.area_km2,
        "website": collectivity.website,
        "chef_lieu": _ref(collectivity.chef_lieu, ambiguous) if collectivity.chef_lieu else None,
        "parents": [_ref(p, ambiguous) for p in parents],
        "predecessors": [succession(s, s.predecessor) for s in successions if s.successor_id == collectivity.pk],
        "successors": [succession(s, s.successor) for s in successions if s.predecessor_id == collectivity.pk],
    }
