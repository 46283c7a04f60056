"""`maillage seed_scale`: a national-scale synthetic data set on top of the real registry.

For benchmarks and load tests only: the projects it creates are marked is_demo, and the
fund's calls (with their applications, reviews, commitments and disbursements) say they
are synthetic in their titles. The registry itself must be real (imported with
`maillage import_territories`), because the point is to measure pages against the true
number of communes and municipalities.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.scale import seed_fund
from matching.scale import seed_profiles
from plan.loading import load_plan
from plan.models import Plan
from projects.scale import seed_projects
from registry.scale import seed_links
from territories.models import Collectivity, Kind, Side

class Command(BaseCommand):
    help = _(
        "Génère un jeu de données synthétique à l'échelle nationale (projets…) sur le "
        "registre réel des collectivités, pour les mesures de performance."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects", type=int, default=30_000,
            help=_("nombre de projets à créer (30 000 par défaut)"),
        )
        parser.add_argument(
            "--applications", type=int, default=None,
            help=_("nombre de demandes au Fonds franco-québécois à créer (par défaut, une pour six projets : "
                   "5 000 pour 30 000)"),
        )
        parser.add_argument(
            "--profiles", type=int, default=0,
            help=_("nombre de profils de coopération publiés à créer (aucun par défaut)"),
        )
        parser.add_argument(
            "--links", type=int, default=25_000,
            help=_("nombre d'ententes et de jumelages à créer, quatre jumelages pour une entente "
                   "(25 000 par défaut : 20 000 jumelages, 5 000 ententes)"),
        )
        parser.add_argument(
            "--seed", type=int, default=42,
            help=_("graine du générateur pseudo-aléatoire, pour un jeu reproductible (42 par défaut)"),
        )

    def handle(self, *args, projects: int, applications: int | None, seed: int, profiles: int = 0,
               links: int = 25_000, **options):
        if projects < 0:
            raise CommandError(_("--projects doit être un nombre positif ou nul (reçu : %(n)s).") % {"n": projects})
        if applications is None:
            applications = projects // 6
        if applications < 0:
            raise CommandError(_("--applications doit être un nombre positif ou nul (reçu : %(n)s).") % {
                "n": applications})
        if links < 0:
            raise CommandError(_("--links doit être un nombre positif ou nul (reçu : %(n)s).") % {"n": links})
        current = Collectivity.objects.current()
        communes = current.filter(side=Side.FRANCE, kind=Kind.COMMUNE).count()
        municipalites = current.filter(side=Side.QUEBEC, kind=Kind.MUNICIPALITE).count()
        if not communes or not municipalites:
            raise CommandError(
                _(
                    "Le registre des collectivités n'a pas été importé (%(communes)s communes "
                    "françaises, %(municipalites)s municipalités québécoises) : importez d'abord "
                    "les fichiers "
                    "officiels avec « maillage import_territories --reference <fichiers> »."
                )
                % {"communes": communes, "municipalites": municipalites}
            )
        started = time.perf_counter()
        with transaction.atomic():
            # Projects hang on the plan's pistes and themes: load the shipped plan if the
            # database has none (load_plan is idempotent).
            if not Plan.objects.exists():
                load_plan()
                self.stdout.write(_("Plan d'action 2008-2010 chargé (il n'y en avait aucun)."))
            created = seed_projects(count=projects, seed=seed, stdout=self.stdout)
            fund_created = seed_fund(applications=applications, seed=seed, stdout=self.stdout)
            seed_profiles(count=profiles, seed=seed, stdout=self.stdout)
            seed_links(twinnings=links - links // 5, agreements=links // 5, seed=seed, stdout=self.stdout)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)s projets synthétiques créés en %(seconds).1f s (graine %(seed)s), "
                  "sur %(communes)s communes et %(municipalites)s municipalités.")
                % {"created": created, "seconds": elapsed, "seed": seed,
                   "communes": communes, "municipalites": municipalites}
            )
        )
        self.stdout.write(self.style.SUCCESS(
            _("%(created)s demandes synthétiques au Fonds franco-québécois.") % {"created": fund_created}))
