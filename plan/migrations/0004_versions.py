"""The version a piste's follow-up carries, kept by its history too (core/locking.py)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plan", "0003_piste_history")]
    operations = [
        migrations.AddField(
            model_name=model_name, name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        )
        for model_name in ("piste", "historicalpiste")
    ]
