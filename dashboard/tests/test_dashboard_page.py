"""The dashboard page: figures, links to the lists behind them, rate, access, queries."""
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest

from projects.models import BudgetLine, Partner, Project

pytestmark = pytest.mark.django_db
URL = "/tableau-de-bord/"


def figure(html: str, name: str) -> str:
    """The text of the element marked data-figure="name"."""
    match = re.search(rf'data-figure="{re.escape(name)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no figure {name}"
    return unescape(match.group(1)).replace("\u00a0", " ").replace("\u202f", " ").strip()


def href_of(html: str, name: str) -> str:
    """The link of figure `name` (on the figure itself or on the link around it)."""
    match = re.search(rf'<a href="([^"]*)"(?:[^>]*>\s*<span)?[^>]*data-figure="{re.escape(name)}"', html)
    assert match, f"no link for {name}"
    return unescape(match.group(1))


def listed_count(client, url: str) -> int:
    """How many projects the projects list says it shows at `url`."""
    html = client.get(url).content.decode()
    match = re.search(r'id="results-title">\s*(\d+)\s+projet', html)
    assert match, url
    return int(match.group(1))


def test_the_public_sees_figures_over_published_projects(client, world):
    html = client.get(URL).content.decode()
    assert figure(html, "total") == "3"
    assert figure(html, "piste-dd-1") == "1"
    assert figure(html, "budget-CAD") == "15 000,00 $ CA"
    assert "Chiffres calculés sur les projets publiés." in html


def test_the_committee_sees_every_project(client, world):
    client.force_login(world.personas["committee"])
    html = client.get(URL).content.decode()
    assert figure(html, "total") == "4"
    assert figure(html, "status-en_cours") == "2"
    assert figure(html, "piste-dd-1") == "2"
    assert figure(html, "axis-dd") == "2"
    assert figure(html, "budget-EUR") == "17 000,50 €"
    assert figure(html, "budget-CAD") == "18 000,00 $ CA"
    assert figure(html, "total-eur") == "29 245,40 €"
    assert figure(html, "total-cad") == "42 990,74 $ CA"
    assert figure(html, "indicators-economique") == "1"
    assert figure(html, "reached-social") == "0"
    assert figure(html, f"region-partners-{world.mauricie.pk}") == "1"


def test_the_page_names_the_rate_its_date_and_the_rule(client, world):
    client.force_login(world.personas["committee"])
    html = unescape(client.get(URL).content.decode()).replace("\u00a0", " ")
    assert "1 € = 1,4700 $ CA, en vigueur depuis le 1er janvier 2024" in html
    assert "le taux en vigueur au 1er janvier de l'année filtrée" in html
    html_2007 = unescape(client.get(URL, {"year": 2007}).content.decode()).replace("\u00a0", " ")
    assert "1 € = 1,5000 $ CA, convention du plan d'action" in html_2007


def test_it_never_shows_euros_and_dollars_added_without_conversion(client, world):
    client.force_login(world.personas["committee"])
    html = unescape(client.get(URL).content.decode()).replace("\u00a0", " ")
    # 17 000,50 + 18 000 would be 35 000,50: a sum of two currencies.
    assert "35 000,50" not in html
    assert "35000.50" not in html


def test_it_lists_the_pistes_without_project(client, world):
    html = client.get(URL).content.decode()
    section = html[html.index('id="pistes-sans-projet"'):]
    assert "2 pistes sans aucun projet" in section
    assert "dd-3" in section and "ci-2" in section


@pytest.mark.parametrize("name", ["total", "status-en_cours", "piste-dd-1", "piste-ci-1"])
def test_each_figure_links_to_the_list_of_its_projects(client, world, name):
    client.force_login(world.personas["committee"])
    html = client.get(URL).content.decode()
    assert listed_count(client, href_of(html, name)) == int(figure(html, name))


@pytest.mark.parametrize("filters", [{"year": 2009}, {"side": "fr"}, {"status": "en_cours"}, {"theme": "ruralite"}])
def test_links_keep_the_filters(client, world, filters):
    client.force_login(world.personas["committee"])
    html = client.get(URL, filters).content.decode()
    for name in ["total", "piste-dd-1"]:
        href = href_of(html, name)
        for key, value in filters.items():
            assert f"{key}={value}" in href
        assert listed_count(client, href) == int(figure(html, name))


def test_the_piste_link_names_the_piste_and_status(client, world):
    html = client.get(URL).content.decode()
    assert 'href="/projets/?piste=dd-1&amp;status=en_cours"' in html


def test_an_invalid_filter_is_reported_in_french_and_ignored(client, world):
    response = client.get(URL, {"year": "deux-mille", "side": "mars"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Année : Saisissez un nombre entier." in html
    assert "Côté : Sélectionnez un choix valide" in html
    assert figure(html, "total") == "3"


def test_filters_by_region_keep_the_projects_with_a_partner_there(client, world):
    client.force_login(world.personas["committee"])
    html = client.get(URL, {"region": world.mauricie.pk}).content.decode()
    assert figure(html, "total") == "2"


def test_charts_are_accessible_svg_with_their_data_in_tables(client, world):
    html = client.get(URL).content.decode()
    # The charts (the map's tiles and its legend's swatches are not charts: see test_cartogram.py).
    charts = re.findall(r'<svg[^>]*class="chart"[^>]*>.*?</svg>', html, re.S)
    assert len(charts) == 4
    for chart in charts:
        assert 'role="img"' in chart
        assert "<title id=" in chart and "<desc id=" in chart
        assert "aria-labelledby=" in chart
    assert "Projets actifs par axe et par année (données du graphique)" in html
    assert "2 / 3 pistes (67 %)" in unescape(html)


@pytest.mark.parametrize("user", [None, "secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider"])
def test_every_persona_may_read_the_dashboard(client, world, user):
    if user:
        client.force_login(world.personas[user])
    expected = {"lyon": "4", "committee": "4", "secretariat": "4"}.get(user, "3")
    html = client.get(URL).content.decode()
    assert figure(html, "total") == expected


def make_projects(world, count: int) -> None:
    for index in range(count):
        project = Project.objects.create(
            title=f"Projet {index}", summary="s", status=Project.Status.ONGOING, is_public=True,
            start_date=date(2009, 1, 1),
        )
        project.pistes.set([world.pistes["dd-3"], world.pistes["ci-2"]])
        Partner.objects.create(project=project, collectivity=world.lyon)  # in ARA, on the French side
        BudgetLine.objects.create(project=project, source="x", amount=Decimal("1"), currency="CAD")


# The page's queries, whatever the number of projects:
#  1-2  session, user (logged-in users only)
#  3    theme choices; 4 the region filter's région; 5 the default plan
#  6    the data version (the cache key)
#  7    (editors only) their collectivities, for visible_to
#  8    projects by status, budgets, outcomes and checks (one row per project)
#  9-10 counts per piste, distinct counts per axis, status and years (one row per link)
# 11-12 the attention list, its projects' titles
# 13-14 partners and projects per région (one query), the régions' names
# 15    the fund's envelopes with what is committed and disbursed (fund.figures, one query)
# 16-17 the balance of mobility per year and direction, the targets (mobility.figures)
# 18-19 the action items by status, the next ones due (governance.figures)
# 20    (editors only) the former records of their collectivities (registry.history), for
#       the twinnings they may read
# 21    the twinnings by activity (registry.growth.by_status)
# 22    the pistes of the plan; 23 the exchange rate
# 24-25 plan and region choices of the filter form
# (The map's régions come with the régions' names, 14; its tiles and the key figures, the
# active filters' chips, read nothing more.)
QUERIES = {None: 21, "committee": 23, "lyon": 25}
# Figures found in the cache: queries 7 to 21 are not run.
CACHED_QUERIES = {None: 8, "committee": 10, "lyon": 11}  # editors: + their collectivities (the cache key)


@pytest.mark.parametrize("user", [None, "committee", "lyon"])
@pytest.mark.parametrize("projects", [1, 5])
def test_the_number_of_queries_does_not_grow_with_the_projects(client, world, django_assert_num_queries, user, projects):
    make_projects(world, projects)
    if user:
        client.force_login(world.personas[user])
    with django_assert_num_queries(QUERIES[user]):
        response = client.get(URL, {"side": "fr", "region": world.ara.pk, "year": 2009})
    assert response.status_code == 200


def test_generated_projects_are_counted_with_the_filters_of_the_query_test(client, world):
    make_projects(world, 5)
    client.force_login(world.personas["committee"])
    html = client.get(URL, {"side": "fr", "region": world.ara.pk, "year": 2009}).content.decode()
    assert figure(html, "total") == "6"  # Écoquartiers and the five generated projects
    assert figure(html, "piste-dd-3") == "5"


@pytest.mark.parametrize("user", [None, "committee", "lyon"])
def test_a_second_visit_reads_the_figures_from_the_cache(client, world, django_assert_num_queries, user):
    if user:
        client.force_login(world.personas[user])
    params = {"side": "fr", "region": world.ara.pk, "year": 2009}
    first = client.get(URL, params).content.decode()
    with django_assert_num_queries(CACHED_QUERIES[user]):
        second = client.get(URL, params).content.decode()
    for name in ["total", "piste-dd-1", "budget-EUR", "total-cad"]:
        assert figure(second, name) == figure(first, name)


def test_a_change_to_the_data_shows_at_once(client, world):
    client.force_login(world.personas["committee"])
    assert figure(client.get(URL).content.decode(), "budget-CAD") == "18 000,00 $ CA"
    BudgetLine.objects.create(project=world.jeunesse, source="MRI", amount=Decimal("500"), currency="CAD")
    assert figure(client.get(URL).content.decode(), "budget-CAD") == "18 500,00 $ CA"
    world.patrimoine.pistes.add(world.pistes["dd-3"])
    assert figure(client.get(URL).content.decode(), "piste-dd-3") == "1"
    world.patrimoine.pistes.remove(world.pistes["dd-3"])
    assert figure(client.get(URL).content.decode(), "piste-dd-3") == "0"
    themed = {"theme": "ruralite"}
    world.patrimoine.themes.add(world.ruralite)  # a later link: removing the first keeps the largest id
    assert figure(client.get(URL, themed).content.decode(), "total") == "2"
    world.ecoquartier.themes.remove(world.ruralite)
    assert figure(client.get(URL, themed).content.decode(), "total") == "1"
    world.sans_piste.delete()
    assert figure(client.get(URL).content.decode(), "total") == "3"


def test_figures_cached_for_someone_are_never_served_to_someone_else(client, world):
    client.force_login(world.personas["committee"])
    assert figure(client.get(URL).content.decode(), "total") == "4"
    client.logout()
    assert figure(client.get(URL).content.decode(), "total") == "3"
    client.force_login(world.personas["outsider"])
    assert figure(client.get(URL).content.decode(), "total") == "3"


def test_people_who_see_the_same_projects_share_the_cached_figures(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.personas["committee"])
    client.get(URL)
    # The secretariat sees the same projects as the committee: figures from the cache
    # (the cached count less the région of the filter, not given here).
    client.force_login(world.personas["secretariat"])
    with django_assert_num_queries(CACHED_QUERIES["committee"] - 1):
        assert figure(client.get(URL).content.decode(), "total") == "4"
    # Lyon's editor sees other projects: their figures are computed, not taken from the cache.
    client.force_login(world.personas["lyon"])
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) > CACHED_QUERIES["lyon"]
