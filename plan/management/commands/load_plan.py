from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plan.loading import DEFAULT_PATH, PlanDataError, load_plan


class Command(BaseCommand):
    help = _(
        "Charge un plan d'action depuis son fichier de données (par défaut le plan 2008-2010 "
        "livré avec l'application). Peut être relancé : met à jour les textes, garde les états "
        "de suivi et les instances responsables."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None, help=_("fichier JSON (défaut : %s)") % DEFAULT_PATH.name)

    def handle(self, *args, path=None, **options):
        try:
            report = load_plan(path)
        except PlanDataError as error:
            raise CommandError(str(error))
        self.stdout.write(
            _(
                "%(plan)s : %(axes_created)d axe(s) créé(s), %(axes_updated)d mis à jour ; "
                "%(created)d piste(s) créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s)."
            )
            % {
                "plan": report.plan.title,
                "axes_created": report.axes_created,
                "axes_updated": report.axes_updated,
                "created": report.pistes_created,
                "updated": report.pistes_updated,
                "unchanged": report.pistes_unchanged,
            }
        )
        if report.pistes_missing:
            self.stderr.write(
                _("Pistes absentes du fichier, conservées : %s") % ", ".join(report.pistes_missing)
            )
