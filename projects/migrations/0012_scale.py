from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_facts_declared")]
    operations = [
        # The lists' counts read this index only (bench/README.md, "30 000 → 150 000 projects").
        migrations.AddIndex(
            model_name="projectfacts",
            index=models.Index(
                fields=["is_public", "status", "start_year", "end_year", "has_french_partner", "has_quebec_partner"],
                name="projects_facts_count_idx",
            ),
        ),
    ]
