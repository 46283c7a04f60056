"""The suggestions' index: per collectivity, the features the ranking reads, stored as
compact rows (CandidateFeatures) that matching.indexing keeps equal to the records, and a
stamp (IndexStamp) that moves with every rewrite so that each process's in-memory index
(matching.suggestions) reloads only the rows written since it last looked."""
from django.db import models


class IndexStamp(models.Model):
    """One row: the stamp of the latest rewrite of CandidateFeatures rows."""

    value = models.PositiveBigIntegerField(default=0)
    # Set when the row is created: a process's index of another generation (a database
    # built again, a test's rolled-back rows) is not taken for this one.
    token = models.CharField(max_length=16, default="")


class CandidateFeatures(models.Model):
    """What the ranking knows of one collectivity of either side. Derived, never edited.

    Lists of ids are JSON lists, sorted. Only published profiles feed the features (a
    reason never quotes an unpublished profile); only public projects feed `project_*`;
    every project, twinning and agreement feeds `linked`."""

    collectivity = models.OneToOneField(
        "territories.Collectivity", on_delete=models.CASCADE, primary_key=True, related_name="+")
    side = models.CharField(max_length=5)
    kind = models.CharField(max_length=30)
    code = models.CharField(max_length=20)
    population = models.PositiveIntegerField(null=True)
    # A current collectivity of France or Québec; the others keep a row saying they are not
    # candidates, so that the in-memory index forgets them.
    is_candidate = models.BooleanField(default=True)
    has_profile = models.BooleanField(default=False)
    is_open = models.BooleanField(default=True)
    themes = models.JSONField(default=list)  # the profile's themes (plan.Axis ids)
    pistes = models.JSONField(default=list)  # the profile's pistes (plan.Piste ids)
    project_themes = models.JSONField(default=list)  # themes of its public projects
    project_pistes = models.JSONField(default=list)  # pistes of its public projects
    # {key: label}: text.phrase_key of each créneau d'excellence, and the créneau as written.
    excellence = models.JSONField(default=dict)
    # {term: word}: the terms of what it offers and what it seeks (text.terms).
    offers = models.JSONField(default=dict)
    seeks = models.JSONField(default=dict)
    # Other-side collectivities it is already linked to: a project together, an agreement
    # (`linked`, which includes the twinned), a twinning (`twinned`).
    linked = models.JSONField(default=list)
    twinned = models.JSONField(default=list)
    stamp = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["side", "stamp"], name="matching_features_stamp_idx"),
            models.Index(fields=["side", "code"], name="matching_features_code_idx"),
        ]
