"""Each database's own full-text index over SearchDocument.stems (see search.py):
an external-content FTS5 table kept in step by triggers on SQLite, a GIN index on
to_tsvector('simple', stems) on PostgreSQL (the stems are already French-stemmed and
unaccented, so the 'simple' configuration only splits them)."""
from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE observatory_search_fts USING fts5("
    "stems, content='observatory_searchdocument', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER observatory_search_ai AFTER INSERT ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(rowid, stems) VALUES (new.id, new.stems); END",
    "CREATE TRIGGER observatory_search_ad AFTER DELETE ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(observatory_search_fts, rowid, stems) VALUES ('delete', old.id, old.stems); END",
    "CREATE TRIGGER observatory_search_au AFTER UPDATE ON observatory_searchdocument BEGIN "
    "INSERT INTO observatory_search_fts(observatory_search_fts, rowid, stems) VALUES ('delete', old.id, old.stems); "
    "INSERT INTO observatory_search_fts(rowid, stems) VALUES (new.id, new.stems); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER observatory_search_au", "DROP TRIGGER observatory_search_ad",
    "DROP TRIGGER observatory_search_ai", "DROP TABLE observatory_search_fts",
]
POSTGRESQL = ["CREATE INDEX observatory_search_gin ON observatory_searchdocument "
              "USING GIN (to_tsvector('simple', stems))"]
POSTGRESQL_REVERSE = ["DROP INDEX observatory_search_gin"]


def forwards(apps, schema_editor):
    for sql in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
