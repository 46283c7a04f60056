"""`maillage import_links FILE`: preview an import of agreements and twinnings; `--commit`
writes what matched, in one transaction."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.importing import ImportFileError, build_preview, commit_preview, read_rows
from territories.models import Collectivity


class Command(BaseCommand):
    help = _("Aperçu (et, avec --commit, enregistrement) d'un fichier de jumelages et d'ententes.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true")

    def handle(self, *args, file, commit, **options):
        path = Path(file)
        try:
            lines = build_preview(read_rows(path.read_bytes(), path.name), path.name)
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from None
        ids = {pk for line in lines for res in (line.french, line.quebec) if res
               for pk in [res.collectivity_id, res.former_id, *res.candidates] if pk}
        names = dict(Collectivity.objects.filter(pk__in=ids).values_list("pk", "name"))
        label = lambda pk: names.get(pk, "?")  # noqa: E731
        for line in lines:
            self.stdout.write(_("ligne %(line)s : %(status)s") % {"line": line.line, "status": line.status})
            for error in line.errors:
                self.stdout.write(f"  {error}")
            for side, res in (("France", line.french), ("Québec", line.quebec)):
                if res.collectivity_id:
                    former = f" ({_('anciennement')} {label(res.former_id)})" if res.former_id else ""
                    self.stdout.write(f"  {side} : {label(res.collectivity_id)}{former}")
                elif res.candidates:
                    self.stdout.write(f"  {side} : {_('candidats')} : "
                                      + " ; ".join(label(pk) for pk in res.candidates))
                else:
                    self.stdout.write(f"  {side} : {_('introuvable')}")
                for message in res.messages:
                    self.stdout.write(f"    {message}")
        if commit:
            counts = commit_preview(lines, source=path.name)
            self.stdout.write(_("%(created)s créé(s), %(unchanged)s inchangé(s), %(skipped)s ignoré(s).") % counts)
        else:
            self.stdout.write(_("Aperçu seulement : rien n'a été enregistré (--commit pour enregistrer)."))
