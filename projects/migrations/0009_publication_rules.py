from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_search_text_and_region_flag")]
    operations = []
