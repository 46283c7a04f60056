"""The one French full-text search of the observatory: practices, projects, agreements
and cooperation profiles, in one index (models.SearchDocument).

Each source is one entry of SOURCES: its model, the fields read into the title and the
text, how to find its URL, who may read it (published or not, and the collectivities
whose editors read it unpublished), its themes, side and région, and the related models
whose changes touch it. The signal connections below are derived from that declaration:
a record saved or deleted (or its themes, collectivities or partners changed) is indexed
again at once, in the same transaction, so that the search never lags behind the pages
(signals rather than actions because four apps write these records, two of them written
by others; the index is a read model, the one place STYLE.md allows them). `manage.py
rebuild_search_index` rebuilds everything.

The text is stemmed in Python (text.py), identically for both databases; each database's
own engine matches and ranks: FTS5 (bm25) on SQLite; on PostgreSQL, to_tsvector('simple')
stored in a generated column with a GIN index, and ts_rank_cd (migrations 0002, 0003)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models import BooleanField, Count, FloatField, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from plan.models import Axis
from territories.models import Collectivity, Kind

from .models import SearchDocument, editor_ids, reads_unpublished
from .text import excerpt, query_tokens, stems

FTS_TABLE = "observatory_search_fts"


def _url(obj, name: str) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:  # the app has no detail page yet: the search still finds it
        return ""


def _collectivities_region(collectivities) -> tuple[str, int | None]:
    sides = sorted({c.side for c in collectivities if c is not None})
    region = next((c.region_id or (c.pk if c.kind == Kind.REGION else None)
                   for c in collectivities if c is not None and (c.region_id or c.kind == Kind.REGION)), None)
    return "-".join(sides), region


@dataclass(frozen=True)
class Source:
    """One kind of record in the index."""

    kind: str
    label: str
    model: str  # "app_label.Model"
    fields: tuple[str, ...]  # the text, the first one being the title
    url_name: str
    is_public: Callable[[object], bool]
    collectivities: Callable[[object], list]  # whose editors read it; gives side and région
    themes: Callable[[object], Iterable[int]]
    # (model, attribute naming the record's id) whose save or delete re-indexes the record
    related: tuple[tuple[str, str], ...] = ()
    m2m: tuple[str, ...] = ()  # many-to-many fields whose change re-indexes the record
    prefetch: tuple[str, ...] = field(default=())

    def get_model(self):
        return apps.get_model(self.model)


SOURCES: list[Source] = [
    Source(
        "practice", _("Bonne pratique"), "observatory.Practice",
        ("title", "summary", "body", "results", "figures", "worked", "to_avoid"), "observatory:detail",
        is_public=lambda p: p.status == "published",
        collectivities=lambda p: list(p.collectivities.all()),
        themes=lambda p: [p.theme_id], m2m=("collectivities",), prefetch=("collectivities",),
    ),
    Source(
        "project", _("Projet"), "projects.Project", ("title", "summary", "description"), "projects:detail",
        is_public=lambda p: p.is_public,
        collectivities=lambda p: [partner.collectivity for partner in p.partners.all()],
        themes=lambda p: [t.pk for t in p.themes.all()],
        related=(("projects.Partner", "project_id"),), m2m=("themes",),
        prefetch=("partners__collectivity", "themes"),
    ),
    # The registry has no parties' side on the agreement itself: read from its parties.
    Source(
        "agreement", _("Entente"), "registry.Agreement", ("title", "summary", "notes"), "registry:agreement_detail",
        is_public=lambda a: a.is_published,
        collectivities=lambda a: [party.collectivity for party in a.parties.all()],
        themes=lambda a: [t.pk for t in a.themes.all()],
        related=(("registry.AgreementParty", "agreement_id"),), m2m=("themes",),
        prefetch=("parties__collectivity", "themes"),
    ),
    Source(
        "profile", _("Profil de coopération"), "matching.Profile",
        ("__str__", "offers", "seeks", "excellence"), "matching:profile_detail",
        is_public=lambda p: p.is_published,
        collectivities=lambda p: [p.collectivity] if p.collectivity_id else [],
        themes=lambda p: [t.pk for t in p.themes.all()],
        m2m=("themes",), prefetch=("collectivity", "themes"),
    ),
]
BY_KIND = {source.kind: source for source in SOURCES}


def _value(obj, name: str) -> str:
    value = str(obj) if name == "__str__" else getattr(obj, name)
    return str(value or "")


def _document(source: Source, obj) -> tuple[SearchDocument, list[int]]:
    texts = [_value(obj, name) for name in source.fields]
    collectivities = source.collectivities(obj)
    side, region = _collectivities_region(collectivities)
    owners = " ".join(str(c.pk) for c in collectivities if c is not None)
    doc = SearchDocument(
        kind=source.kind, object_id=obj.pk, title=texts[0][:300], body="\n".join(t for t in texts[1:] if t),
        stems=stems(" ".join(texts)), url=_url(obj, source.url_name), is_public=bool(source.is_public(obj)),
        owners=f" {owners} " if owners else "", side=side, region_id=region,
    )
    return doc, [pk for pk in source.themes(obj) if pk]


def index(source: Source, pks: Iterable[int]) -> None:
    """Index again the records `pks` of `source` (those gone are removed)."""
    pks = list(pks)
    with transaction.atomic():
        SearchDocument.objects.filter(kind=source.kind, object_id__in=pks).delete()
        objects = source.get_model()._default_manager.filter(pk__in=pks).prefetch_related(*source.prefetch)
        _write(source, objects)


def _write(source: Source, objects) -> int:
    Through = SearchDocument.themes.through
    count = 0
    batch = []
    for obj in objects.iterator(chunk_size=2000):
        batch.append(_document(source, obj))
        if len(batch) >= 2000:
            count += _flush(batch, Through)
            batch = []
    return count + _flush(batch, Through)


def _flush(batch, Through) -> int:
    docs = SearchDocument.objects.bulk_create([doc for doc, _ in batch])
    Through.objects.bulk_create([Through(searchdocument_id=doc.pk, axis_id=axis)
                                 for doc, (_, themes) in zip(docs, batch) for axis in themes])
    return len(docs)


def rebuild() -> dict[str, int]:
    """Empty the index and index every record of every installed source; counts by kind."""
    counts = {}
    with transaction.atomic():
        SearchDocument.themes.through.objects.all().delete()
        SearchDocument.objects.all().delete()
        for source in installed_sources():
            model = source.get_model()
            counts[source.kind] = _write(source, model._default_manager.order_by("pk").prefetch_related(*source.prefetch))
    return counts


def installed_sources() -> list[Source]:
    out = []
    for source in SOURCES:
        try:
            source.get_model()
        except LookupError:
            continue
        out.append(source)
    return out


def connect_signals() -> None:
    for source in installed_sources():
        model = source.get_model()

        def on_save(sender, instance, source=source, **kwargs):
            index(source, [instance.pk])

        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"search-{source.kind}")
        post_delete.connect(on_save, sender=model, weak=False, dispatch_uid=f"search-del-{source.kind}")
        for name in source.m2m:
            def on_m2m(sender, instance, action, reverse, pk_set, source=source, **kwargs):
                if action.startswith("post_"):
                    index(source, pk_set or [] if reverse else [instance.pk])
            m2m_changed.connect(on_m2m, sender=getattr(model, name).through, weak=False,
                                dispatch_uid=f"search-{source.kind}-{name}")
        for related, attname in source.related:
            def on_related(sender, instance, source=source, attname=attname, **kwargs):
                if getattr(instance, attname, None):
                    index(source, [getattr(instance, attname)])
            for signal, tag in ((post_save, "save"), (post_delete, "del")):
                signal.connect(on_related, sender=apps.get_model(related), weak=False,
                               dispatch_uid=f"search-{source.kind}-{related}-{tag}")


# Reading.

def _match(tokens: list[str]) -> Q:
    """The documents holding every token, by the database's engine."""
    if connection.vendor == "postgresql":
        return Q(RawSQL("search_vector @@ to_tsquery('simple', %s)", [" & ".join(tokens)],
                        output_field=BooleanField()))
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                           [" ".join(f'"{t}"' for t in tokens)]))


def _ranked_ids(selected, unmatched, tokens: list[str], limit: int, offset: int) -> list[int]:
    """The ids of one page of `selected` (`unmatched` with the match), best first (ties: oldest first), by the engine's
    ranking: ts_rank_cd on PostgreSQL; bm25 on SQLite, read from the FTS5 table itself (a
    rank looked up per document costs one more MATCH per matching document)."""
    if connection.vendor == "postgresql":
        rank = RawSQL("ts_rank_cd(search_vector, to_tsquery('simple', %s), 1)",
                      [" & ".join(tokens)], output_field=FloatField())
        return list(selected.annotate(rank=rank).order_by("-rank", "pk")
                    .values_list("pk", flat=True)[offset:offset + limit])
    # A join with the FTS5 table (18 ms at 100 000 documents), not `rowid IN (…)` (18 s:
    # SQLite ran the inner MATCH again for every row).
    inner, params = unmatched.values("pk").query.sql_with_params()
    sql = (f"SELECT d.pk FROM {FTS_TABLE} f JOIN ({inner}) d ON d.pk = f.rowid "
           f"WHERE {FTS_TABLE} MATCH %s ORDER BY f.rank, d.pk LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, " ".join(f'"{t}"' for t in tokens), limit, offset])
        return [row[0] for row in cursor.fetchall()]


def readable(user):
    docs = SearchDocument.objects.all()
    if reads_unpublished(user):
        return docs
    ids = editor_ids(user)
    condition = Q(is_public=True)
    for pk in ids:
        condition |= Q(owners__contains=f" {pk} ")
    return docs.filter(condition)


@dataclass
class Results:
    query: str
    tokens: list[str]
    total: int
    items: list[dict]
    facets: dict[str, list[dict]]


FACETS = ("kind", "theme", "side", "region")


def search(user, query: str, *, kind: str = "", theme: int | None = None, side: str = "",
           region: int | None = None, limit: int = 20, offset: int = 0) -> Results:
    """The documents `user` may read that hold every word of `query` (stemmed), best first,
    with an excerpt each (escaped HTML, matches in <mark>) and the counts of the matches by
    kind, theme, side and région (each facet counted under the other filters).
    Queries: the matches counted by kind, side and région (the total and three facets, one
    scan of the matches), the page's ids, its documents, the theme facet, the themes' and
    régions' names (2)."""
    tokens = query_tokens(query)
    if not tokens:
        return Results(query, tokens, 0, [], {name: [] for name in FACETS})
    matched = readable(user).filter(_match(tokens))
    filters = {
        "kind": Q(kind=kind) if kind else Q(),
        "theme": Q(pk__in=SearchDocument.themes.through.objects.filter(axis_id=theme).values("searchdocument_id"))
        if theme else Q(),
        "side": Q(side__contains=side) if side else Q(),
        "region": Q(region_id=region) if region else Q(),
    }
    everything = Q()
    for condition in filters.values():
        everything &= condition
    groups = Groups(matched.filter(filters["theme"]), kind=kind, side=side, region=region)
    ids = _ranked_ids(matched.filter(everything), readable(user).filter(everything), tokens, limit, offset)
    rows = {row["pk"]: row for row in SearchDocument.objects.filter(pk__in=ids).values(
        "pk", "kind", "title", "body", "url", "side")}
    page = [rows[pk] for pk in ids]
    items = [{"kind": row["kind"], "kind_label": str(BY_KIND[row["kind"]].label), "title": row["title"],
              "url": row["url"], "excerpt": excerpt(row["body"] or row["title"], tokens), "side": row["side"]}
             for row in page]
    return Results(query, tokens, groups.total(), items, _facets(matched, filters, groups))


class Groups:
    """The matches (under the theme filter) counted per kind, side and région in one
    grouped query, from which the total and the kind, side and région facets are summed,
    each under the other filters: one scan of the matches instead of four (bench/search.py:
    on PostgreSQL each scan of a frequent word's matches costs about 40 ms at 100 000
    documents)."""

    def __init__(self, documents, *, kind: str, side: str, region: int | None):
        self.rows = list(documents.values("kind", "side", "region_id").annotate(n=Count("pk")).order_by())
        self.tests = {"kind": lambda row: not kind or row["kind"] == kind,
                      "side": lambda row: not side or side in row["side"],
                      "region": lambda row: region is None or row["region_id"] == region}

    def _under_other_filters(self, name: str = "") -> list[dict]:
        return [row for row in self.rows if all(test(row) for other, test in self.tests.items() if other != name)]

    def total(self) -> int:
        return sum(row["n"] for row in self._under_other_filters())

    def counts(self, name: str, column: str) -> dict:
        counted: dict = {}
        for row in self._under_other_filters(name):
            counted[row[column]] = counted.get(row[column], 0) + row["n"]
        return counted


def _facets(matched, filters, groups: Groups) -> dict[str, list[dict]]:
    theme_documents = matched
    for other, value in filters.items():
        if other != "theme":
            theme_documents = theme_documents.filter(value)
    kinds = sorted(groups.counts("kind", "kind").items(), key=lambda item: (-item[1], item[0]))
    sides = sorted((value, n) for value, n in groups.counts("side", "side").items() if value)
    regions = sorted(((value, n) for value, n in groups.counts("region", "region_id").items() if value is not None),
                     key=lambda item: (-item[1], item[0]))
    themes = list(SearchDocument.themes.through.objects.filter(searchdocument__in=theme_documents.values("pk"))
                  .values("axis_id").annotate(n=Count("pk")).order_by("-n", "axis_id"))
    theme_names = dict(Axis.objects.filter(pk__in=[t["axis_id"] for t in themes]).values_list("pk", "title"))
    region_names = dict(Collectivity.objects.filter(pk__in=[pk for pk, _n in regions]).values_list("pk", "name"))
    side_labels = {"fr": _("France"), "qc": _("Québec"), "fr-qc": _("France et Québec")}
    return {
        "kind": [{"value": value, "label": str(BY_KIND[value].label), "count": n} for value, n in kinds],
        "theme": [{"value": str(t["axis_id"]), "label": theme_names.get(t["axis_id"], ""), "count": t["n"]}
                  for t in themes],
        "side": [{"value": value, "label": str(side_labels.get(value, value)), "count": n} for value, n in sides],
        "region": [{"value": str(pk), "label": region_names.get(pk, ""), "count": n} for pk, n in regions],
    }
