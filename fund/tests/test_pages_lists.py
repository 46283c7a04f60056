"""The fund's lists make a fixed number of queries whatever the number of rows (one and
five): the calls, "Mes candidatures", the secretariat's list and the reviews (the
envelopes and the report: test_pages_reports.py)."""
import pytest

from fund.models import Application, Review, Stage

from .factories import make_application, make_call

pytestmark = pytest.mark.django_db
SIZES = [1, 5]


@pytest.fixture
def lists(request, personas, call, lyon_commune, trois_rivieres_ville):
    """`rows` applications of Lyon with Trois-Rivières, each assigned to the reviewer, and
    `rows` calls."""
    rows = request.param
    for index in range(rows - 1):
        make_call(title=f"Appel {index}")
    for index in range(rows):
        application = make_application(call, lyon_commune, trois_rivieres_ville, title=f"Projet {index}",
                                       complete=False)
        Review.objects.create(application=application, reviewer=personas["reviewer"])
    return rows


@pytest.mark.parametrize("lists", SIZES, indirect=True)
def test_the_calls_make_the_same_queries_whatever_their_number(client, lists, django_assert_num_queries):
    # 1 the calls, 2 their themes.
    with django_assert_num_queries(2):
        response = client.get("/fonds/")
    assert len(response.context["calls"]) == lists


@pytest.mark.parametrize("lists", SIZES, indirect=True)
def test_my_applications_make_the_same_queries_whatever_their_number(client, personas, lists,
                                                                     django_assert_num_queries):
    client.force_login(personas["trois_rivieres"])
    # 1 the session, 2 the user, 3 their collectivities, 4 the count of their applications,
    # 5 their page (call and lead joined), 6 whether their collectivity coordinates a
    # territory (no: nothing more to read), 7 the open calls.
    with django_assert_num_queries(7):
        response = client.get("/fonds/mes-candidatures/")
    assert len(response.context["mine"]) == lists
    assert "Projet 0" in response.content.decode()


@pytest.fixture
def coordinated(request, call, regions, lyon_commune):
    """`rows` applications led by the région Auvergne-Rhône-Alpes itself, and `rows`
    submitted applications of Lyon, which the région coordinates for the call."""
    rows = request.param
    for index in range(rows):
        make_application(call, regions["fr"], title=f"Projet régional {index}", complete=False)
        Application.objects.filter(pk=make_application(call, lyon_commune, title=f"Projet lyonnais {index}",
                                                       complete=False).pk).update(stage=Stage.SUBMITTED)
    return rows


@pytest.mark.parametrize("coordinated", SIZES, indirect=True)
def test_my_applications_and_those_coordinated_make_the_same_queries_whatever_their_number(
        client, rhone_alpes_editor, coordinated, django_assert_num_queries):
    client.force_login(rhone_alpes_editor)
    # 1 the session, 2 the user, 3 their collectivities, 4 the count of their applications,
    # 5 their page (call and lead joined), 6 whether their collectivity coordinates a
    # territory (yes), 7 the count of those it coordinates, 8 their page, 9 the open calls.
    with django_assert_num_queries(9):
        response = client.get("/fonds/mes-candidatures/")
    assert len(response.context["mine"]) == len(response.context["coordinated"]) == coordinated
    content = response.content.decode()
    assert "Projet régional 0" in content and "Projet lyonnais 0" in content


def test_my_applications_are_paginated_each_list_keeping_the_others_page(client, rhone_alpes_editor, call, regions,
                                                                         lyon_commune, monkeypatch):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for index in range(3):
        make_application(call, regions["fr"], title=f"Projet régional {index}", complete=False)
        Application.objects.filter(pk=make_application(call, lyon_commune, title=f"Projet lyonnais {index}",
                                                       complete=False).pk).update(stage=Stage.SUBMITTED)
    client.force_login(rhone_alpes_editor)
    content = client.get("/fonds/mes-candidatures/").content.decode()
    # Newest first: the first page of each list holds the last two created.
    assert "Projet régional 2" in content and "Projet régional 0" not in content
    assert "Projet lyonnais 2" in content and "Projet lyonnais 0" not in content
    assert content.count("Page 1 sur 2") == 2
    assert 'href="?page_coordonnees=2"' in content and 'href="?page=2"' in content
    content = client.get("/fonds/mes-candidatures/?page=2").content.decode()
    assert "Projet régional 0" in content and "Projet régional 2" not in content
    assert "Projet lyonnais 2" in content  # the other list stays on its first page
    assert 'href="?page=2&amp;page_coordonnees=2"' in content


@pytest.mark.parametrize("lists", SIZES, indirect=True)
def test_the_secretariats_list_makes_the_same_queries_whatever_its_length(client, personas, lists,
                                                                          django_assert_num_queries):
    client.force_login(personas["secretariat"])
    # 1 the session, 2 the user, 3 the calls of the filter, 4 the count, 5 the page.
    with django_assert_num_queries(5):
        response = client.get("/fonds/demandes/?stage=brouillon")
    assert response.context["page"].paginator.count == lists == Application.objects.count()


@pytest.mark.parametrize("lists", SIZES, indirect=True)
def test_the_reviews_list_makes_the_same_queries_whatever_its_length(client, personas, lists,
                                                                     django_assert_num_queries):
    client.force_login(personas["reviewer"])
    # 1 the session, 2 the user, 3 the count, 4 the page (application, call, lead joined).
    with django_assert_num_queries(4):
        response = client.get("/fonds/evaluations/")
    assert len(response.context["page"].object_list) == lists
    assert "Projet 0" in response.content.decode()


def test_the_reviews_list_is_the_reviewers_own(client, personas, lists_of_two):
    client.force_login(personas["reviewer"])
    content = client.get("/fonds/evaluations/").content.decode()
    assert "Projet mien" in content and "Projet autre" not in content
    client.force_login(personas["secretariat"])
    content = client.get("/fonds/evaluations/").content.decode()
    assert "Projet mien" in content and "Projet autre" in content


@pytest.fixture
def lists_of_two(personas, call, lyon_commune, django_user_model):
    other = django_user_model.objects.create_user("autre", is_fund_reviewer=True)
    for title, reviewer in (("Projet mien", personas["reviewer"]), ("Projet autre", other)):
        Review.objects.create(application=make_application(call, lyon_commune, title=title, complete=False),
                              reviewer=reviewer)


def test_the_secretariats_list_filters_by_stage_and_call(client, personas, call, lyon_commune):
    other_call = make_call(title="Appel 2028")
    make_application(call, lyon_commune, title="Au premier appel", complete=False)
    make_application(other_call, lyon_commune, title="Au second appel", complete=False)
    client.force_login(personas["committee"])
    content = client.get(f"/fonds/demandes/?call={other_call.pk}").content.decode()
    assert "Au second appel" in content and "Au premier appel" not in content
    content = client.get("/fonds/demandes/?stage=deposee").content.decode()
    assert "Au second appel" not in content and "0 demande" in content


def test_my_applications_lists_those_a_body_coordinates_once_submitted(client, personas, application,
                                                                        rhone_alpes_editor):
    from fund import actions

    client.force_login(rhone_alpes_editor)
    assert application.title not in client.get("/fonds/mes-candidatures/").content.decode()
    actions.submit(application, by=personas["lyon"])
    content = client.get("/fonds/mes-candidatures/").content.decode()
    assert "Demandes des territoires que ma collectivité coordonne" in content and application.title in content
