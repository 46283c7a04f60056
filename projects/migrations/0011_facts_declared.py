from django.db import migrations, models


def create_version(apps, schema_editor):
    apps.get_model("projects", "DataVersion").objects.create(pk=1, value=1)


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_versions")]
    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "version des chiffres"},
        ),
        migrations.RunPython(create_version, migrations.RunPython.noop),
    ]
