"""Publication is decided by the secretariat or by every collectivity partner: each
partner row keeps what its collectivity asks (docs/roles.md), with its history."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PUBLICATION_CHOICES = [("", "aucune demande"), ("publier", "approuve la publication"),
                       ("depublier", "demande la dépublication")]


def _fields(model_name, on_delete, **fk_options):
    return [
        migrations.AddField(
            model_name=model_name,
            name="publication_request",
            field=models.CharField(blank=True, choices=PUBLICATION_CHOICES, db_default="", default="",
                                   max_length=10, verbose_name="publication"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="publication_requested_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="demandée le"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="publication_requested_by",
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=on_delete, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="demandée par", **fk_options),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_search_text_and_region_flag"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        *_fields("historicalpartner", django.db.models.deletion.DO_NOTHING, db_constraint=False),
        *_fields("partner", django.db.models.deletion.SET_NULL),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(condition=models.Q(("publication_request", ""), _negated=True),
                               fields=["publication_request", "project"], name="partner_publication_asked_idx"),
        ),
    ]
