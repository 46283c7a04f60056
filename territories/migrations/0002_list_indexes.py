from django.db import migrations, models

# The registry list sorts current rows by population (unknown last), then name and id.
# PostgreSQL sorts NULLs first in DESC unless told; SQLite puts them last already but
# refuses NULLS LAST in an index. Hence one statement per database.
LIST_ORDER = {
    "postgresql": "population DESC NULLS LAST, name, id",
    "sqlite": "population DESC, name, id",
}


def create_list_indexes(apps, schema_editor):
    order = LIST_ORDER.get(schema_editor.connection.vendor)
    if order is None:
        return
    table = "territories_collectivity"
    schema_editor.execute(
        f"CREATE INDEX territories_current_order_idx ON {table} ({order}) WHERE valid_until IS NULL"
    )
    schema_editor.execute(
        f"CREATE INDEX territories_current_kind_order_idx ON {table} (kind, {order}) WHERE valid_until IS NULL"
    )


def drop_list_indexes(apps, schema_editor):
    if schema_editor.connection.vendor in LIST_ORDER:
        schema_editor.execute("DROP INDEX IF EXISTS territories_current_order_idx")
        schema_editor.execute("DROP INDEX IF EXISTS territories_current_kind_order_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('territories', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='collectivity',
            name='territories_kind_e5af3d_idx',
        ),
        migrations.AddIndex(
            model_name='collectivity',
            index=models.Index(fields=['code'], name='territories_code_idx'),
        ),
        migrations.AddIndex(
            model_name='collectivity',
            index=models.Index(fields=['siren'], name='territories_siren_idx'),
        ),
        migrations.RunPython(create_list_indexes, drop_list_indexes),
    ]
