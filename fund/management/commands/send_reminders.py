"""`maillage send_reminders`: the fund's reminders by e-mail (fund/reminders.py), each sent
once however often it runs. A scheduler runs it every hour (docs/deployment.md)."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fund.reminders import send_reminders


def parse_instant(value: str) -> datetime.datetime:
    """An ISO 8601 instant with its offset (`2026-03-01T09:00:00+01:00`, `…Z`)."""
    try:
        instant = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--now : « %(value)s » n'est pas un instant ISO 8601 (par exemple "
                             "2026-03-01T09:00:00+01:00).") % {"value": value}) from None
    if timezone.is_naive(instant):
        raise CommandError(_("--now : donnez l'instant avec son décalage horaire (par exemple "
                             "2026-03-01T09:00:00+01:00 ou 2026-03-01T08:00:00Z), reçu « %(value)s ».") % {
            "value": value})
    return instant


class Command(BaseCommand):
    help = _("Envoie les rappels du Fonds par courriel (clôture prochaine d'un appel, rapport attendu), chacun "
             "une seule fois, quelle que soit la fréquence d'exécution.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help=_("affiche les rappels à envoyer sans rien envoyer ni enregistrer"))
        parser.add_argument("--now", default="",
                            help=_("l'instant de référence, ISO 8601 avec décalage (par défaut : maintenant)"))

    def handle(self, *args, dry_run: bool, now: str, **options):
        instant = parse_instant(now) if now else timezone.now()
        outcome = send_reminders(now=instant, dry_run=dry_run)
        for reminder in outcome.pending:
            self.stdout.write(_("À envoyer : %(subject)s → %(email)s") % {
                "subject": reminder.subject, "email": reminder.recipient.email})
        for reminder in outcome.sent:
            self.stdout.write(_("Envoyé : %(subject)s → %(email)s") % {
                "subject": reminder.subject, "email": reminder.recipient.email})
        for reminder, error in outcome.failed:
            self.stderr.write(_("Échec : %(subject)s → %(email)s (%(error)s)") % {
                "subject": reminder.subject, "email": reminder.recipient.email, "error": error})
        if dry_run:
            self.stdout.write(ngettext("%(count)s rappel à envoyer (simulation : rien n'est envoyé).",
                                       "%(count)s rappels à envoyer (simulation : rien n'est envoyé).",
                                       len(outcome.pending)) % {"count": len(outcome.pending)})
        else:
            self.stdout.write(ngettext("%(count)s rappel envoyé", "%(count)s rappels envoyés", len(outcome.sent))
                              % {"count": len(outcome.sent)}
                              + ngettext(", %(count)s déjà envoyé.", ", %(count)s déjà envoyés.",
                                         outcome.already_sent) % {"count": outcome.already_sent})
        if outcome.failed:
            raise CommandError(ngettext(
                "%(count)s rappel n'a pas pu être envoyé ; il sera retenté à la prochaine exécution.",
                "%(count)s rappels n'ont pas pu être envoyés ; ils seront retentés à la prochaine exécution.",
                len(outcome.failed)) % {"count": len(outcome.failed)})
