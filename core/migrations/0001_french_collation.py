"""The collation core.collation orders names with. PostgreSQL: an ICU collation in the
database; SQLite: nothing to store (each connection registers a function, core/apps.py)."""
from django.db import migrations

# Written out rather than imported from core.collation, so that the migration stays what it was.
COLLATION = "maillage_fr"
ICU_LOCALE = "fr-FR"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{COLLATION}" (provider = icu, locale = \'{ICU_LOCALE}\')'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{COLLATION}"')


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
