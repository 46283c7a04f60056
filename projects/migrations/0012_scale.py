from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_facts_declared")]
    operations = []
