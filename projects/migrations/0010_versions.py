"""The version each edited record carries, and its history keeps (core/locking.py): a save
read at an older version is refused instead of overwriting what was saved meanwhile."""
from django.db import migrations, models

VERSIONED = ("project", "partner", "contact", "budgetline", "document", "activity", "update", "indicator",
             "measurement")


def _version(model_name):
    return migrations.AddField(
        model_name=model_name, name="version",
        field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_publication_rules")]
    operations = [_version(name) for name in VERSIONED] + [_version(f"historical{name}") for name in VERSIONED]
