"""/mon-espace/: where logging in leads. An editor sees their collectivities' projects and
what needs their attention, with shortcuts; the secretariat its queues; a reviewer the
reviews to hand in; and the page's queries do not grow with the data."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.test_authentication import PASSWORD
from fund.models import Review, Stage
from fund.tests.factories import make_application, make_call
from matching.models import Interest
from matching.tests.factories import make_profile
from projects.models import Measurement, Project
from projects.tests.factories import make_indicator, make_project

SPACE = "/mon-espace/"


def test_logging_in_leads_to_ones_space_and_visitors_to_the_login(client, personas):
    assert client.get(SPACE).status_code == 302
    response = client.post("/comptes/connexion/", {"username": "lyon", "password": PASSWORD})
    assert response.url == SPACE
    assert 'href="/mon-espace/">Mon espace</a>' in client.get(SPACE).content.decode()


def test_an_editor_sees_their_projects_and_what_needs_their_attention(client, personas, lyon_commune,
                                                                    trois_rivieres_ville):
    ongoing = make_project(lyon_commune, title="Forêts urbaines", status=Project.Status.ONGOING)
    make_indicator(ongoing, lyon_commune, name="Arbres plantés")
    measured = make_indicator(ongoing, lyon_commune, name="Emplois créés")
    today = timezone.localdate()
    Measurement.objects.create(indicator=measured, period_start=today - datetime.timedelta(days=60),
                               period_end=today - datetime.timedelta(days=30), value=Decimal("3"))
    make_project(trois_rivieres_ville, title="Projet de Trois-Rivières seule")
    draft = make_application(make_call(), lyon_commune, trois_rivieres_ville, title="Eau partagée")
    signed = make_application(make_call(title="Appel 2024-2025"), lyon_commune, trois_rivieres_ville,
                              title="Jeunes ambassadeurs", stage=Stage.AGREEMENT_SIGNED)
    sender = make_profile(trois_rivieres_ville)
    interest = Interest.objects.create(sender=sender, recipient=make_profile(lyon_commune), message="Travaillons ensemble")
    client.force_login(personas["lyon"])
    response = client.get(SPACE)
    content = response.content.decode()
    space = response.context["space"]
    assert [p.title for p in space.projects] == ["Forêts urbaines"] and space.project_count == 1
    assert "Projet de Trois-Rivières seule" not in content
    # The checks the project fails (a single partner: not both sides), linked to the filtered list.
    assert 'href="/projets/?collectivity=fr:69123&amp;check=lacks_both_sides"' in content
    # The indicator without a measurement for a year, not the one measured last month.
    assert [i.name for i in space.to_measure] == ["Arbres plantés"] and "Emplois créés" not in content
    assert [a.pk for a in space.drafts] == [draft.pk] and [a.pk for a in space.reports_due] == [signed.pk]
    assert "rapport d&#x27;étape attendu" in content
    assert f'href="/partenaires/interets/{interest.pk}/"' in content
    assert 'href="/projets/nouveau/"' in content and 'href="/ententes-jumelages/ententes/nouvelle/"' in content
    assert space.queues == []


def test_the_secretariat_sees_its_queues_with_their_counts(client, personas, lyon_commune, trois_rivieres_ville):
    project = make_project(lyon_commune, trois_rivieres_ville, status=Project.Status.ONGOING)
    indicator = make_indicator(project, lyon_commune)
    today = timezone.localdate()
    for days in (10, 40):
        Measurement.objects.create(indicator=indicator, period_start=today - datetime.timedelta(days=days + 30),
                                   period_end=today - datetime.timedelta(days=days), value=Decimal("1"))
    make_application(make_call(), lyon_commune, trois_rivieres_ville, stage=Stage.SUBMITTED)
    client.force_login(personas["secretariat"])
    queues = {queue.label: queue.count for queue in client.get(SPACE).context["space"].queues}
    assert queues["Mesures à valider"] == 2
    assert queues["Demandes au Fonds à déclarer recevables ou non"] == 1
    assert queues["Publications à décider"] == 0


def test_a_reviewer_sees_the_reviews_to_hand_in(client, personas, lyon_commune, trois_rivieres_ville):
    application = make_application(make_call(), lyon_commune, trois_rivieres_ville, stage=Stage.UNDER_REVIEW)
    Review.objects.create(application=application, reviewer=personas["reviewer"])
    client.force_login(personas["reviewer"])
    content = client.get(SPACE).content.decode()
    assert "Évaluations à remettre" in content and application.title in content


def test_an_outsider_is_told_what_they_may_read(client, personas):
    client.force_login(personas["outsider"])
    assert "Votre compte n'est rattaché à aucune collectivité." in client.get(SPACE).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_space_makes_the_same_queries_whatever_the_data(client, personas, lyon_commune, trois_rivieres_ville,
                                                           django_assert_num_queries, count):
    for number in range(count):
        project = make_project(lyon_commune, trois_rivieres_ville, title=f"Projet {number}",
                               status=Project.Status.ONGOING)
        make_indicator(project, lyon_commune, name=f"Indicateur {number}")
        make_application(make_call(title=f"Appel {number}"), lyon_commune, trois_rivieres_ville, title=f"Demande {number}")
    client.force_login(personas["lyon"])
    # 1 the session, 2 the user, 3 the editor's collectivities (their ids), 4 their records,
    # 5 the projects' checks, 6 the recent projects, 7 the indicators to measure, 8 the
    # applications (drafts and reports due), 9 the interest received.
    with django_assert_num_queries(9):
        client.get(SPACE)
