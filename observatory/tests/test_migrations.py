"""Migration 0004 narrows an index already filled: its texts and themes are kept, and the
search reads it as before (both databases: the PostgreSQL column changes type)."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from observatory import search
from observatory.models import SearchText
from plan.loading import load_plan

BEFORE = [("observatory", "0003_search_vector")]
AFTER = [("observatory", "0004_narrow_search_documents")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_narrowing_migration_keeps_each_documents_text_and_themes():
    axes = load_plan().plan.axes.order_by("pk")
    durable, tourisme = axes.get(slug="developpement-durable").pk, axes.get(slug="tourisme").pk
    old_apps = migrate(BEFORE)
    try:
        Document = old_apps.get_model("observatory", "SearchDocument")
        kept = Document.objects.create(kind="practice", object_id=7, title="Bassins versants partagés",
                                       body="Le <bassin> de la rivière.", stems="bassin version partag bassin rivi",
                                       url="/observatoire/pratiques/7/", is_public=True, side="fr-qc")
        kept.themes.set([tourisme, durable])
        Document.objects.create(kind="project", object_id=8, title="Sans thème", body="", stems="bassin",
                                url="/projets/8/", is_public=True, side="qc")
    finally:
        migrate(AFTER)
    results = search.search(AnonymousUser(), "bassin")
    assert results.total == 2
    items = {item["title"]: item for item in results.items}
    assert set(items) == {"Bassins versants partagés", "Sans thème"}
    assert "Le &lt;<mark>bassin</mark>&gt; de la rivière." in items["Bassins versants partagés"]["excerpt"]
    assert {int(f["value"]): f["count"] for f in results.facets["theme"]} == {durable: 1, tourisme: 1}
    assert search.search(AnonymousUser(), "bassin", theme=tourisme).total == 1
    assert SearchText.objects.get(document__object_id=7).url == "/observatoire/pratiques/7/"
