"""The registry's read model: where the agreements and twinnings lie (LinkPlace), so that
the complementarity, the growth of twinning and the lists' région filter read an index
rather than walk every link through the collectivities' régions, parents and successions
(at national scale, 20 000 twinnings: 57 ms for one région's twinnings that way).

For each collectivity of a link, the rows name the territories (AREA_KINDS) it lies in or
is, both as it signed and as the entity it became (territories.Succession, one step), and
mark the région of today's entity (`is_region`); SignerToday names the entity of today of
each collectivity a record names, when it is another record (the lists, the API and the
records' pages read it: registry.models.todays_entities); NearbyLink crosses each link's areas
with its themes and its partner régions on the other side, with its publication, for the
complementarity of an area. The declaration at the end (two read models, keyed by
agreement and by twinning) connects the signals; `refresh_all()` rebuilds
everything (the migration, `maillage refresh_facts`, and after an import of the registry).
"""
from __future__ import annotations

from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Q

from projects.facts import ReadModel, bump_version, of_project
from territories.models import Collectivity, Kind, Link, Side
from territories.signals import collectivities_imported

from . import history

AREA_KINDS = ("region", "departement", "mrc")


def _places(pairs):
    """{(key, side, collectivity id)} → the LinkPlace fields (area id, is_region) of each,
    and {collectivity id: today's entity's id} of those whose entity of today is another
    record (SignerToday), in a fixed number of queries. Today's entity is registry.history's (successions step
    by step, a commune déléguée in its commune nouvelle), as on the records' pages."""
    ids = {collectivity for _key, _side, collectivity in pairs}
    records = Collectivity.objects.filter(pk__in=ids).only(*history.FIELDS)
    today = history.current_entities(records)
    # Each région named by a collectivity of today, itself followed to today's région (a
    # commune's record may still name Rhône-Alpes).
    regions = {entity.region_id for entity in today.values() if entity.region_id}
    region_today = {pk: entity.pk for pk, entity in history.current_entities(
        Collectivity.objects.filter(pk__in=regions).only(*history.FIELDS)).items()}
    every = ids | {entity.pk for entity in today.values()}
    parents = defaultdict(set)
    for child, parent in Link.objects.filter(child_id__in=every, parent__kind__in=AREA_KINDS).values_list(
            "child_id", "parent_id"):
        parents[child].add(parent)
    as_signed = {record.pk: record for record in records}
    found = set()
    for key, side, collectivity in pairs:
        entity = today[collectivity]
        partner_region = entity.pk if entity.kind == Kind.REGION else region_today.get(entity.region_id)
        areas = {partner_region} if partner_region else set()
        for record in (as_signed[collectivity], entity):
            if record.kind in AREA_KINDS:
                areas.add(record.pk)
            if record.region_id:
                areas.add(record.region_id)
            areas |= parents[record.pk]
        for area in areas:
            found.add((key, side, area, area == partner_region))
    return found, {pk: entity.pk for pk, entity in today.items() if entity.pk != pk}


def _nearby(field: str, ids, found, apps):
    """(link, area, is_region, theme, partner région, published) rows of the links `ids`
    from their places `found`: a row without area for each theme of the link; for each
    area, a row without theme nor partner (the link is nearby whatever its themes:
    deleting a theme, which cascades, leaves it counted), and each theme of the link × each
    région of today of its collectivities on the other side (None without one)."""
    model = apps.get_model("registry", field.capitalize())
    published = dict(model.objects.filter(pk__in=ids).values_list("pk", "is_published"))
    themes = defaultdict(set)
    for key, axis in model.themes.through.objects.filter(**{f"{field}_id__in": ids}).values_list(
            f"{field}_id", "axis_id"):
        themes[key].add(axis)
    areas, regions = defaultdict(set), defaultdict(set)
    for key, side, area, is_region in found:
        areas[key].add((side, area))
        if is_region and side in (Side.FRANCE, Side.QUEBEC):
            regions[key].add((side, area))
    rows = set()
    for key in ids:  # each link on each of its themes, once, wherever it lies: a theme's counts
        rows |= {(key, None, False, axis, None, published.get(key, True)) for axis in themes[key]}
    for key, nearby in areas.items():
        for side, area in nearby:
            partners = {region for other, region in regions[key] if other != side} or {None}
            is_region = (side, area) in regions[key]
            rows.add((key, area, is_region, None, None, published.get(key, True)))
            for axis in themes[key]:
                for partner in partners:
                    rows.add((key, area, is_region, axis, partner, published.get(key, True)))
    return rows


def _write(field: str, ids, pairs, apps) -> None:
    LinkPlace = apps.get_model("registry", "LinkPlace")
    NearbyLink = _model(apps, "NearbyLink")
    SignerToday = _model(apps, "SignerToday")
    found, today = _places(pairs)
    ids = list(ids)
    nearby = _nearby(field, ids, found, apps) if NearbyLink else ()
    with transaction.atomic():
        LinkPlace.objects.filter(**{f"{field}_id__in": ids}).delete()
        LinkPlace.objects.bulk_create(
            [LinkPlace(**{f"{field}_id": key}, side=side, area_id=area, is_region=is_region)
             for key, side, area, is_region in sorted(found)],
            batch_size=2000,
        )
        if NearbyLink:
            NearbyLink.objects.filter(**{f"{field}_id__in": ids}).delete()
            NearbyLink.objects.bulk_create(
                [NearbyLink(**{f"{field}_id": key}, area_id=area, is_region=is_region, axis_id=axis,
                            partner_id=partner, is_published=is_published)
                 for key, area, is_region, axis, partner, is_published in nearby],
                batch_size=2000,
            )
        # A signer's fact is the same whichever record names it: rewritten for every
        # collectivity these records name (a row left by a record since gone stays true).
        signers = sorted({collectivity for _key, _side, collectivity in pairs}) if SignerToday else []
        for start in range(0, len(signers), BATCH):
            SignerToday.objects.filter(signer_id__in=signers[start:start + BATCH]).delete()
        if SignerToday:
            SignerToday.objects.bulk_create([SignerToday(signer_id=signer, today_id=entity)
                                             for signer, entity in sorted(today.items())], batch_size=2000)
        bump_version(apps)  # in the writer's transaction, as every read model does


def _model(apps, name: str):
    """The model `name` of the read model, None in the migrations before its table (0002
    fills LinkPlace, 0004 adds SignerToday, 0005 NearbyLink)."""
    try:
        return apps.get_model("registry", name)
    except LookupError:
        return None


def refresh_agreements(ids, *, create: bool = True, apps=global_apps) -> None:
    """Rewrite the places of the agreements `ids` (set-based: the same queries for one or
    for thousands)."""
    AgreementParty = apps.get_model("registry", "AgreementParty")
    ids = set(ids)
    pairs = list(AgreementParty.objects.filter(agreement_id__in=ids, collectivity__isnull=False).values_list(
        "agreement_id", "side", "collectivity_id"))
    _write("agreement", ids, pairs, apps)


def refresh_twinnings(ids, *, create: bool = True, apps=global_apps) -> None:
    """Rewrite the places of the twinnings `ids`."""
    Twinning = apps.get_model("registry", "Twinning")
    ids = set(ids)
    pairs = []
    for pk, french, quebec in Twinning.objects.filter(pk__in=ids).values_list("pk", "french_id", "quebec_id"):
        pairs += [(pk, "fr", french), (pk, "qc", quebec)]
    _write("twinning", ids, pairs, apps)


BATCH = 5000


def refresh_all(apps=global_apps) -> None:
    """Rebuild every place and every signer's entity of today, by batches."""
    if _model(apps, "SignerToday"):
        _model(apps, "SignerToday").objects.all().delete()
    for model, refresh in (("Agreement", refresh_agreements), ("Twinning", refresh_twinnings)):
        ids = list(apps.get_model("registry", model).objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            refresh(ids[start:start + BATCH], apps=apps)
    apps.get_model("registry", "LinkPlace").objects.filter(agreement__isnull=True, twinning__isnull=True).delete()
    if _model(apps, "NearbyLink"):
        _model(apps, "NearbyLink").objects.filter(agreement__isnull=True, twinning__isnull=True).delete()


# --- The declaration ---------------------------------------------------------------------

def _links_of(kind: str, column: str):
    """For rows of territories naming collectivities in `column` (a Collectivity's pk, a
    Link's child, a Succession's predecessor): the agreements or twinnings whose places
    they may change (naming those collectivities, their former records, or lying in a
    région among them)."""
    named_by = of_project(column)  # the ids in `column`, for instances or a QuerySet

    def links(rows):
        named = named_by(rows)
        Succession = global_apps.get_model("territories", "Succession")
        formers = Succession.objects.filter(successor_id__in=named).values("predecessor_id")
        if kind == "agreement":
            AgreementParty = global_apps.get_model("registry", "AgreementParty")
            return AgreementParty.objects.filter(
                Q(collectivity_id__in=named) | Q(collectivity_id__in=formers)
                | Q(collectivity__region_id__in=named)).values_list(
                "agreement_id", flat=True).distinct()
        Twinning = global_apps.get_model("registry", "Twinning")
        return Twinning.objects.filter(
            Q(french_id__in=named) | Q(quebec_id__in=named) | Q(french_id__in=formers) | Q(quebec_id__in=formers)
            | Q(french__region_id__in=named) | Q(quebec__region_id__in=named)  # in a région named
        ).values_list("pk", flat=True)
    links.__qualname__ = f"_links_of({kind!r}, {column!r})"
    return links


AGREEMENT_PLACES = ReadModel("registry-agreement-places", refresh=refresh_agreements)
AGREEMENT_PLACES.depends_on("registry.AgreementParty", fields=("collectivity", "side"), key=("agreement",),
                            projects=of_project("agreement_id"))
TWINNING_PLACES = ReadModel("registry-twinning-places", refresh=refresh_twinnings)
TWINNING_PLACES.depends_on("registry.Twinning", fields=("french", "quebec", "is_published"), projects=of_project("pk"))
# NearbyLink's themes and publication.
AGREEMENT_PLACES.depends_on("registry.Agreement", fields=("is_published",), projects=of_project("pk"))
AGREEMENT_PLACES.depends_on("registry.Agreement_themes", fields=("axis",), key=("agreement",),
                            projects=of_project("agreement_id"))
TWINNING_PLACES.depends_on("registry.Twinning_themes", fields=("axis",), key=("twinning",),
                           projects=of_project("twinning_id"))
for read_model, kind in ((AGREEMENT_PLACES, "agreement"), (TWINNING_PLACES, "twinning")):
    # valid_until: a record that closes is followed to its successor (registry.history).
    read_model.depends_on("territories.Collectivity", fields=("kind", "region", "valid_until"),
                          projects=_links_of(kind, "pk"))
    read_model.depends_on("territories.Link", fields=("child", "parent"), projects=_links_of(kind, "child_id"))
    read_model.depends_on("territories.Succession", fields=("predecessor", "successor"),
                          projects=_links_of(kind, "predecessor_id"))
# What the registry's other figures and the lists' cached pages and API answers read
# (statuses, years, publication, themes, names) is read live within the cached figures:
# changing it moves the data version only.
for model, fields in (
    ("registry.Agreement", ("status", "title", "kind", "signed_on", "since_year", "valid_from",
                            "valid_until", "until_year", "renews", "sequence")),
    ("registry.AgreementParty", ("name", "country", "kind")),
    ("registry.Twinning", ("status", "since_year", "since", "until_year", "until", "last_exchange",
                           "kind")),
    ("territories.Collectivity", ("name", "code")),
    ("plan.Axis", ("title", "slug")),
    ("registry.Agreement_pistes", ("agreement", "piste")),
):
    TWINNING_PLACES.depends_on(model, fields=fields)


def connect() -> None:
    """Connect the declared sources (AppConfig.ready), and the territories' import, which
    writes collectivities and links in bulk."""
    AGREEMENT_PLACES.connect()
    TWINNING_PLACES.connect()
    collectivities_imported.connect(_on_collectivities_imported, dispatch_uid="registry-places")


def _on_collectivities_imported(sender, **kwargs) -> None:
    refresh_all()
