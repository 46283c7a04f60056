"""`manage.py rebuild_search_index`: empty the observatory's search index and index every
record of every declared source again (observatory.search.SOURCES), in one transaction."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from observatory import search


class Command(BaseCommand):
    help = _("Reconstruit l'index de la recherche (pratiques, projets, ententes, profils).")

    def handle(self, *args, **options):
        counts = search.rebuild()
        self.stdout.write(_("Index reconstruit : %(detail)s.") % {
            "detail": ", ".join(f"{kind} {count}" for kind, count in counts.items())})
