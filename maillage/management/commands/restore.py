"""`maillage restore PATH`: replaces the database and the uploaded files with those of a
backup written by `maillage backup` (see maillage/backups.py), in one transaction."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maillage.backups import BackupError, restore


class Command(BaseCommand):
    help = _("Remplace la base de données et les documents déposés par ceux d'une sauvegarde.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("sauvegarde écrite par « maillage backup »"))
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help=_("ne pas demander de confirmation"))

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(_("Tout le contenu actuel de la base sera remplacé par celui de %(path)s. "
                             "Tapez « oui » pour continuer : ") % {"path": path})
            if answer.strip().lower() != "oui":
                raise CommandError(_("Restauration annulée : rien n'a été modifié."))
        try:
            summary = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            _("Base restaurée depuis %(path)s (base %(engine)s, %(files)s documents). "
              "Si le code est plus récent que la sauvegarde, lancez « maillage migrate ».")
            % {"path": summary.path, "engine": summary.engine, "files": summary.media_files}))
