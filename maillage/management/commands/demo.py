"""`maillage demo`: a small, realistic demonstration set, ready to log in to.

Loads, in one transaction: the reference régions and départements of both sides, the
2008-2010 action plan, a handful of real collectivities (unless the full registry is
already imported), one account per role, then the demo projects. Running it again refreshes
the same records instead of duplicating them.
"""
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.demo import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from plan.loading import load_plan
from projects.demo import load_demo
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


class Command(BaseCommand):
    help = _(
        "Charge un jeu de démonstration : référentiel des régions et départements, plan "
        "d'action 2008-2010, quelques collectivités réelles, un compte par rôle et des "
        "projets de démonstration. Peut être relancée sans créer de doublons."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            self.step(_("Référentiel des régions et départements"), load_reference_data)
            self.step(_("Plan d'action 2008-2010"), load_plan)
            if missing_demo_collectivities():
                self.step(
                    _("Extrait du registre officiel (Lyon, Bordeaux, Montréal, Québec, Lévis, Trois-Rivières)"),
                    lambda: call_command("import_territories", *map(str, EXTRACT_FILES), verbosity=0),
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
            self.step(_("Projets de démonstration"), load_demo)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Jeu de démonstration chargé. Comptes (mot de passe « %(password)s ») :")
                                             % {"password": DEMO_PASSWORD}))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<24} {spec.role}")
        self.stdout.write(_("Ne chargez jamais ce jeu sur une instance de production : ces mots de passe sont publics."))

    def step(self, label: str, function) -> None:
        result = function()
        summary = f" ({result})" if isinstance(result, (int, str, dict)) and result != "" else ""
        if isinstance(result, list):
            summary = f" ({len(result)})"
        self.stdout.write(f"• {label}{summary}")
