"""`maillage backup PATH`: the database and the uploaded files in one archive (see
maillage/backups.py). Safe while the server runs."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maillage.backups import BackupError, backup


class Command(BaseCommand):
    help = _("Sauvegarde la base de données et les documents déposés dans une archive.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("fichier de sauvegarde à écrire (par ex. maillage-2026-12-01.tar)"))

    def handle(self, *args, path, **options):
        try:
            summary = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            _("Sauvegarde écrite : %(path)s (base %(engine)s, %(files)s documents, %(size)s octets).")
            % {"path": summary.path, "engine": summary.engine, "files": summary.media_files, "size": summary.size}))
