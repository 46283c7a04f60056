from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_publication_rules")]
    operations = []
