"""The counts behind the facets of /collectivites/ (territories.forms.CollectivityFilterForm),
kept as stored facts so that a page does not group 40 000 collectivities.

- FacetTally holds, for each data version, the number of collectivities by side, kind,
  région, population band and whether current: a few hundred rows.
- FacetVersion's one row is that version. Every write of a collectivity moves it on, in the
  write's transaction: a save or deletion (signals), and an import of official files
  (territories.signals.collectivities_imported, after its bulk writes).
- `tally()` reads the rows of the current version; when there are none (the first read
  after a write) it counts them from the collectivities and stores them. A count made from
  data older than the version it is stored under cannot happen: the version is read before
  counting, and a later write moves it past.
- A search (`q`) narrows the rows themselves: its facets are counted from them (forms).
"""
from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Subquery

from .models import Collectivity, FacetTally, FacetVersion
from .signals import collectivities_imported

ROW = 1


def move_on(**_kwargs) -> None:
    """A collectivity changed: the stored counts are stale."""
    if not FacetVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        FacetVersion.objects.get_or_create(pk=ROW, defaults={"value": 1})


def tally(*, side: str = "", include_former: bool = False) -> dict[tuple[str, int | None, str], int]:
    """{(kind, région id or None, population band): count} of the collectivities of `side`
    (both when empty), current ones only unless `include_former`: one query when stored."""
    version = FacetVersion.objects.filter(pk=ROW).values("value")[:1]
    facts = list(FacetTally.objects.filter(version=Subquery(version)).values_list(*FIELDS, "count"))
    if not facts:
        facts = _store()
    counts: Counter = Counter()
    for fact_side, kind, region, band, current, count in facts:
        if (not side or fact_side == side) and (include_former or current):
            counts[kind, region or None, band] += count
    return counts


FIELDS = ("side", "kind", "region_id", "population_band", "is_current")


def _store() -> list[tuple]:
    """Count the collectivities at the current version and store the counts."""
    version = FacetVersion.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0
    counted = list(Collectivity.objects.order_by().annotate(
        is_current=ExpressionWrapper(Q(valid_until__isnull=True), output_field=BooleanField()),
    ).values_list(*FIELDS).annotate(n=Count("pk")))
    with transaction.atomic():
        # Another request may store the same version meanwhile: its rows are the same.
        FacetTally.objects.bulk_create([
            FacetTally(version=version, side=side, kind=kind, region_id=region or 0, population_band=band,
                       is_current=current, count=n) for side, kind, region, band, current, n in counted
        ], ignore_conflicts=True)
        FacetTally.objects.filter(version__lt=version).delete()
    return counted


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(move_on, sender=Collectivity, dispatch_uid="territories-facets-save")
    post_delete.connect(move_on, sender=Collectivity, dispatch_uid="territories-facets-delete")
    collectivities_imported.connect(move_on, dispatch_uid="territories-facets-import")
