"""The version a collectivity carries (core/locking.py): an edit read at an older version is
refused instead of overwriting what was saved meanwhile."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_list_indexes")]
    operations = [
        migrations.AddField(
            model_name="collectivity", name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
    ]
