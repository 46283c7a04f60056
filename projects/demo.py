"""Demonstration projects that tell the plan's story on the dashboard.

`load_demo()` replaces the previous demo projects (is_demo=True) with a dozen realistic
ones across the pistes and themes of the 2008-2010 plan, with partners on both sides,
activities, a journal, outcome indicators with approved and draft measurements, budget
lines in euros and Canadian dollars, some published and some not — and some that trip
each of the plan's checks (a single person, no continuity, no measurable outcome, one
side only). Collectivities are looked up by their official code, and created (marked
is_demo) only when the registry does not have them.
"""
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Side
from territories.names import normalize

from . import facts
from .models import (
    Activity, BudgetLine, Contact, Indicator, Measurement, Organisation, Partner, Project, Update,
)

# key: (side, kind, code, name used only when the registry lacks it, designation)
COLLECTIVITIES = {
    "lyon": (Side.FRANCE, Kind.COMMUNE, "69123", "Lyon", ""),
    "bordeaux": (Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux", ""),
    "nouvelle-aquitaine": (Side.FRANCE, Kind.REGION, "75", "Nouvelle-Aquitaine", ""),
    "auvergne-rhone-alpes": (Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", ""),
    "montreal": (Side.QUEBEC, Kind.MUNICIPALITE, "66023", "Montréal", "Ville"),
    "quebec": (Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec", "Ville"),
    "trois-rivieres": (Side.QUEBEC, Kind.MUNICIPALITE, "37067", "Trois-Rivières", "Ville"),
    "levis": (Side.QUEBEC, Kind.MUNICIPALITE, "25213", "Lévis", "Ville"),
    "capitale-nationale": (Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", ""),
    "mauricie": (Side.QUEBEC, Kind.REGION, "04", "Mauricie", ""),
}

# Who writes the journal: demo accounts when `maillage demo` created them.
AUTHORS = {"fr": "editeur-lyon", "qc": "editeur-trois-rivieres", "sec": "secretariat"}

L, P, C, F = (Partner.Role.LEAD, Partner.Role.PARTNER, Partner.Role.REGIONAL_COORDINATOR, Partner.Role.FUNDER)
ECO, SOC, CUL, ENV = (Indicator.Category.ECONOMIC, Indicator.Category.SOCIAL, Indicator.Category.CULTURAL,
                      Indicator.Category.ENVIRONMENTAL)

PROJECTS = [
    {
        "title": "Écotechnologies : réseau des éco-industries Nouvelle-Aquitaine – Capitale-Nationale",
        "summary": "Missions d'entreprises, veille partagée et projets de démonstration en traitement de l'eau et valorisation des déchets.",
        "pistes": ["dd-1", "dd-8", "creneaux-1"], "themes": ["creneaux-excellence-poles-competitivite"],
        "partners": [("nouvelle-aquitaine", L), ("capitale-nationale", C), ("bordeaux", P), ("quebec", P)],
        "organisations": [("Pôle de compétitivité des écotechnologies (démo)", Organisation.Kind.ENTERPRISE, "FR", P),
                          ("Centre de recherche industrielle (démo)", Organisation.Kind.RESEARCH, "CA", P)],
        "status": Project.Status.ONGOING, "years": (2023, 2026), "public": True, "last_days": 12,
        "budget": [("FFQCD (part française)", "30000", "EUR", "nouvelle-aquitaine"),
                   ("FFQCD (part québécoise)", "45000", "CAD", "capitale-nationale"),
                   ("Région Nouvelle-Aquitaine", "60000", "EUR", "nouvelle-aquitaine")],
        "indicators": [("Entreprises accompagnées à l'export", ECO, "entreprises", 0, 40, "nouvelle-aquitaine", [(12, "A"), (21, "A"), (27, "D")]),
                       ("Déchets organiques valorisés", ENV, "tonnes", 0, 1500, "quebec", [(420, "A"), (610, "D")])],
        "journal": [(300, "fr", "Mission de douze entreprises aquitaines au salon Americana à Montréal."),
                    (120, "qc", "Accueil d'une délégation québécoise à Bordeaux ; trois accords de partenariat signés."),
                    (12, "fr", "Lancement du démonstrateur de méthanisation partagé.")],
    },
    {
        "title": "Bassins versants du Rhône et du Saint-Laurent : gestion intégrée de l'eau",
        "summary": "Échange de pratiques entre gestionnaires de bassins versants et de plans d'eau.",
        "pistes": ["dd-3"], "themes": [],
        "partners": [("lyon", L), ("trois-rivieres", P), ("mauricie", C)],
        "status": Project.Status.ONGOING, "years": (2024, 2027), "public": True, "last_days": 30,
        "budget": [("Ville de Lyon", "18000", "EUR", "lyon"), ("Ville de Trois-Rivières", "22000", "CAD", "trois-rivieres")],
        "indicators": [("Kilomètres de berges restaurées", ENV, "km", 0, 25, "trois-rivieres", [(6, "A"), (9, "D")])],
        "journal": [(200, "fr", "Atelier commun sur les plans de gestion des crues."), (30, "qc", "Visite des berges du Saint-Maurice.")],
    },
    {
        "title": "Plans climat croisés Lyon – Montréal",
        "summary": "Adoption mutuelle de plans climat et comparaison des trajectoires de réduction des émissions.",
        "pistes": ["dd-8", "dd-7"], "themes": [],
        "partners": [("lyon", L), ("montreal", P)],
        "status": Project.Status.ONGOING, "years": (2022, 2026), "public": False, "last_days": 260,
        "budget": [("Ville de Lyon", "12000", "EUR", "lyon")],
        "indicators": [("Émissions de GES évitées", ENV, "t éq. CO2", 0, 5000, "montreal", [(800, "A")])],
        "journal": [(400, "fr", "Séminaire de lancement à Lyon."), (260, "qc", "Échange de données d'inventaire des émissions.")],
    },
    {
        "title": "Patrimoine bâti : du Vieux-Lyon au Vieux-Québec",
        "summary": "Coopération entre deux sites du patrimoine mondial sur la restauration et la médiation du patrimoine.",
        "pistes": ["ci-1", "tourisme-1"], "themes": ["tourisme"],
        "partners": [("lyon", P), ("quebec", L)],
        "status": Project.Status.ONGOING, "years": (2024, 2026), "public": True, "last_days": 45,
        "budget": [("Ville de Québec", "35000", "CAD", "quebec"), ("Ville de Lyon", "20000", "EUR", "lyon")],
        "indicators": [("Artisans formés aux techniques de restauration", CUL, "personnes", 0, 60, "quebec", [(18, "A"), (31, "D")]),
                       ("Visiteurs des parcours patrimoniaux", CUL, "visiteurs", 10000, 25000, "lyon", [(14500, "A")])],
        "journal": [(150, "qc", "Chantier-école de maçonnerie traditionnelle au Vieux-Québec."), (45, "fr", "Exposition croisée à Lyon.")],
    },
    {
        "title": "Relève artistique : résidences croisées de jeunes créateurs",
        "summary": "Résidences de création pour de jeunes artistes en arts de la scène, en France et au Québec.",
        "pistes": ["ci-5", "ci-2"], "themes": [],
        "partners": [("bordeaux", L), ("trois-rivieres", P)],
        "organisations": [("Association des jeunes compagnies (démo)", Organisation.Kind.ASSOCIATION, "FR", P)],
        "status": Project.Status.ONGOING, "years": (2025, 2027), "public": True, "last_days": 20,
        "budget": [("FFQCD (part française)", "15000", "EUR", "bordeaux"), ("FFQCD (part québécoise)", "22500", "CAD", "trois-rivieres")],
        "indicators": [("Artistes accueillis en résidence", CUL, "artistes", 0, 24, "trois-rivieres", [(8, "A"), (14, "D")])],
        "journal": [(90, "qc", "Première cohorte de six artistes accueillie à Trois-Rivières."), (20, "fr", "Appel à candidatures pour la deuxième cohorte.")],
    },
    {
        "title": "Bibliothèques numériques francophones",
        "summary": "Partage d'outils de numérisation et d'une offre de lecture numérique commune, élargie à un partenaire africain.",
        "pistes": ["ci-3", "ci-4", "francophonie-1"], "themes": ["francophonie"],
        "partners": [("montreal", L), ("bordeaux", P)],
        "organisations": [("Bibliothèque municipale de Saint-Louis (démo)", Organisation.Kind.FOREIGN, "SN", P)],
        "status": Project.Status.PLANNED, "years": (2026, 2028), "public": False, "last_days": 60,
        # Montréal asks for publication, Bordeaux has not approved yet: the secretariat's queue.
        "publication_asked_by": "montreal",
        "budget": [("Ville de Montréal", "40000", "CAD", "montreal")],
        "indicators": [("Documents numérisés et partagés", CUL, "documents", 0, 20000, "montreal", [])],
        "journal": [(100, "qc", "Réunion de cadrage à trois, en visioconférence."), (60, "fr", "Inventaire des fonds numérisables.")],
    },
    {
        "title": "Innovation sociale : insertion par l'emploi des jeunes",
        "summary": "Comparaison des dispositifs d'insertion et d'économie sociale entre Trois-Rivières et Lyon.",
        "pistes": ["ids-2", "ids-3"], "themes": [],
        "partners": [("trois-rivieres", L), ("lyon", P)],
        "status": Project.Status.ONGOING, "years": (2024, 2026), "public": True, "last_days": 50,
        "budget": [("Ville de Trois-Rivières", "15000", "CAD", "trois-rivieres")],
        "indicators": [], "single_author": "qc",
        "journal": [(160, "qc", "Recensement des entreprises d'économie sociale."), (50, "qc", "Compte rendu de la mission à Lyon.")],
    },
    {
        "title": "Maintien à domicile des aînés",
        "summary": "Échanges entre services municipaux sur le soutien à domicile et les habitations pour aînés.",
        "pistes": ["ids-6"], "themes": [],
        "partners": [("quebec", L), ("levis", P)],
        "status": Project.Status.ONGOING, "years": (2025, 2027), "public": True, "last_days": 40,
        "budget": [("Ville de Québec", "8000", "CAD", "quebec")],
        "indicators": [("Aînés accompagnés à domicile", SOC, "personnes", 120, 300, "levis", [(160, "A")])],
        "journal": [(120, "qc", "Recherche d'une collectivité partenaire en France."), (40, "sec", "Mise en relation proposée par le secrétariat avec la Métropole de Lyon.")],
    },
    {
        "title": "Ruralité : revitalisation des cœurs de village",
        "summary": "Solutions originales contre la dévitalisation des petites localités : commerces, services de proximité, logement.",
        "pistes": ["ids-4", "ruralite-1"], "themes": ["ruralite"],
        "partners": [("nouvelle-aquitaine", L), ("mauricie", P)],
        "status": Project.Status.SUSPENDED, "years": (2022, 2025), "public": False, "last_days": 400,
        "budget": [("Région Nouvelle-Aquitaine", "25000", "EUR", "nouvelle-aquitaine")],
        "indicators": [],
        "journal": [(500, "fr", "Voyage d'étude en Mauricie."), (400, "qc", "Bilan d'étape : projet en attente de financement.")],
    },
    {
        "title": "Tourisme culturel et durable sur les routes de la Nouvelle-France",
        "summary": "Itinéraires touristiques communs et promotion croisée du tourisme culturel et durable.",
        "pistes": ["ci-1", "tourisme-1"], "themes": ["tourisme", "francophonie"],
        "partners": [("bordeaux", P), ("quebec", L), ("capitale-nationale", C)],
        "organisations": [("Office de tourisme (démo)", Organisation.Kind.PUBLIC, "FR", F)],
        "status": Project.Status.DONE, "years": (2021, 2024), "public": True, "last_days": 700,
        "budget": [("Office de tourisme", "30000", "EUR", None), ("Ville de Québec", "45000", "CAD", "quebec")],
        "indicators": [("Nuitées liées aux itinéraires", ECO, "nuitées", 0, 12000, "quebec", [(5400, "A"), (11800, "A")])],
        "journal": [(1000, "qc", "Lancement des itinéraires."), (700, "fr", "Bilan final remis au comité de suivi.")],
    },
    {
        "title": "Intégration des migrants : accueil et francisation",
        "summary": "Partage des pratiques d'accueil, de francisation et d'accès à l'emploi des personnes immigrantes.",
        "pistes": ["ids-7", "francophonie-1"], "themes": ["francophonie"],
        "partners": [("montreal", L), ("lyon", P)],
        "status": Project.Status.PLANNED, "years": (2026, 2028), "public": False, "last_days": 10,
        "budget": [("Ville de Montréal", "20000", "CAD", "montreal"), ("Ville de Lyon", "12000", "EUR", "lyon")],
        "indicators": [("Personnes accompagnées en francisation", SOC, "personnes", 0, 500, "montreal", [(35, "D")])],
        "journal": [(10, "qc", "Lettre d'intention signée par les deux villes."), (5, "fr", "Désignation des référents.")],
    },
    {
        "title": "Échanges de personnel entre collectivités",
        "summary": "Stages croisés de trois semaines pour des agents territoriaux français et québécois.",
        "pistes": ["nv-10", "nv-9"], "themes": [],
        "partners": [("lyon", L), ("trois-rivieres", L), ("auvergne-rhone-alpes", F)],
        "status": Project.Status.ONGOING, "years": (2024, 2026), "public": True, "last_days": 25,
        "budget": [("Région Auvergne-Rhône-Alpes", "10000", "EUR", "auvergne-rhone-alpes"), ("Ville de Trois-Rivières", "9000", "CAD", "trois-rivieres")],
        "indicators": [("Agents ayant effectué un stage croisé", SOC, "agents", 0, 16, "lyon", [(6, "A"), (10, "D")])],
        "journal": [(200, "fr", "Première vague de quatre agents lyonnais à Trois-Rivières."), (25, "qc", "Accueil de deux agents trifluviens à Lyon.")],
    },
]


def _collectivity(key: str) -> Collectivity:
    side, kind, code, name, designation = COLLECTIVITIES[key]
    found = Collectivity.objects.current().filter(side=side, kind=kind, code=code).first()
    if found:
        return found
    collectivity = Collectivity(side=side, kind=kind, code=code, designation=designation, is_demo=True,
                                country="FR" if side == Side.FRANCE else "CA")
    collectivity.set_name(name)
    collectivity.save()
    return collectivity


def _author(key: str):
    User = get_user_model()
    username = AUTHORS[key]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=username, last_name="(démo)")
        user.set_unusable_password()
        user.save()
    return user


def _save(instance, by):
    instance._history_user = by
    instance.save()
    return instance


@transaction.atomic
def load_demo() -> None:
    """Replace the demo projects with the set above (idempotent). Other demo data, such as
    the synthetic projects of `seed_scale`, is left alone."""
    Project.objects.filter(is_demo=True, title__in=[spec["title"] for spec in PROJECTS]).delete()
    Organisation.objects.filter(is_demo=True, project_partners__isnull=True).delete()
    collectivities = {key: _collectivity(key) for key in COLLECTIVITIES}
    authors = {key: _author(key) for key in AUTHORS}
    pistes = {piste.code: piste for piste in Piste.objects.filter(axis__plan__slug="2008-2010")}
    themes = {axis.slug: axis for axis in Axis.objects.filter(kind=Axis.Kind.THEME, plan__slug="2008-2010")}
    today = timezone.localdate()
    for spec in PROJECTS:
        _load_project(spec, collectivities, authors, pistes, themes, today)
    # The committee's follow-up of the pistes the demo projects serve (a status the
    # secretariat has set is kept).
    Piste.objects.filter(
        status=Piste.Status.NOT_STARTED, projects__is_demo=True, projects__status=Project.Status.ONGOING,
    ).update(status=Piste.Status.IN_PROGRESS)
    Piste.objects.filter(
        status=Piste.Status.NOT_STARTED, projects__is_demo=True,
    ).update(status=Piste.Status.STARTED)


def _load_project(spec, collectivities, authors, pistes, themes, today) -> Project:
    lead_side = collectivities[spec["partners"][0][0]].side
    creator = authors[spec.get("single_author") or ("fr" if lead_side == Side.FRANCE else "qc")]
    start, end = spec["years"]
    project = _save(Project(
        title=spec["title"], summary=spec["summary"], is_demo=True, is_public=spec["public"],
        description=spec["summary"] + "\n\nProjet de démonstration : les données sont fictives.",
        status=spec["status"], start_date=datetime.date(start, 1, 1), end_date=datetime.date(end, 12, 31),
        created_by=creator,
    ), creator)
    project.pistes.set([pistes[code] for code in spec["pistes"] if code in pistes])
    project.themes.set([themes[slug] for slug in spec["themes"] if slug in themes])
    partners = {}
    for key, role in spec["partners"]:
        partners[key] = _save(Partner(project=project, collectivity=collectivities[key], role=role), creator)
        _save(Contact(partner=partners[key], name=f"Élu·e référent·e — {collectivities[key].name}",
                      kind=Contact.Kind.ELECTED, role="Élu·e responsable des relations internationales"), creator)
        _save(Contact(partner=partners[key], name=f"Chargé·e de mission — {collectivities[key].name}",
                      kind=Contact.Kind.PROFESSIONAL, role="Coordination du projet",
                      email=f"coordination-{normalize(collectivities[key].name).replace(' ', '-')}@demo.maillage.invalid"),
              creator)
    if asking := partners.get(spec.get("publication_asked_by")):
        asking.publication_request = Partner.Publication.PUBLISH
        asking.publication_requested_at, asking.publication_requested_by = timezone.now(), creator
        _save(asking, creator)
    for name, kind, country, role in spec.get("organisations", []):
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "country": country, "is_demo": True})
        _save(Partner(project=project, organisation=organisation, role=role), creator)
    for source, amount, currency, funder in spec["budget"]:
        _save(BudgetLine(project=project, source=source, amount=Decimal(amount), currency=currency, year=start,
                         funder=partners.get(funder)), creator)
    _save(Activity(project=project, kind=Activity.Kind.MILESTONE, title="Signature de la lettre d'intention",
                   start_date=datetime.date(start, 2, 15), status=Activity.Status.DONE
                   if datetime.date(start, 2, 15) <= today else Activity.Status.PLANNED), creator)
    _save(Activity(project=project, title="Mission d'étude et séminaire de travail",
                   start_date=datetime.date(start, 9, 1), end_date=datetime.date(start, 9, 5),
                   status=Activity.Status.DONE if datetime.date(start, 9, 5) <= today else Activity.Status.PLANNED),
          creator)
    for name, category, unit, baseline, target, territory, values in spec["indicators"]:
        indicator = _save(Indicator(project=project, name=name, category=category, unit=unit,
                                    baseline=Decimal(baseline), target=Decimal(target),
                                    territory=collectivities[territory]), creator)
        for index, (value, state) in enumerate(values):
            period_start = datetime.date(start + index, 1, 1)
            measurement = Measurement(indicator=indicator, period_start=period_start,
                                      period_end=datetime.date(start + index, 12, 31), value=Decimal(value),
                                      entered_by=creator)
            if state == "A":
                measurement.status = Measurement.Status.APPROVED
                measurement.approved_by = authors["sec"]
                measurement.approved_at = timezone.now()
            _save(measurement, creator)
    for days_ago, author_key, text in spec["journal"]:
        author = creator if spec.get("single_author") else authors[author_key]
        _save(Update(project=project, date=today - datetime.timedelta(days=days_ago), text=text, author=author), author)
    last = timezone.now() - datetime.timedelta(days=spec["last_days"])
    Project.objects.filter(pk=project.pk).update(last_activity_at=last)
    facts.mark_active(project.pk, last)
    return project
