"""`maillage build_matching_index`: build the suggestions' index the first time (or after
changes made in SQL); afterwards it follows every write by itself (matching.indexing)."""
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from matching.indexing import refresh_all


class Command(BaseCommand):
    help = _("Construit l'index des suggestions de partenaires à partir du registre, des profils et des projets.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = refresh_all()
        self.stdout.write(self.style.SUCCESS(
            _("Index des suggestions construit : %(count)s collectivités en %(seconds).1f s.")
            % {"count": count, "seconds": time.perf_counter() - started}))
