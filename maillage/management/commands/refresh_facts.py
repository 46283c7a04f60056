"""`maillage refresh_facts`: recompute the stored figures of every project (ProjectFacts)
and the registry's read model of its agreements and twinnings (registry/places.py: their
places, the entities of today of their signers, the links nearby each territory).

Needed only after changes made outside the application (SQL, `QuerySet.update()`): every
write through Maillage keeps them current.
"""
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from projects.facts import refresh_all
from registry import places


class Command(BaseCommand):
    help = _("Recalcule les chiffres du tableau de bord de chaque projet, d'après leurs données.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = refresh_all()
        places.refresh_all()
        self.stdout.write(self.style.SUCCESS(
            _("Chiffres recalculés pour %(count)s projets en %(seconds).1f s.")
            % {"count": count, "seconds": time.perf_counter() - started}))
