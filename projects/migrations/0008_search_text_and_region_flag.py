from django.db import migrations, models


def fill_new_columns(apps, schema_editor):
    """Computes the new columns for the existing projects (refresh_all rebuilds every row)."""
    from projects import facts

    facts.refresh_all(apps)


def create_trigram_index(apps, schema_editor):
    """On PostgreSQL the search reads ProjectFacts.search_text through a trigram index
    (LIKE '%…%'); the trigram indexes of migration 0005 on the projects' title and summary
    no longer serve any query."""
    if schema_editor.connection.vendor != "postgresql":
        return
    # The rows fill_new_columns inserted hold deferred foreign-key checks, which PostgreSQL
    # wants run before an index is built on their table in the same transaction.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX projects_facts_search_trgm_idx ON projects_projectfacts USING gin (search_text gin_trgm_ops)"
    )
    for column in ("title", "summary"):
        schema_editor.execute(f"DROP INDEX IF EXISTS projects_{column}_trgm_idx")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS projects_facts_search_trgm_idx")
    for column in ("title", "summary"):
        schema_editor.execute(
            f"CREATE INDEX projects_{column}_trgm_idx ON projects_project USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0007_period_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectfacts",
            name="search_text",
            field=models.TextField(default=""),
        ),
        migrations.AddField(
            model_name="partnerfacts",
            name="first_in_region",
            field=models.BooleanField(default=False),
        ),
        migrations.RemoveIndex(model_name="partnerfacts", name="projects_partnerfacts_coll_idx"),
        migrations.RemoveIndex(model_name="partnerfacts", name="projects_partnerfacts_proj_idx"),
        migrations.AddIndex(
            model_name="partnerfacts",
            index=models.Index(
                fields=["region", "side", "collectivity", "first_in_region", "project", "status", "is_public",
                        "start_year", "end_year", "has_french_partner", "has_quebec_partner"],
                name="projects_partnerfacts_reg_idx",
            ),
        ),
        migrations.RunPython(fill_new_columns, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
