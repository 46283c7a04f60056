"""The search index made narrow: what is matched, ranked, filtered and counted stays in
SearchDocument (the stems, publication, owners, side, région and now `theme_key`, the
themes' ids, instead of a many-to-many table joined for the theme facet); what a result
shows (title, body, url) moves to SearchText, read for one page's twenty documents only.
On PostgreSQL the stems column becomes the tsvector itself (the text and the generated
column were both stored), with its GIN index.

Measured with bench/search.py (100 000 documents, a word matching 8 854): the rows read
for the ranking and the counts were 146 MB of table with TOASTed vectors; ranking them with
ts_rank_cd read 18 000 buffers (73 ms warm). The existing index is kept: its texts copied,
its themes folded into `theme_key`."""
import django.db.models.deletion
from django.db import migrations, models

import observatory.models

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS observatory_search_ai AFTER INSERT ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(rowid, stems) VALUES (new.id, new.stems); END",
    "CREATE TRIGGER IF NOT EXISTS observatory_search_ad AFTER DELETE ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(observatory_search_fts, rowid, stems) VALUES ('delete', old.id, old.stems); END",
    "CREATE TRIGGER IF NOT EXISTS observatory_search_au AFTER UPDATE ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(observatory_search_fts, rowid, stems) VALUES ('delete', old.id, old.stems); "
    "INSERT INTO observatory_search_fts(rowid, stems) VALUES (new.id, new.stems); END",
]
POSTGRESQL_STEMS = [
    "DROP INDEX observatory_search_vector_gin",
    "ALTER TABLE observatory_searchdocument DROP COLUMN search_vector",
    "ALTER TABLE observatory_searchdocument ALTER COLUMN stems TYPE tsvector USING to_tsvector('simple', stems)",
    "CREATE INDEX observatory_search_stems_gin ON observatory_searchdocument USING GIN (stems)",
]
POSTGRESQL_STEMS_REVERSE = [
    "DROP INDEX observatory_search_stems_gin",
    # The stems come back as the vector's lexemes (positions and repetitions are lost).
    "ALTER TABLE observatory_searchdocument ALTER COLUMN stems TYPE text "
    "USING array_to_string(tsvector_to_array(stems), ' ')",
    "ALTER TABLE observatory_searchdocument ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', stems)) STORED",
    "CREATE INDEX observatory_search_vector_gin ON observatory_searchdocument USING GIN (search_vector)",
]


def copy_texts_and_themes(apps, schema_editor):
    SearchDocument = apps.get_model("observatory", "SearchDocument")
    SearchText = apps.get_model("observatory", "SearchText")
    Through = SearchDocument.themes.through
    themes: dict[int, list[int]] = {}
    for document_id, axis_id in Through.objects.order_by("axis_id").values_list("searchdocument_id", "axis_id"):
        themes.setdefault(document_id, []).append(axis_id)
    batch_texts, batch_docs = [], []
    for doc in SearchDocument.objects.only("pk", "title", "body", "url").iterator(chunk_size=2000):
        batch_texts.append(SearchText(document_id=doc.pk, title=doc.title, body=doc.body, url=doc.url))
        if doc.pk in themes:
            doc.theme_key = f" {' '.join(map(str, themes[doc.pk]))} "
            batch_docs.append(doc)
        if len(batch_texts) >= 2000:
            SearchText.objects.bulk_create(batch_texts)
            SearchDocument.objects.bulk_update(batch_docs, ["theme_key"])
            batch_texts, batch_docs = [], []
    SearchText.objects.bulk_create(batch_texts)
    SearchDocument.objects.bulk_update(batch_docs, ["theme_key"])


def copy_back(apps, schema_editor):
    sqlite_triggers(apps, schema_editor)  # the table was rebuilt with its columns back
    SearchDocument = apps.get_model("observatory", "SearchDocument")
    SearchText = apps.get_model("observatory", "SearchText")
    Through = SearchDocument.themes.through
    for text in SearchText.objects.iterator(chunk_size=2000):
        SearchDocument.objects.filter(pk=text.document_id).update(title=text.title, body=text.body, url=text.url)
    Through.objects.bulk_create([
        Through(searchdocument_id=doc.pk, axis_id=int(axis))
        for doc in SearchDocument.objects.exclude(theme_key="").only("pk", "theme_key")
        for axis in doc.theme_key.split()
    ])


def stems_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_STEMS:
            schema_editor.execute(sql)


def stems_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_STEMS_REVERSE:
            schema_editor.execute(sql)


def sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds a table to drop its columns, and its triggers go with it: the FTS5
    table's are created again (the ids, its rowids, are kept)."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0003_search_vector"),
        ("plan", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                ("document", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                  related_name="text", serialize=False,
                                                  to="observatory.searchdocument")),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField()),
                ("url", models.CharField(max_length=300)),
            ],
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="theme_key",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.RunPython(copy_texts_and_themes, copy_back),
        migrations.RemoveField(model_name="searchdocument", name="title"),
        migrations.RemoveField(model_name="searchdocument", name="body"),
        migrations.RemoveField(model_name="searchdocument", name="url"),
        migrations.RemoveField(model_name="searchdocument", name="themes"),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField(model_name="searchdocument", name="stems",
                                                    field=observatory.models.IndexedStems())],
            database_operations=[migrations.RunPython(stems_forwards, stems_backwards)],
        ),
    ]
