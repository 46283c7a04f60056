"""A collectivity's page lists what the apps above territories know of it (issue 13,
"Everything linked"): its projects, its fund applications and its cooperation profile, each
as the reader may read them, beside the links to its agreements and twinnings."""
import re

from django.urls import reverse

from fund.tests.factories import make_application, make_call
from matching.tests.factories import make_profile
from projects.tests.factories import make_project


def page(client, collectivity) -> str:
    return client.get(reverse("territories:detail", args=[collectivity.side, collectivity.kind, collectivity.code])
                      ).content.decode()


def test_the_page_lists_the_projects_the_reader_may_read(client, personas, lyon_commune, trois_rivieres_ville):
    shown = make_project(lyon_commune, trois_rivieres_ville, title="Forêts urbaines", is_public=True)
    hidden = make_project(lyon_commune, trois_rivieres_ville, title="Projet en préparation", is_public=False)
    content = page(client, lyon_commune)
    assert f'href="/projets/{shown.pk}/"' in content and "Forêts urbaines" in content
    assert "Projet en préparation" not in content
    client.force_login(personas["lyon"])
    assert f'href="/projets/{hidden.pk}/"' in page(client, lyon_commune)


def test_beyond_five_projects_the_page_links_to_the_filtered_list(client, lyon_commune, trois_rivieres_ville):
    for number in range(7):
        make_project(lyon_commune, trois_rivieres_ville, title=f"Projet {number}", is_public=True)
    content = page(client, trois_rivieres_ville)
    assert len(re.findall(r'href="/projets/\d+/"', content)) == 5
    assert 'href="/projets/?collectivity=qc%3A37067">Tous ses projets (7)</a>' in content


def test_a_collectivity_without_projects_says_so(client, lyon_commune):
    assert "Aucun projet de coopération enregistré avec cette collectivité." in page(client, lyon_commune)


def test_the_fund_applications_show_to_those_who_may_read_them(client, personas, lyon_commune, trois_rivieres_ville):
    application = make_application(make_call(), lyon_commune, trois_rivieres_ville, title="Eau partagée")
    link = f'href="/fonds/demandes/{application.pk}/"'
    assert link not in page(client, trois_rivieres_ville) and "Fonds franco-québécois" not in page(client, lyon_commune)
    client.force_login(personas["trois_rivieres"])
    assert link in page(client, trois_rivieres_ville) and "brouillon" in page(client, trois_rivieres_ville)
    client.force_login(personas["outsider"])
    assert link not in page(client, lyon_commune)


def test_the_profile_and_the_suggestions_are_linked(client, lyon_commune):
    assert "Pas encore de profil de coopération publié." in page(client, lyon_commune)
    profile = make_profile(lyon_commune)
    content = page(client, lyon_commune)
    assert f'href="/partenaires/profils/{profile.pk}/"' in content
    assert 'href="/partenaires/suggestions/?side=fr&amp;code=69123"' in content
