"""Every route × every persona: who gets what (core/testing/matrix.py explains the rows).

The data makes each row mean something:
- `shared`: a published project of Lyon (lead) and Trois-Rivières, with one item of each
  kind (budget line, activity, organisation partner and its contact, document, an
  indicator with an approved and a draft measurement, another without any approved value,
  a journal entry by each partner's editor);
- `lyon_only`: an unpublished project of Lyon alone, with a journal entry, a budget line
  and a document: Trois-Rivières, the outsider, the reviewer and anonymous visitors get
  404 on it; the committee and the secretariat read it; only Lyon and the secretariat
  change it (the others: 403);
- a plan with a piste, whose follow-up only the secretariat changes (plan/access.py).

Rows marked `pending=ISSUE_8` state a rule of issue 8 that the publication work is
implementing (another collectivity's partner row, another partner's journal entry, an
indicator with approved values, an approved measurement: editors get 403, the secretariat
passes); they fail until that work lands.
"""
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from accounts.models import ApiToken
from core.testing.matrix import (
    EDITORS, PERSONAS, Row, admin_rule_rows, by_route, check_routes, everyone, logged_in, login_clients, only,
    routes_without_row, rows_of_the_apps,
)
from projects.models import (
    Activity, BudgetLine, Contact, Document, Measurement, Organisation, Partner, Project, Update,
)
from projects.tests.factories import make_indicator, make_plan_items, make_project

ISSUE_8 = "rule from issue 8, being implemented by the publication work"

LYON = "/collectivites/fr/commune/69123/"
TROIS_RIVIERES = "/collectivites/qc/municipalite/37067/"
SHARED = "/projets/{shared}/"
LYON_ONLY = "/projets/{lyon_only}/"
PISTE = "/plan/2008-2010/pistes/dd-1/"

# The bodies of the API's writes (the projects of `world` are at version 1).
NEW_PROJECT = {"title": "Jumelage des médiathèques", "summary": "Échanges entre bibliothécaires.",
               "start_date": "2025-03-01", "collectivity": "69123"}
PROJECT_FIELDS = {"title": "Titre changé", "summary": "Résumé changé.", "description": "", "pistes": [], "themes": [],
                  "start_date": "2024-01-01", "end_date": None, "status": "en_cours", "version": 1}

# What the outsider, the reviewer and Trois-Rivières get on Lyon's unpublished project.
HIDDEN = {"trois_rivieres": 404, "outsider": 404, "reviewer": 404}


def shared_editors(success=200, **exceptions):
    """Lyon, Trois-Rivières and the secretariat change the shared project; other logged-in
    personas read it (it is published) and get 403."""
    return only(("lyon", "trois_rivieres"), success, **exceptions)


def lyon_editors(success=200, **exceptions):
    """Lyon and the secretariat change Lyon's unpublished project; the committee reads it
    (403); the others do not see it (404)."""
    return only(("lyon",), success, **HIDDEN, **exceptions)


def public_read(**exceptions):
    """A public page of Lyon's unpublished project: its readers get 200, the others 404."""
    return {**everyone(200), **HIDDEN, "anonymous": 404, **exceptions}


def secretariat_only(success=200, others=403, **exceptions):
    return only((), success, others=others, **exceptions)


def item_rows(kind: str, item: str, *, edit=None, delete=None, pending="") -> list[Row]:
    """GET and POST of an item's edit and delete pages, on the shared project."""
    edit = edit or shared_editors()
    delete = delete or shared_editors()
    delete_post = {persona: "redirect" if outcome == 200 else outcome for persona, outcome in delete.items()}
    base = f"{SHARED}{kind}/{{{item}}}/"
    return [
        Row("GET", base + "modifier/", edit, label=item, pending=pending),
        Row("POST", base + "modifier/", edit, label=f"{item}, formulaire vide", pending=pending),
        Row("GET", base + "supprimer/", delete, label=item, pending=pending),
        Row("POST", base + "supprimer/", delete_post, label=item, pending=pending),
    ]


ROWS = [
    # The site.
    Row("GET", "/", everyone(200)),
    Row("GET", "/favicon.ico", everyone("redirect")),
    Row("POST", "/i18n/setlang/", everyone("redirect"), data={"language": "fr-ca", "next": "/"}),
    Row("GET", "/i18n/setlang/", everyone("redirect")),
    # Accounts.
    Row("GET", "/comptes/connexion/", everyone(200)),
    Row("POST", "/comptes/connexion/", everyone(200), label="sans mot de passe"),
    Row("GET", "/comptes/deconnexion/", everyone(405)),
    Row("POST", "/comptes/deconnexion/", everyone("redirect")),
    Row("GET", "/comptes/mot-de-passe/oubli/", everyone(200)),
    Row("GET", "/comptes/mot-de-passe/oubli/envoye/", everyone(200)),
    Row("GET", "/comptes/mot-de-passe/nouveau/MQ/jeton-invalide/", everyone(200), label="lien invalide"),
    Row("GET", "/comptes/mot-de-passe/nouveau/termine/", everyone(200)),
    Row("GET", "/comptes/profil/", logged_in(200)),
    Row("POST", "/comptes/profil/", logged_in("redirect"), data={"time_zone": "America/Toronto"}),
    # The registry of collectivities.
    Row("GET", "/collectivites/", everyone(200)),
    Row("GET", "/collectivites/choix/?q=lyon", everyone(200)),
    Row("GET", "/collectivites/?q=lyon&side=fr&kind=commune&page=1", everyone(200), label="filtres"),
    Row("GET", LYON, everyone(200)),
    Row("GET", TROIS_RIVIERES, everyone(200)),
    Row("GET", "/collectivites/fr/commune/00000/", everyone(404)),
    Row("GET", LYON + "modifier/", only(("lyon",))),
    Row("POST", LYON + "modifier/", only(("lyon",), "redirect"), data={"website": "https://example.org"}),
    Row("GET", TROIS_RIVIERES + "modifier/", only(("trois_rivieres",))),
    Row("POST", TROIS_RIVIERES + "modifier/", only(("trois_rivieres",), "redirect"),
        data={"website": "https://example.org"}),
    Row("GET", "/collectivites/fr/commune/00000/modifier/", logged_in(404)),
    # The action plan.
    Row("GET", "/plan/", everyone(200)),
    Row("GET", "/plan/2008-2010/", everyone(200)),
    Row("GET", "/plan/1900-1901/", everyone(404)),
    Row("GET", PISTE, everyone(200)),
    Row("GET", "/plan/2008-2010/pistes/zz-9/", everyone(404)),
    Row("GET", PISTE + "suivi/", logged_in(405)),
    # Only the secretariat changes a piste's follow-up; an empty form is a 400.
    Row("POST", PISTE + "suivi/", secretariat_only(400), label="formulaire vide"),
    # Projects: lists, queues, creation.
    Row("GET", "/projets/", everyone(200)),
    Row("GET", "/projets/?format=csv", everyone(200), label="export CSV"),
    Row("GET", "/projets/?format=xlsx", everyone(200), label="export XLSX"),
    Row("GET", "/projets/nouveau/", only(EDITORS)),
    Row("POST", "/projets/nouveau/", only(EDITORS), label="formulaire vide"),
    Row("GET", "/projets/mesures/a-valider/", secretariat_only()),
    Row("GET", "/projets/publication/a-decider/", secretariat_only()),
    # The bin: only the secretariat reads it and restores what was deleted.
    Row("GET", "/projets/corbeille/", secretariat_only()),
    Row("GET", "/projets/corbeille/{deleted_project}/restaurer/", logged_in(405)),
    Row("POST", "/projets/corbeille/{deleted_project}/restaurer/", secretariat_only("redirect"),
        label="projet supprimé"),
    Row("POST", "/projets/corbeille/999999/restaurer/", secretariat_only(404), label="inexistant"),
    Row("POST", "/projets/corbeille/budget/{deleted_budget}/restaurer/", secretariat_only("redirect"),
        label="ligne supprimée"),
    Row("POST", "/projets/corbeille/inconnu/{deleted_budget}/restaurer/", secretariat_only(404),
        label="type inconnu"),
    # The shared, published project.
    Row("GET", SHARED, everyone(200), label="partagé"),
    Row("GET", SHARED + "modifier/", shared_editors(), label="partagé"),
    Row("POST", SHARED + "modifier/", shared_editors(), label="partagé, formulaire vide"),
    Row("GET", SHARED + "historique/", shared_editors(committee=200), label="partagé"),
    Row("GET", SHARED + "journal/ajouter/", shared_editors(), label="partagé"),
    Row("POST", SHARED + "journal/ajouter/", shared_editors(), label="partagé, formulaire vide"),
    Row("GET", SHARED + "partenaires/ajouter/", shared_editors(), label="partagé"),
    Row("POST", SHARED + "partenaires/ajouter/", shared_editors(), label="partagé, formulaire vide"),
    *[Row("GET", f"{SHARED}{kind}/ajouter/", shared_editors(), label="partagé")
      for kind in ("contacts", "budget", "documents", "activites", "indicateurs")],
    Row("POST", SHARED + "budget/ajouter/", shared_editors(), label="partagé, formulaire vide"),
    # A measurement is added from its indicator; an unknown kind is a 404 (once write access is checked).
    Row("GET", SHARED + "mesures/ajouter/", logged_in(404), label="formulaire dédié"),
    Row("GET", SHARED + "inconnu/ajouter/", shared_editors(404), label="type inconnu"),
    *item_rows("budget", "budget"),
    *item_rows("activites", "activity"),
    *item_rows("contacts", "contact"),
    *item_rows("documents", "document"),
    *item_rows("partenaires", "lyon_partner", edit=only(("lyon",)), delete=only(("lyon",)), pending=ISSUE_8),
    *item_rows("partenaires", "trois_rivieres_partner", edit=only(("trois_rivieres",)),
               delete=only(("trois_rivieres",)), pending=ISSUE_8),
    *item_rows("partenaires", "organisation_partner"),
    *item_rows("journal", "lyon_update", edit=only(("lyon",)), delete=only(("lyon",)), pending=ISSUE_8),
    *item_rows("journal", "trois_rivieres_update", edit=only(("trois_rivieres",)),
               delete=only(("trois_rivieres",)), pending=ISSUE_8),
    *item_rows("indicateurs", "indicator"),
    *item_rows("indicateurs", "approved_indicator", edit=secretariat_only(), delete=secretariat_only(),
               pending=ISSUE_8),
    *item_rows("mesures", "draft"),
    *item_rows("mesures", "approved", edit=secretariat_only(), delete=secretariat_only(), pending=ISSUE_8),
    Row("GET", SHARED + "budget/{lyon_only_budget}/modifier/", shared_editors(404), label="ligne d'un autre projet"),
    Row("GET", SHARED + "documents/{document}/fichier/", everyone(200), label="partagé"),
    Row("GET", SHARED + "documents/{lyon_only_document}/fichier/", everyone(404), label="document d'un autre projet"),
    Row("GET", SHARED + "indicateurs/{indicator}/mesures/ajouter/", shared_editors(), label="partagé"),
    Row("POST", SHARED + "indicateurs/{indicator}/mesures/ajouter/", shared_editors(),
        label="partagé, formulaire vide"),
    Row("GET", SHARED + "mesures/{draft}/examen/", logged_in(405)),
    Row("POST", SHARED + "mesures/{draft}/examen/", secretariat_only("redirect"), data={"decision": "approve"},
        label="brouillon"),
    # Publication: an editor asks for their collectivity, the secretariat decides.
    Row("GET", SHARED + "publication/demande/", logged_in(405)),
    Row("POST", SHARED + "publication/demande/", logged_in("redirect"), data={"wish": "unpublish"},
        label="partagé"),
    Row("GET", SHARED + "publication/decision/", logged_in(405)),
    Row("POST", SHARED + "publication/decision/", secretariat_only("redirect"), data={"decision": "unpublish"},
        label="partagé"),
    # Lyon's unpublished project.
    Row("GET", LYON_ONLY, public_read(), label="non publié"),
    Row("GET", LYON_ONLY + "modifier/", lyon_editors(), label="non publié"),
    Row("POST", LYON_ONLY + "modifier/", lyon_editors(), label="non publié, formulaire vide"),
    Row("GET", LYON_ONLY + "historique/", lyon_editors(committee=200), label="non publié"),
    Row("GET", LYON_ONLY + "journal/ajouter/", lyon_editors(), label="non publié"),
    Row("GET", LYON_ONLY + "partenaires/ajouter/", lyon_editors(), label="non publié"),
    Row("GET", LYON_ONLY + "budget/ajouter/", lyon_editors(), label="non publié"),
    Row("GET", LYON_ONLY + "budget/{lyon_only_budget}/modifier/", lyon_editors(), label="non publié"),
    Row("GET", LYON_ONLY + "journal/{lyon_only_update}/modifier/", lyon_editors(), label="non publié"),
    Row("GET", LYON_ONLY + "budget/{lyon_only_budget}/supprimer/", lyon_editors(), label="non publié"),
    Row("POST", LYON_ONLY + "budget/{lyon_only_budget}/supprimer/", lyon_editors("redirect"), label="non publié"),
    Row("GET", LYON_ONLY + "documents/{lyon_only_document}/fichier/", public_read(), label="non publié"),
    Row("POST", LYON_ONLY + "publication/demande/", {**logged_in("redirect"), **HIDDEN}, data={"wish": "publish"},
        label="non publié"),
    Row("POST", LYON_ONLY + "publication/decision/", secretariat_only("redirect", **HIDDEN),
        data={"decision": "publish"}, label="non publié"),
    Row("GET", "/projets/999999/", everyone(404), label="inexistant"),
    Row("GET", "/projets/999999/modifier/", logged_in(404), label="inexistant"),
    # The dashboard and its exports.
    Row("GET", "/tableau-de-bord/", everyone(200)),
    Row("GET", "/mon-espace/", logged_in(200)),
    Row("GET", "/tableau-de-bord/?year=abc", everyone(200), label="filtre invalide"),
    Row("GET", "/tableau-de-bord/export/etats.csv", everyone(200)),
    Row("GET", "/tableau-de-bord/export/projets-a-surveiller.xlsx", everyone(200)),
    Row("GET", "/tableau-de-bord/export/inconnu.csv", everyone(404)),
    Row("GET", "/tableau-de-bord/export/etats.pdf", everyone(404)),
    # The API: one row (at least) per operation.
    Row("GET", "/api/v1/", everyone(404)),  # django-ninja serves no root page
    Row("GET", "/api/v1/openapi.json", everyone(200)),
    Row("GET", "/api/v1/docs", everyone(200)),
    Row("GET", "/api/v1/collectivities", everyone(200)),
    Row("GET", "/api/v1/collectivities/fr/69123", everyone(200)),
    Row("GET", "/api/v1/collectivities/fr/00000", everyone(404)),
    Row("GET", "/api/v1/plans", everyone(200)),
    Row("GET", "/api/v1/plans/2008-2010/pistes", everyone(200)),
    Row("GET", "/api/v1/plans/1900-1901/pistes", everyone(404)),
    Row("GET", "/api/v1/projects", everyone(200)),
    Row("GET", "/api/v1/projects/{shared}", everyone(200), label="partagé"),
    Row("GET", "/api/v1/projects/{lyon_only}", public_read(), label="non publié"),
    Row("GET", "/api/v1/projects/{lyon_only}", public_read(), label="non publié", token=True),
    # Writes: the token's holder, with the pages' permissions; a session alone writes nothing.
    Row("POST", "/api/v1/projects", everyone(401), data=NEW_PROJECT, label="session seule"),
    Row("POST", "/api/v1/projects", only(EDITORS, 201, anonymous=401, trois_rivieres=403), data=NEW_PROJECT,
        label="pour Lyon", token=True),
    Row("PUT", "/api/v1/projects/{shared}", everyone(401), data=PROJECT_FIELDS, label="partagé, session seule"),
    Row("PUT", "/api/v1/projects/{shared}", shared_editors(anonymous=401), data=PROJECT_FIELDS, label="partagé",
        token=True),
    Row("PUT", "/api/v1/projects/{shared}", shared_editors(409, anonymous=401), data={**PROJECT_FIELDS, "version": 0},
        label="partagé, version périmée", token=True),
    Row("PUT", "/api/v1/projects/{lyon_only}", lyon_editors(anonymous=401), data=PROJECT_FIELDS, label="non publié",
        token=True),
    Row("PUT", "/api/v1/projects/999999", logged_in(404, anonymous=401), data=PROJECT_FIELDS, label="inexistant",
        token=True),
    Row("GET", "/api/v1/dashboard", everyone(200)),
    Row("GET", "/api/v1/dashboard/", everyone(200), label="avec la barre finale"),
    Row("GET", "/api/v1/dashboard?year=abc", everyone(422), label="filtre invalide"),
    # The admin: the secretariat's; a few rows here, and the rule below for every ModelAdmin.
    Row("GET", "/admin/", {**everyone("admin-login"), "secretariat": 200}),
    Row("GET", "/admin/login/", {**everyone(200), "secretariat": "redirect"}),
    # The admin site's own pages redirect anonymous visitors to the admin's login page.
    Row("GET", "/admin/logout/", {**everyone("redirect"), "anonymous": "admin-login", "secretariat": 405}),
    *[Row("GET", path, {**everyone("admin-login"), "secretariat": outcome}) for path, outcome in (
        ("/admin/password_change/", 200), ("/admin/password_change/done/", 200), ("/admin/autocomplete/", 403),
        ("/admin/jsi18n/", 200), ("/admin/projects/", 200), ("/admin/nulle-part/", 404),
        ("/admin/r/{project_type}/{lyon_only}/", "redirect"))],
    Row("GET", "/admin/accounts/user/{lyon_user}/password/", {**logged_in("admin-login"), "secretariat": 200}),
    Row("GET", "/admin/projects/project/{lyon_only}/", {**logged_in("admin-login"), "secretariat": "redirect"}),
    Row("GET", "/admin/projects/project/{lyon_only}/change/", {**logged_in("admin-login"), "secretariat": 200},
        label="non publié"),
]


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville, settings, tmp_path):
    """The data every row refers to, and one logged-in client per persona."""
    settings.MEDIA_ROOT = tmp_path
    from django.contrib.contenttypes.models import ContentType

    pistes, theme = make_plan_items()
    lyon, trois_rivieres = personas["lyon"], personas["trois_rivieres"]
    shared = make_project(lyon_commune, trois_rivieres_ville, title="Mobilité des jeunes", is_public=True)
    shared.pistes.add(pistes[0])
    shared.themes.add(theme)
    organisation = Organisation.objects.create(name="Cégep de Trois-Rivières", kind=Organisation.Kind.RESEARCH,
                                               country="CA")
    organisation_partner = Partner.objects.create(project=shared, organisation=organisation,
                                                  role=Partner.Role.FUNDER)
    indicator = make_indicator(shared, lyon_commune)
    approved_indicator = make_indicator(shared, trois_rivieres_ville, name="Jeunes accueillis", unit="jeunes")
    period = {"period_start": datetime.date(2024, 1, 1), "period_end": datetime.date(2024, 6, 30)}
    deleted_project = make_project(trois_rivieres_ville, title="Projet abandonné")
    deleted_project.delete()  # its history keeps its id; the instance's pk is now None
    deleted_budget = BudgetLine.objects.create(project=shared, source="MRIF", amount=Decimal("900"), currency="CAD")
    deleted_budget.delete()
    lyon_only = make_project(lyon_commune, title="Jardins partagés")
    lyon_only.pistes.add(pistes[1])
    ids = {
        "shared": shared.pk,
        "lyon_only": lyon_only.pk,
        "lyon_partner": shared.partners.get(collectivity=lyon_commune).pk,
        "trois_rivieres_partner": shared.partners.get(collectivity=trois_rivieres_ville).pk,
        "organisation_partner": organisation_partner.pk,
        "contact": Contact.objects.create(partner=organisation_partner, name="Marie Tremblay",
                                          kind=Contact.Kind.PROFESSIONAL).pk,
        "budget": BudgetLine.objects.create(project=shared, source="FFQCD", amount=Decimal("10000"),
                                            currency="EUR", year=2024).pk,
        "activity": Activity.objects.create(project=shared, title="Mission d'étude",
                                            start_date=datetime.date(2024, 5, 1)).pk,
        "document": Document.objects.create(project=shared, title="Compte rendu",
                                            file=ContentFile(b"Compte rendu", name="compte-rendu.txt")).pk,
        "lyon_update": Update.objects.create(project=shared, date=datetime.date(2024, 6, 1), text="Mission réalisée",
                                             author=lyon).pk,
        "trois_rivieres_update": Update.objects.create(project=shared, date=datetime.date(2024, 6, 2),
                                                       text="Accueil à Trois-Rivières", author=trois_rivieres).pk,
        "indicator": indicator.pk,
        "approved_indicator": approved_indicator.pk,
        "draft": Measurement.objects.create(indicator=indicator, value=3, entered_by=lyon, **period).pk,
        "approved": Measurement.objects.create(indicator=approved_indicator, value=4, entered_by=trois_rivieres,
                                               status=Measurement.Status.APPROVED, **period).pk,
        "lyon_only_budget": BudgetLine.objects.create(project=lyon_only, source="Ville de Lyon",
                                                      amount=Decimal("5000"), currency="EUR").pk,
        "lyon_only_update": Update.objects.create(project=lyon_only, date=datetime.date(2024, 3, 1),
                                                  text="Premier chantier", author=lyon).pk,
        "lyon_only_document": Document.objects.create(project=lyon_only, title="Plan du jardin",
                                                      file=ContentFile(b"Plan", name="plan.txt")).pk,
        "project_type": ContentType.objects.get_for_model(lyon_only).pk,
        "lyon_user": lyon.pk,
        "deleted_project": Project.history.get(title="Projet abandonné", history_type="-").history_id,
        "deleted_budget": BudgetLine.history.get(source="MRIF", history_type="-").history_id,
    }
    tokens = {persona: ApiToken.objects.issue(user, label="Matrice", by=None)[1] for persona, user in personas.items()}
    return login_clients(personas, tokens), ids


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    """Every row of one route (one set of data for them all), for every persona."""
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)


def test_every_admin_page_is_for_the_secretariat_only(world, personas):
    """The admin rule: every standard page of every registered ModelAdmin."""
    clients, ids = world
    request = RequestFactory().get("/admin/")
    request.user = personas["secretariat"]
    rows = admin_rule_rows(request)
    assert len(rows) > 40  # every ModelAdmin, with its records' pages
    check_routes(rows, clients, ids)


def test_every_route_has_a_row():
    missing = routes_without_row([*ROWS, *rows_of_the_apps()])
    assert not missing, (
        "Routes sans ligne dans la matrice des droits (tests/test_route_matrix.py, ou "
        f"<app>/tests/route_rows.py) : {', '.join(missing)}")


def test_every_row_names_every_persona():
    assert all(set(row.expected) == set(PERSONAS) for row in ROWS)
