"""`maillage demo`: a small, realistic demonstration set, ready to log in to.

Loads, in one transaction: the reference régions and départements of both sides, the
2008-2010 action plan, a handful of real collectivities (unless the full registry is
already imported), one account per role, the demo projects, then the fund's 2009 and 2010
envelopes and a call with applications at every stage (fund.demo), the observatory's
best practices, agreements and twinnings (registry.demo), cooperation profiles with
offers, a staff exchange and an expression of interest (matching.demo), the bodies and
meetings of the plan's governance (governance.demo), and the exchanges of 2009 and 2010
with the committee's targets (mobility.demo). Running it again refreshes the same records instead of duplicating them.
"""
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from fund import demo as fund_demo
from fund.models import Application, Envelope
from governance import demo as governance_demo
from matching import demo as matching_demo
from observatory import demo as observatory_demo
from maillage.demo import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from mobility import demo as mobility_demo
from plan.loading import LoadReport, load_plan
from projects.demo import load_demo
from projects.models import Project
from registry import demo as registry_demo
from territories.importers import Options, Report, apply_batches
from territories.importers.formats import read_batch
from territories.models import Collectivity, Kind, Side
from territories.reference import load_reference_data

EXTRACT_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
EXTRACT_FILES = [
    EXTRACT_DIR / "france" / "communes.json.gz",
    EXTRACT_DIR / "france" / "epci.json.gz",
    EXTRACT_DIR / "quebec" / "MUN.csv",
]
# The collectivities the demo accounts and projects rely on.
DEMO_COLLECTIVITIES = [
    (Side.FRANCE, Kind.COMMUNE, "69123"),  # Lyon
    (Side.FRANCE, Kind.COMMUNE, "33063"),  # Bordeaux
    (Side.QUEBEC, Kind.MUNICIPALITE, "66023"),  # Montréal
    (Side.QUEBEC, Kind.MUNICIPALITE, "23027"),  # Québec
    (Side.QUEBEC, Kind.MUNICIPALITE, "25213"),  # Lévis
    (Side.QUEBEC, Kind.MUNICIPALITE, "37067"),  # Trois-Rivières
]


def missing_demo_collectivities() -> list[tuple[str, str, str]]:
    present = set(
        Collectivity.objects.current()
        .filter(code__in=[code for _side, _kind, code in DEMO_COLLECTIVITIES])
        .values_list("side", "kind", "code")
    )
    return [key for key in DEMO_COLLECTIVITIES if key not in present]


def load_demo_projects() -> str:
    load_demo()
    return _("%(count)s projets") % {"count": Project.objects.filter(is_demo=True).count()}


def load_fund_demo() -> str:
    fund_demo.load_demo()
    return _("%(envelopes)s enveloppes, %(applications)s demandes") % {
        "envelopes": Envelope.objects.count(),
        "applications": Application.objects.filter(call__title=fund_demo.CALL_TITLE).count()}


def load_registry_extract() -> Report:
    """Imports the demo extract of the official files without disturbing a registry that
    is already there: records only fill gaps (like the reference data), and the extract,
    being partial, neither closes the entities it does not list nor removes their links."""
    options = Options(date.today(), "extrait de démonstration")
    batches = []
    for path in EXTRACT_FILES:
        _fmt, batch = read_batch(path, options)
        batches.append(batch.fill_gaps_only())
    batches.sort(key=lambda batch: batch.order)
    return apply_batches(batches, options, lambda message: None)


class Command(BaseCommand):
    help = _(
        "Charge un jeu de démonstration : référentiel des régions et départements, plan "
        "d'action 2008-2010, quelques collectivités réelles, un compte par rôle, des "
        "projets de démonstration, le Fonds franco-québécois (enveloppes, appel, demandes), les "
        "bonnes pratiques, les ententes et jumelages, les échanges de mobilité et leurs objectifs. "
        "Peut être relancée sans créer de doublons."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            self.step(_("Référentiel des régions et départements"), load_reference_data)
            self.step(_("Plan d'action 2008-2010"), load_plan)
            if missing_demo_collectivities():
                self.step(
                    _("Extrait du registre officiel (Lyon, Bordeaux, Montréal, Québec, Lévis, Trois-Rivières)"),
                    load_registry_extract,
                )
            else:
                self.stdout.write(_("• Collectivités de démonstration : déjà présentes dans le registre."))
            still_missing = missing_demo_collectivities()
            if still_missing:
                raise CommandError(
                    _("Collectivités de démonstration absentes après l'import : %(keys)s.")
                    % {"keys": ", ".join("/".join(key) for key in still_missing)}
                )
            self.step(_("Comptes de démonstration"), ensure_demo_users)
            self.step(_("Projets de démonstration"), load_demo_projects)
            self.step(_("Fonds franco-québécois (enveloppes 2009 et 2010, appel et demandes)"), load_fund_demo)
            self.step(_("Bonnes pratiques de l'observatoire"), observatory_demo.load_demo)
            self.step(_("Ententes et jumelages"), registry_demo.load_demo)
            self.step(_("Profils de coopération, bourse et échanges de personnel"), matching_demo.load_demo)
            self.step(_("Instances et réunions du plan d'action"), governance_demo.load_demo)
            self.step(_("Échanges et stages de mobilité (2009 et 2010) et objectifs du comité"),
                      mobility_demo.load_demo)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Jeu de démonstration chargé. Comptes (mot de passe « %(password)s ») :")
                                             % {"password": DEMO_PASSWORD}))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<24} {spec.role}")
        self.stdout.write(_("Ne chargez jamais ce jeu sur une instance de production : ces mots de passe sont publics."))

    def step(self, label: str, function) -> None:
        summary = describe(function())
        self.stdout.write(f"• {label}" + (f" : {summary}" if summary else ""))


def describe(result) -> str:
    """A one-line summary of what a loading step returned."""
    if isinstance(result, Report):
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for counter in result.counts.values():
            for status in totals:
                totals[status] += counter[status]
        return _("%(created)s créées, %(updated)s mises à jour, %(unchanged)s inchangées") % totals
    if isinstance(result, LoadReport):
        return _("%(created)s pistes créées, %(updated)s mises à jour, %(unchanged)s inchangées") % {
            "created": result.pistes_created, "updated": result.pistes_updated,
            "unchanged": result.pistes_unchanged,
        }
    if isinstance(result, list):
        return _("%(count)s comptes") % {"count": len(result)}
    return "" if result is None else str(result)
