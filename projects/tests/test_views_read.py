"""Reading pages: list, detail, export, history — visibility and bounded queries."""
import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser

from projects import actions
from projects.models import Project

from .factories import fill_project, make_plan_items, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(personas, lyon_commune):
    """Builds `n` full projects, public, with Lyon and Québec as partners."""
    quebec = make_quebec_city()
    pistes, theme = make_plan_items()

    def build(n):
        for index in range(n):
            project = make_project(lyon_commune, quebec, title=f"Projet {index}", is_public=True)
            fill_project(project, author=personas["lyon"], territory=lyon_commune, piste=pistes[0], theme=theme)
    return build


# Anonymous list: pistes + themes + axes for the filters, count, page,
# then prefetches of pistes, themes, partners and their stored budgets (ProjectFacts);
# the régions of the filter.
@pytest.mark.parametrize("n", [1, 5])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, many, n):
    many(n)
    with django_assert_num_queries(10):
        response = client.get("/projets/?side=qc")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", [1, 5])
def test_list_for_an_editor_adds_session_user_and_memberships(client, django_assert_num_queries, personas, many, n):
    many(n)
    client.force_login(personas["lyon"])
    with django_assert_num_queries(13):  # + session, user, memberships
        assert client.get("/projets/").status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_export_runs_a_fixed_number_of_queries(client, django_assert_num_queries, many, n):
    many(n)
    with django_assert_num_queries(8):  # filters' choices (3), the rows, four prefetches (budgets: stored)
        response = client.get("/projets/?format=csv")
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:2] == ["Numéro", "Titre"]
    assert len(rows) == n + 1
    assert "fr:Lyon (Chef de file)" in rows[1][8]
    assert rows[1][9] == "10000,00" and rows[1][10] == "15000,00"


def test_xlsx_export_is_a_workbook(client, many):
    many(1)
    response = client.get("/projets/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("n", [1, 5])
def test_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries, personas, many, n):
    many(n)
    project = Project.objects.order_by("pk").last()
    client.force_login(personas["secretariat"])
    # session, user, project, pistes, themes, partners, contacts, budget, documents,
    # activities, updates, indicators, measurements, checks.
    with django_assert_num_queries(14):
        response = client.get(f"/projets/{project.pk}/")
    assert response.status_code == 200
    assert "Approuver" in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_history_runs_a_fixed_number_of_queries(client, django_assert_num_queries, personas, many, lyon_commune, n):
    many(n)
    project = Project.objects.order_by("pk").last()
    for index in range(n):
        actions.record_update(project, by=personas["lyon"], text=f"Étape {index}")
    client.force_login(personas["lyon"])
    # session, user, project (visible_to), memberships, can-change check,
    # partner and indicator ids, the pistes and themes of each project record, nine
    # historical tables.
    with django_assert_num_queries(18):
        response = client.get(f"/projets/{project.pk}/historique/")
    assert response.status_code == 200


def test_list_filters_by_piste_theme_status_year_and_words(client, personas, lyon_commune):
    pistes, theme = make_plan_items()
    tourism = make_project(lyon_commune, title="Tourisme durable", is_public=True)
    tourism.pistes.add(pistes[1])
    tourism.themes.add(theme)
    make_project(lyon_commune, title="Patrimoine bâti", is_public=True, status=Project.Status.DONE)

    def titles(query):
        return [p.title for p in client.get(f"/projets/?{query}").context["page"].object_list]

    assert titles("piste=dd-2") == ["Tourisme durable"]
    assert titles("theme=tourisme") == ["Tourisme durable"]
    assert titles("status=termine") == ["Patrimoine bâti"]
    assert titles("q=patrimoine") == ["Patrimoine bâti"]
    assert titles("year=2023") == []
    assert sorted(titles("collectivity=fr:69123")) == ["Patrimoine bâti", "Tourisme durable"]


def test_the_search_ignores_accents_case_and_punctuation_and_follows_edits(client, personas, lyon_commune):
    school = make_project(lyon_commune, title="École de l’Eau", summary="Réseaux d'échanges", is_public=True)
    make_project(lyon_commune, title="Saint-Jean en fête", summary="Musique", is_public=True)
    make_project(lyon_commune, title="Forêts", summary="Œuvres de <b>bois</b>", is_public=True)

    def titles(query):
        response = client.get("/projets/", {"q": query})
        api = client.get("/api/v1/projects", {"q": query}).json()
        found = sorted(p.title for p in response.context["page"].object_list)
        # The count (on ProjectFacts) agrees with the rows (on Project), on the page and in the API.
        assert response.context["page"].paginator.count == api["count"] == len(found)
        assert sorted(item["title"] for item in api["items"]) == found
        return found

    assert titles("ecole") == ["École de l’Eau"]
    assert titles("ÉCOLE l'eau") == ["École de l’Eau"]  # the apostrophe: a word boundary on both sides
    assert titles("eau") == ["École de l’Eau"]  # « réseaux » in the summary as well
    assert titles("echanges reseau") == ["École de l’Eau"]  # every word, title or summary
    assert titles("st-jean") == ["Saint-Jean en fête"]
    assert titles("oeuvres") == ["Forêts"]
    assert titles("b bois") == ["Forêts"]
    assert titles("ecole musique") == []
    assert titles("  ") == sorted(["École de l’Eau", "Saint-Jean en fête", "Forêts"])

    actions.update_project(school, by=personas["secretariat"], title="Jardins partagés")
    assert titles("ecole") == []
    assert titles("jardins") == ["Jardins partagés"]


def test_an_invalid_filter_is_reported_and_the_others_still_apply(client, lyon_commune):
    make_project(lyon_commune, title="Patrimoine bâti", is_public=True)
    response = client.get("/projets/?year=abc&q=patrimoine")
    assert response.status_code == 200
    assert [p.title for p in response.context["page"].object_list] == ["Patrimoine bâti"]
    assert "Saisissez un nombre entier" in response.content.decode()


def test_public_sees_published_projects_only_and_no_drafts(client, personas, lyon_commune):
    public = make_project(lyon_commune, make_quebec_city(), title="Public", is_public=True)
    fill_project(public, author=personas["lyon"], territory=lyon_commune)
    private = make_project(lyon_commune, title="Privé")
    assert [p.title for p in client.get("/projets/").context["page"].object_list] == ["Public"]
    assert client.get(f"/projets/{private.pk}/").status_code == 404
    page = client.get(f"/projets/{public.pk}/").content.decode()
    assert "Approuvée" in page and "Brouillon" not in page
    assert "Marie Tremblay" not in page  # contacts are for partners and the secretariat


ROUTES = ["/projets/{pk}/", "/projets/{pk}/modifier/", "/projets/{pk}/historique/"]
EXPECTED = {
    # persona: (detail, edit, history) for a private project of Lyon
    None: (404, 302, 302),
    "outsider": (404, 404, 404),
    "reviewer": (404, 404, 404),
    "trois_rivieres": (404, 404, 404),
    "lyon": (200, 200, 200),
    "committee": (200, 403, 200),
    "secretariat": (200, 200, 200),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_private_project_routes_per_persona(client, personas, lyon_commune, persona):
    project = make_project(lyon_commune, title="Privé")
    if persona:
        client.force_login(personas[persona])
    codes = tuple(client.get(route.format(pk=project.pk)).status_code for route in ROUTES)
    assert codes == EXPECTED[persona]


@pytest.mark.parametrize("persona, expected", [
    ("trois_rivieres", (200, 403, 403)), ("outsider", (200, 403, 403)), ("lyon", (200, 200, 200)),
])
def test_published_project_is_read_by_all_and_changed_by_its_partners(client, personas, lyon_commune, persona, expected):
    project = make_project(lyon_commune, title="Public", is_public=True)
    client.force_login(personas[persona])
    assert tuple(client.get(route.format(pk=project.pk)).status_code for route in ROUTES) == expected


def test_visible_to_is_what_the_list_shows(client, personas, lyon_commune, trois_rivieres_ville):
    make_project(lyon_commune, title="Lyon")
    make_project(trois_rivieres_ville, title="Trois-Rivières")
    client.force_login(personas["trois_rivieres"])
    shown = {p.title for p in client.get("/projets/").context["page"].object_list}
    assert shown == set(Project.objects.visible_to(personas["trois_rivieres"]).values_list("title", flat=True))
    assert shown == {"Trois-Rivières"}
    assert not Project.objects.visible_to(AnonymousUser()).exists()


def test_list_filters_by_axis_region_and_check_as_the_dashboard_links_them(client, personas):
    from plan.loading import load_plan
    from plan.models import Piste
    from projects.models import Partner, Project
    from territories.models import Kind, Side
    from conftest import make_collectivity

    load_plan()
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    lyon = make_collectivity(Side.FRANCE, Kind.COMMUNE, "69381", "Lyon 1er", region=region)
    inside = Project.objects.create(title="Dedans", summary="s", start_date="2009-01-01", is_public=True)
    inside.pistes.add(Piste.objects.get(code="dd-1"))
    Partner.objects.create(project=inside, collectivity=lyon)
    outside = Project.objects.create(title="Dehors", summary="s", start_date="2009-01-01", is_public=True)
    outside.pistes.add(Piste.objects.get(code="ci-1"))

    def titles(query):
        return sorted(p.title for p in client.get("/projets/?" + query).context["page"])

    assert titles(f"region={region.pk}") == ["Dedans"]
    assert titles("axis=developpement-durable") == ["Dedans"]
    assert titles("axis=culture-et-identite") == ["Dehors"]
    # Neither has a French and a Québec partner; neither has measurable outcomes.
    assert titles("check=lacks_both_sides") == ["Dedans", "Dehors"]
    assert titles("check=is_stale") == []


@pytest.mark.parametrize("persona", [None, "lyon", "committee"])
def test_the_list_counts_exactly_the_projects_it_lists_whatever_the_filters(client, personas, lyon_commune,
                                                                           trois_rivieres_ville, persona):
    """The count comes from the stored facts of the projects, the rows from the projects."""
    from projects.models import Indicator

    from .factories import make_indicator, make_plan_items

    (piste, other_piste), theme = make_plan_items()
    both = make_project(lyon_commune, trois_rivieres_ville, title="Les deux", is_public=True,
                        start_date=datetime.date(2009, 1, 1), end_date=datetime.date(2011, 6, 30))
    both.pistes.add(piste)
    both.themes.add(theme)
    make_indicator(both, lyon_commune, category=Indicator.Category.SOCIAL)
    lyon_only = make_project(lyon_commune, title="Lyon seule", status=Project.Status.ONGOING,
                             start_date=datetime.date(2012, 1, 1))
    lyon_only.pistes.add(other_piste)
    make_project(trois_rivieres_ville, title="Eau potable", is_public=True, start_date=datetime.date(2010, 5, 1))
    if persona:
        client.force_login(personas[persona])
    queries = ["", "side=fr", "side=qc", "year=2010", "year=2012", "status=en_cours", "piste=dd-1", "theme=tourisme",
               "axis=developpement-durable", "collectivity=69123", "collectivity=qc:37067", "check=lacks_outcomes",
               "check=lacks_both_sides", "q=eau", "side=qc&year=2011&piste=dd-1"]
    counts = {}
    for query in queries:
        page = client.get("/projets/?" + query).context["page"]
        counts[query] = page.paginator.count
        assert page.paginator.count == len(page.object_list), query
    # The filters do select: not every query lists every project.
    assert len(set(counts.values())) > 2


def test_the_project_page_links_its_pistes_partners_and_gives_the_trail(client, lyon_commune):
    pistes, _theme = make_plan_items()
    quebec = make_quebec_city()
    project = make_project(lyon_commune, quebec, title="Forêts urbaines", is_public=True)
    project.pistes.add(pistes[1])
    content = client.get(f"/projets/{project.pk}/").content.decode()
    trail = content.split('<nav aria-label="Fil d’Ariane">')[1].split("</nav>")[0]
    assert trail.index('href="/plan/2008-2010/">Plan d&#x27;action 2008-2010</a>') < trail.index(
        'href="/plan/2008-2010/#developpement-durable">Développement durable</a>') < trail.index(
        'href="/plan/2008-2010/pistes/dd-2/">Piste dd-2</a>') < trail.index("Forêts urbaines")
    assert 'href="/plan/2008-2010/pistes/dd-2/">dd-2</a> — Piste 2' in content
    assert f'href="/collectivites/fr/commune/{lyon_commune.code}/">' in content
    assert f'href="/collectivites/qc/municipalite/{quebec.code}/">' in content


def test_the_piste_filter_and_the_form_group_the_pistes_by_axis_with_their_text(client, personas):
    make_plan_items()
    content = client.get("/projets/").content.decode()
    assert '<optgroup label="Développement durable">' in content
    assert '<option value="dd-2">dd-2 — Piste 2</option>' in content
    client.force_login(personas["lyon"])
    form = client.get("/projets/nouveau/").content.decode()
    assert '<optgroup label="Développement durable">' in form and "dd-1 — Piste 1</option>" in form
