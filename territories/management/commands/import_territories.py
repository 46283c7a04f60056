"""maillage import_territories PATH... : imports official files of collectivities.

Formats are recognised from the files' content; see territories/importers/.
`--reference` loads the data shipped with Maillage (régions, départements, régions
administratives, former régions and CRÉ) instead of, or before, the given files.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from territories.importers import ImportFailure, Report, import_files
from territories.models import Kind
from territories.reference import load_reference_data

STATUS_LABELS = (
    ("created", _lazy("créées")),
    ("updated", _lazy("mises à jour")),
    ("unchanged", _lazy("inchangées")),
    ("closed", _lazy("disparues")),
)


class Command(BaseCommand):
    help = (
        "Importe les fichiers officiels des collectivités (JSON de "
        "@etalab/decoupage-administratif, CSV du COG de l'INSEE, MUN.csv et ARR.csv du MAMH), "
        "reconnus d'après leur contenu, dans une seule transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help=_("fichiers à importer, .json, .json.gz ou .csv")
        )
        parser.add_argument(
            "--reference",
            action="store_true",
            help=_("charge d'abord les données de référence livrées avec Maillage"),
        )
        parser.add_argument(
            "--date",
            dest="effective_date",
            type=date.fromisoformat,
            default=None,
            help=_(
                "date d'effet du millésime (AAAA-MM-JJ) : les collectivités disparues "
                "prennent fin la veille ; par défaut, aujourd'hui"
            ),
        )
        parser.add_argument(
            "--millesime",
            default=None,
            help=_("libellé du millésime, enregistré dans la source (ex. « COG 2026 »)"),
        )

    def handle(self, *args, paths, reference, effective_date, millesime, **options):
        if not paths and not reference:
            raise CommandError(_("Indiquez au moins un fichier à importer, ou --reference."))
        try:
            if reference:
                self.stdout.write(_("Données de référence :"))
                self._write_report(load_reference_data(progress=self._progress))
            if paths:
                report = import_files(
                    paths,
                    effective_date=effective_date,
                    vintage=millesime,
                    progress=self._progress,
                )
                self._write_report(report)
        except ImportFailure as failure:
            raise CommandError(str(failure)) from None

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")

    def _write_report(self, report: Report) -> None:
        for kind, counter in sorted(report.counts.items()):
            numbers = ", ".join(f"{counter[status]} {label}" for status, label in STATUS_LABELS)
            self.stdout.write(
                _("{kind} : {numbers}").format(kind=Kind(kind).label, numbers=numbers)
            )
        self.stdout.write(
            _(
                "Appartenances : {added} ajoutées, {removed} retirées ; "
                "successions : {successions} ajoutées."
            ).format(
                added=report.links_added,
                removed=report.links_removed,
                successions=report.successions_added,
            )
        )
        if not report.changed_anything:
            self.stdout.write(self.style.SUCCESS(_("Aucun changement : la base était à jour.")))
