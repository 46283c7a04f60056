"""`maillage demo`: loads a realistic demo set, idempotently, in one transaction."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import Membership
from conftest import make_collectivity
from maillage.demo import DEMO_PASSWORD
from maillage.management.commands import demo as demo_command
from matching import suggestions
from matching.models import Interest, Posting, Profile, StaffExchange
from mobility import figures as mobility_figures
from mobility.models import Exchange, Target
from plan.models import Piste, Plan
from projects.models import Project
from territories.models import Collectivity, Kind, Link, Side

pytestmark = pytest.mark.django_db

ROLES = {
    # username: (is_secretariat, is_staff, is_committee_member, is_fund_reviewer)
    "secretariat": (True, True, False, False),
    "comite": (False, False, True, False),
    "evaluateur": (False, False, False, True),
    "editeur-lyon": (False, False, False, False),
    "editeur-trois-rivieres": (False, False, False, False),
}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The demo sets five passwords per run; the default PBKDF2 takes a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_a_scratch_folder(settings, tmp_path):
    # The fund's demo applications carry documents: not into the platform's data/media.
    settings.MEDIA_ROOT = tmp_path / "media"


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "collectivities": Collectivity.objects.count(),
        "links": Link.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": sorted(Membership.objects.values_list("user__username", "collectivity__code")),
        "plans": Plan.objects.count(),
        "pistes": Piste.objects.count(),
        "projects": sorted(Project.objects.values_list("title", flat=True)),
        "profiles": sorted(Profile.objects.values_list("collectivity__code", "version", "is_published")),
        "postings": sorted(Posting.objects.values_list("profile__collectivity__code", "title", "version")),
        "staff_exchanges": sorted(StaffExchange.objects.values_list("profile__collectivity__code", "post", "version")),
        "interests": sorted(Interest.objects.values_list(
            "sender__collectivity__code", "recipient__collectivity__code", "status")),
        "exchanges": sorted(Exchange.objects.values_list(
            "title", "direction", "sending_collectivity__code", "host_collectivity__code", "participants")),
        "targets": sorted(Target.objects.values_list("year", "max_imbalance", "min_per_direction")),
    }


def test_the_demo_loads_its_users_and_real_collectivities_and_a_second_run_changes_nothing(client):
    """One run of the whole demo (it imports real files: a minute on a loaded machine),
    then every check of what it loaded, then a second run."""
    output = run_demo()
    first = snapshot()
    check_the_output_names_every_login_and_the_password(output)
    check_every_demo_user_logs_in_with_the_documented_password(client)
    check_demo_users_have_their_roles()
    check_real_collectivities_with_their_codes_and_parents()
    check_the_matching_demo(client, output)
    check_the_mobility_exchanges_and_their_balance(output, client)
    run_demo()
    assert snapshot() == first
    assert first["plans"] == 1 and first["pistes"] > 0
    assert first["projects"], "the demo loads projects"


def check_the_output_names_every_login_and_the_password(output):
    for username in ROLES:
        assert username in output
    assert DEMO_PASSWORD in output


def check_every_demo_user_logs_in_with_the_documented_password(client):
    for username in ROLES:
        # Through the login form: django-axes needs the request that client.login() lacks.
        response = client.post("/comptes/connexion/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.logout()


def check_demo_users_have_their_roles():
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    for username, flags in ROLES.items():
        user = users[username]
        assert (user.is_secretariat, user.is_staff, user.is_committee_member, user.is_fund_reviewer) == flags, username
        assert not user.is_superuser
    assert list(users["editeur-lyon"].memberships.values_list("collectivity__side", "collectivity__kind", "collectivity__code")) == [
        (Side.FRANCE, Kind.COMMUNE, "69123")
    ]
    assert list(users["editeur-trois-rivieres"].memberships.values_list("collectivity__side", "collectivity__kind", "collectivity__code")) == [
        (Side.QUEBEC, Kind.MUNICIPALITE, "37067")
    ]
    for username in ("secretariat", "comite", "evaluateur"):
        assert not users[username].memberships.exists()


def check_the_mobility_exchanges_and_their_balance(output, client):
    """mobility.demo: seven exchanges between the demo collectivities (every party found in
    the registry, none left as a mere name) and the committee's targets of 2009 and 2010."""
    assert "7 échanges, 2 objectifs" in output
    demo = Exchange.objects.filter(is_demo=True)
    assert demo.count() == 7
    assert not demo.filter(sending_collectivity=None).exists() and not demo.filter(host_collectivity=None).exists()
    assert [(row.year, row.fr_to_qc, row.qc_to_fr, row.target is not None, row.target_met)
            for row in mobility_figures.trend()] == [(2009, 32, 8, True, False), (2010, 3, 25, True, False)]
    regions = {row.name: (row.sent, row.hosted) for row in mobility_figures.balance(2009).by_region}
    assert regions["Auvergne-Rhône-Alpes"] == (12, 8) and regions["Mauricie"] == (8, 12)
    html = client.get("/mobilite/bilan/?year=2010").content.decode()
    assert '<dd data-figure="qc_to_fr">25</dd>' in html and '<dd data-figure="imbalance">-22</dd>' in html
    answer = client.get("/api/v1/mobility/balance", {"year": 2009}).json()
    assert (answer["fr_to_qc"], answer["qc_to_fr"], answer["imbalance"]) == (32, 8, 24)


def check_real_collectivities_with_their_codes_and_parents():
    current = Collectivity.objects.current()
    lyon = current.get(side=Side.FRANCE, kind=Kind.COMMUNE, code="69123")
    assert lyon.name == "Lyon"
    assert lyon.region.code == "84"  # Auvergne-Rhône-Alpes
    assert current.get(side=Side.FRANCE, kind=Kind.COMMUNE, code="33063").name == "Bordeaux"
    trois_rivieres = current.get(side=Side.QUEBEC, kind=Kind.MUNICIPALITE, code="37067")
    assert trois_rivieres.name == "Trois-Rivières"
    assert trois_rivieres.region.code == "04"  # Mauricie
    assert current.get(side=Side.QUEBEC, kind=Kind.MUNICIPALITE, code="25213").region.code == "12"
    assert current.get(side=Side.QUEBEC, kind=Kind.MUNICIPALITE, code="66023").name == "Montréal"
    assert current.get(side=Side.QUEBEC, kind=Kind.MUNICIPALITE, code="23027").name == "Québec"
    assert lyon.parents.filter(kind=Kind.EPCI, code="200046977").exists()  # Métropole de Lyon
    assert current.filter(side=Side.FRANCE, kind=Kind.REGION).count() >= 18
    assert current.filter(side=Side.QUEBEC, kind=Kind.REGION).count() == 17


def check_the_matching_demo(client, output):
    """Published profiles for five demo collectivities (Montréal keeps none), offers and
    requests, Lyon's staff exchange offer and Lévis' interest in it, awaiting Lyon's
    answer: `editeur-lyon` finds it in its space and may answer."""
    assert "5 profils de coopération, 3 annonces, 1 échange de personnel, 1 manifestation d'intérêt" in output
    profiles = Profile.objects.select_related("collectivity")
    assert sorted(p.collectivity.code for p in profiles) == ["23027", "25213", "33063", "37067", "69123"]
    assert all(p.is_published and p.themes.exists() and p.staff_email.endswith("@demo.maillage.invalid")
               for p in profiles)
    assert sorted(Posting.objects.values_list("profile__collectivity__code", "kind")) == [
        ("23027", "offre"), ("25213", "demande"), ("69123", "offre")]
    exchange = StaffExchange.objects.get()
    assert (exchange.profile.collectivity.code, exchange.kind) == ("69123", StaffExchange.Kind.OFFER)
    interest = Interest.objects.get()
    assert (interest.sender.collectivity.code, interest.recipient.collectivity.code, interest.status,
            interest.staff_exchange) == ("25213", "69123", Interest.Status.PENDING, exchange)
    # Lyon's suggestions leave out Trois-Rivières, Montréal and Québec (twinned, or partners
    # in its projects) and give Lévis with the themes they share.
    found = {s.code: s for s in suggestions.for_collectivity("fr", "69123", limit=20)}
    assert not {"37067", "66023", "23027"} & set(found)
    assert any(reason.startswith("Thèmes d'intérêt en commun") and "Le tourisme" in reason
               for reason in found["25213"].reasons)
    client.post("/comptes/connexion/", {"username": "editeur-lyon", "password": DEMO_PASSWORD})
    space = client.get("/partenaires/mon-espace/").content.decode()
    assert f"/partenaires/interets/{interest.pk}/" in space and "Lévis" in space
    assert "Envoyer la réponse" in client.get(f"/partenaires/interets/{interest.pk}/").content.decode()
    client.logout()


def test_it_keeps_an_imported_registry_untouched():
    for side, kind, code in demo_command.DEMO_COLLECTIVITIES:
        make_collectivity(side, kind, code, f"Importée {code}", source="import complet")
    output = run_demo()
    assert "déjà présentes" in output
    assert Collectivity.objects.get(code="69123").name == "Importée 69123"
    assert not Collectivity.objects.filter(kind=Kind.EPCI, code="200046977").exists()


def test_a_failure_leaves_nothing_behind(monkeypatch):
    def broken_load_demo():
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(demo_command, "load_demo", broken_load_demo)
    with pytest.raises(RuntimeError):
        run_demo()
    assert get_user_model().objects.count() == 0
    assert Collectivity.objects.count() == 0
    assert Plan.objects.count() == 0
