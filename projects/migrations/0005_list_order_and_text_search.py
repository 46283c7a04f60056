from django.conf import settings
from django.db import migrations, models


def create_text_search_indexes(apps, schema_editor):
    """On PostgreSQL, trigram indexes serve the lists' `q=` search (UPPER(…) LIKE '%…%').
    pg_trgm is a trusted extension: the database's owner may create it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("title", "summary"):
        schema_editor.execute(
            f"CREATE INDEX projects_{column}_trgm_idx ON projects_project "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_text_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ("title", "summary"):
            schema_editor.execute(f"DROP INDEX IF EXISTS projects_{column}_trgm_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('plan', '0003_piste_history'),
        ('projects', '0004_history_of_pistes_and_themes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='project',
            name='projects_pr_is_publ_ea49ad_idx',
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['-start_date', 'title'], name='projects_list_order_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['is_public', '-start_date', 'title'], name='projects_public_order_idx'),
        ),
        migrations.RunPython(create_text_search_indexes, drop_text_search_indexes),
    ]
