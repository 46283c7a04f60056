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
own engine matches and ranks: FTS5 (bm25) on SQLite; on PostgreSQL, a tsvector column
(to_tsvector('simple')) with a GIN index, and ts_rank (migrations 0002 to 0004). One
query reads the matches once for the page and for every count (`_read`)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from plan.models import Axis
from projects.facts import defer
from territories.models import Collectivity, Kind

from .models import SearchDocument, SearchText, editor_ids, reads_unpublished
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


def _document(source: Source, obj) -> tuple[SearchDocument, SearchText]:
    texts = [_value(obj, name) for name in source.fields]
    collectivities = source.collectivities(obj)
    side, region = _collectivities_region(collectivities)
    owners = " ".join(str(c.pk) for c in collectivities if c is not None)
    themes = sorted({pk for pk in source.themes(obj) if pk})
    doc = SearchDocument(
        kind=source.kind, object_id=obj.pk, stems=stems(" ".join(texts)), is_public=bool(source.is_public(obj)),
        owners=f" {owners} " if owners else "", side=side, region_id=region,
        theme_key=f" {' '.join(map(str, themes))} " if themes else "",
    )
    text = SearchText(title=texts[0][:300], body="\n".join(t for t in texts[1:] if t), url=_url(obj, source.url_name))
    return doc, text


def index(source: Source, pks: Iterable[int]) -> None:
    """Index again the records `pks` of `source` (those gone are removed)."""
    pks = list(pks)
    if not pks:
        return
    with transaction.atomic():
        SearchDocument.objects.filter(kind=source.kind, object_id__in=pks).delete()
        objects = source.get_model()._default_manager.filter(pk__in=pks).prefetch_related(*source.prefetch)
        _write(source, objects)


def _write(source: Source, objects) -> int:
    count = 0
    batch = []
    for obj in objects.iterator(chunk_size=2000):
        batch.append(_document(source, obj))
        if len(batch) >= 2000:
            count += write_documents(batch)
            batch = []
    return count + write_documents(batch)


def write_documents(batch: list[tuple[SearchDocument, SearchText]]) -> int:
    """Insert the documents of `batch` with their texts (two bulk inserts)."""
    docs = SearchDocument.objects.bulk_create([doc for doc, _text in batch])
    for doc, (_doc, text) in zip(docs, batch):
        text.document_id = doc.pk
    SearchText.objects.bulk_create([text for _doc, text in batch])
    return len(docs)


def rebuild() -> dict[str, int]:
    """Empty the index and index every record of every installed source; counts by kind."""
    counts = {}
    with transaction.atomic():
        with connection.cursor() as cursor:  # the texts, then the documents: no cascade walked
            for model in (SearchText, SearchDocument):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
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
        # Inside projects.facts.batched() (an import, a project created with its partners,
        # pistes and themes), each record is indexed once, when the block ends.
        reindex = functools.partial(index, source)

        def on_save(sender, instance, reindex=reindex, **kwargs):
            defer(reindex, [instance.pk])

        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"search-{source.kind}")
        post_delete.connect(on_save, sender=model, weak=False, dispatch_uid=f"search-del-{source.kind}")
        for name in source.m2m:
            def on_m2m(sender, instance, action, reverse, pk_set, reindex=reindex, **kwargs):
                if action.startswith("post_"):
                    defer(reindex, pk_set or [] if reverse else [instance.pk])
            m2m_changed.connect(on_m2m, sender=getattr(model, name).through, weak=False,
                                dispatch_uid=f"search-{source.kind}-{name}")
        for related, attname in source.related:
            def on_related(sender, instance, reindex=reindex, attname=attname, **kwargs):
                if getattr(instance, attname, None):
                    defer(reindex, [getattr(instance, attname)])
            for signal, tag in ((post_save, "save"), (post_delete, "del")):
                signal.connect(on_related, sender=apps.get_model(related), weak=False,
                               dispatch_uid=f"search-{source.kind}-{related}-{tag}")


# Reading.

def _readable_sql(user) -> tuple[str, list]:
    """The documents `user` may read, as a condition on `d` with its parameters."""
    if reads_unpublished(user):
        return "1 = 1", []
    ids = sorted(editor_ids(user))
    return "(" + " OR ".join(["d.is_public"] + ["d.owners LIKE %s"] * len(ids)) + ")", [f"% {pk} %" for pk in ids]


def _matches_sql(tokens: list[str], readable: str) -> tuple[str, list]:
    """The readable documents holding every token, matched by the database's engine, with
    the columns counted and filtered and `sort_key`, the engine's ranking made ascending:
    ts_rank negated on PostgreSQL (divided by the log of the length, as bm25 weighs length;
    ts_rank_cd cost half as much again over a frequent word's 9 000 matches), bm25 on SQLite,
    read from the FTS5 table itself (a rank looked up per document would cost one more MATCH
    per match)."""
    columns = "d.id, d.kind, d.side, d.region_id, d.theme_key"
    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        return (f"SELECT {columns}, -ts_rank(d.stems, q.query, 1) AS sort_key "
                f"FROM {table} d, to_tsquery('simple', %s) AS q(query) WHERE d.stems @@ q.query AND {readable}",
                [" & ".join(tokens)])
    # A join with the FTS5 table, not `rowid IN (…)`: SQLite ran the inner MATCH again per row.
    return (f"SELECT {columns}, f.rank AS sort_key FROM {FTS_TABLE} f JOIN {table} d ON d.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {readable}", [" ".join(f'"{t}"' for t in tokens)])


@dataclass
class Results:
    query: str
    tokens: list[str]
    total: int
    items: list[dict]
    facets: dict[str, list[dict]]


FACETS = ("kind", "theme", "side", "region")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    theme: int | None = None
    side: str = ""
    region: int | None = None

    def sql(self) -> tuple[str, list]:
        """All the filters, as a condition on the matches' columns."""
        conditions, params = ["1 = 1"], []
        for active, condition, value in (
            (self.kind, "kind = %s", self.kind), (self.theme, "theme_key LIKE %s", f"% {self.theme} %"),
            (self.side, "side LIKE %s", f"%{self.side}%"), (self.region, "region_id = %s", self.region),
        ):
            if active:
                conditions.append(condition)
                params.append(value)
        return " AND ".join(conditions), params

    def failed(self, group: dict) -> list[str]:
        """The filters a group of matches does not pass."""
        tests = (
            ("kind", not self.kind or group["kind"] == self.kind),
            ("theme", not self.theme or f" {self.theme} " in group["theme_key"]),
            ("side", not self.side or self.side in group["side"]),
            ("region", not self.region or group["region_id"] == self.region),
        )
        return [name for name, passed in tests if not passed]


def _read(user, tokens: list[str], filters: Filters, limit: int, offset: int) -> tuple[list[dict], list[dict]]:
    """One query: the matches counted per (kind, side, région, themes), from which the total
    and every facet are summed, and the page's documents (id, kind, side), best first (ties:
    oldest first). The matches are read once (a MATERIALIZED common table expression), on
    both databases: the ranking and the counts share the one scan of a frequent word's
    thousands of matches."""
    readable, readable_params = _readable_sql(user)
    matches, match_params = _matches_sql(tokens, readable)
    condition, filter_params = filters.sql()
    sql = (f"WITH m AS MATERIALIZED ({matches}) "
           "SELECT 0, kind, side, region_id, theme_key, COUNT(*), NULL FROM m GROUP BY kind, side, region_id, theme_key "
           "UNION ALL SELECT * FROM (SELECT 1, kind, side, CAST(NULL AS BIGINT), NULL, id, sort_key FROM m "
           f"WHERE {condition} ORDER BY sort_key, id LIMIT %s OFFSET %s) AS page")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *readable_params, *filter_params, limit, offset])
        rows = cursor.fetchall()
    groups = [{"kind": kind, "side": side, "region_id": region, "theme_key": themes, "n": n}
              for part, kind, side, region, themes, n, _key in rows if part == 0]
    page = sorted(((key, pk, kind, side) for part, kind, side, _r, _t, pk, key in rows if part == 1))
    return groups, [{"pk": pk, "kind": kind, "side": side} for _key, pk, kind, side in page]


def search(user, query: str, *, kind: str = "", theme: int | None = None, side: str = "",
           region: int | None = None, limit: int = 20, offset: int = 0) -> Results:
    """The documents `user` may read that hold every word of `query` (stemmed), best first,
    with an excerpt each (escaped HTML, matches in <mark>) and the counts of the matches by
    kind, theme, side and région (each facet counted under the other filters).
    Queries: the matches (their counts and the page, `_read`), the page's texts, the themes'
    and régions' names (2)."""
    tokens = query_tokens(query)
    if not tokens:
        return Results(query, tokens, 0, [], {name: [] for name in FACETS})
    filters = Filters(kind=kind, theme=theme, side=side, region=region)
    groups, page = _read(user, tokens, filters, limit, offset)
    texts = {row["document_id"]: row for row in SearchText.objects.filter(document_id__in=[doc["pk"] for doc in page])
             .values("document_id", "title", "body", "url")}
    items = []
    for doc in page:
        text = texts[doc["pk"]]
        items.append({"kind": doc["kind"], "kind_label": str(BY_KIND[doc["kind"]].label), "title": text["title"],
                      "url": text["url"], "excerpt": excerpt(text["body"] or text["title"], tokens),
                      "side": doc["side"]})
    total, counts = _tally(groups, filters)
    return Results(query, tokens, total, items, _facets(counts))


def _tally(groups: list[dict], filters: Filters) -> tuple[int, dict[str, dict]]:
    """The total (the matches under every filter) and each facet's counts (under every
    filter but its own), in one pass over the groups."""
    total, counts = 0, {name: {} for name in FACETS}
    for group in groups:
        failed = filters.failed(group)
        if len(failed) > 1:
            continue
        n = group["n"]
        if not failed:
            total += n
        for name in failed or FACETS:
            if name == "theme":
                values = [int(pk) for pk in group["theme_key"].split()]
            else:
                value = group["region_id" if name == "region" else name]
                values = [value] if value else []  # no side, no région: not counted in that facet
            counted = counts[name]
            for value in values:
                counted[value] = counted.get(value, 0) + n
    return total, counts


def _facets(counts: dict[str, dict]) -> dict[str, list[dict]]:
    def by_count(item):
        return -item[1], item[0]

    kinds = sorted(counts["kind"].items(), key=by_count)
    sides = sorted(counts["side"].items())
    regions = sorted(counts["region"].items(), key=by_count)
    themes = sorted(counts["theme"].items(), key=by_count)
    theme_names = dict(Axis.objects.filter(pk__in=[pk for pk, _n in themes]).values_list("pk", "title"))
    region_names = dict(Collectivity.objects.filter(pk__in=[pk for pk, _n in regions]).values_list("pk", "name"))
    side_labels = {"fr": _("France"), "qc": _("Québec"), "fr-qc": _("France et Québec")}
    return {
        "kind": [{"value": value, "label": str(BY_KIND[value].label), "count": n} for value, n in kinds],
        "theme": [{"value": str(pk), "label": theme_names.get(pk, ""), "count": n} for pk, n in themes
                  if pk in theme_names],
        "side": [{"value": value, "label": str(side_labels.get(value, value)), "count": n} for value, n in sides],
        "region": [{"value": str(pk), "label": region_names.get(pk, ""), "count": n} for pk, n in regions],
    }
