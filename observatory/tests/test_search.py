"""The search, on the same documents on SQLite and on PostgreSQL (run this file with each
DATABASE_URL): the same ranked results, visibility, facets and an index kept up to date."""
import pytest
from django.core.management import call_command

from matching.models import Profile
from observatory import search
from observatory.models import Practice, SearchDocument
from plan.models import Axis
from projects.models import Partner
from registry.models import Agreement

from .conftest import make_practice, make_project


@pytest.fixture
def documents(plan, regions, lyon_commune, trois_rivieres_ville):
    tourisme = Axis.objects.get(slug="tourisme")
    return {
        "basins": make_practice(lyon_commune, trois_rivieres_ville, title="Gestion des bassins versants",
                                body="Le bassin versant de la rivière Saint-Maurice."),
        "compost": make_practice(lyon_commune, title="Compostage de quartier", summary="Déchets organiques.",
                                 piste="dd-8", worked="Les écotechnologies de compostage."),
        "draft": make_practice(trois_rivieres_ville, title="Bassin versant en brouillon",
                               status=Practice.Status.DRAFT),
        "project": make_project(trois_rivieres_ville, themes=[tourisme]),
        "hidden": make_project(lyon_commune, title="Ecotechnologies cachées", is_public=False),
    }


def titles(user, query, **filters):
    return [item["title"] for item in search.search(user, query, **filters).items]


def test_stemmed_accent_free_matches_in_rank_order(documents, personas):
    anonymous = personas["outsider"]
    # Title matches rank first, then fewer words around the match.
    assert titles(anonymous, "bassins versants") == ["Gestion des bassins versants"]
    expected = ["Écotechnologies de l'eau", "Compostage de quartier"]
    assert titles(anonymous, "écotechnologie") == expected
    assert titles(anonymous, "ECOTECHNOLOGIES") == expected


def test_every_word_must_match(documents, personas):
    assert titles(personas["outsider"], "bassin compostage") == []
    assert search.search(personas["outsider"], "   ").total == 0


def test_visibility_follows_publication(documents, personas):
    assert "Bassin versant en brouillon" not in titles(personas["outsider"], "bassin")
    assert "Bassin versant en brouillon" in titles(personas["trois_rivieres"], "bassin")
    assert "Bassin versant en brouillon" not in titles(personas["lyon"], "bassin")
    assert "Ecotechnologies cachées" in titles(personas["lyon"], "ecotechnologie")
    assert "Ecotechnologies cachées" in titles(personas["committee"], "ecotechnologie")
    assert "Ecotechnologies cachées" not in titles(personas["trois_rivieres"], "ecotechnologie")


def test_facets_count_by_kind_theme_side_and_region(documents, personas, regions):
    results = search.search(personas["outsider"], "écotechnologies")
    assert {f["value"]: f["count"] for f in results.facets["kind"]} == {"practice": 1, "project": 1}
    assert {f["label"]: f["count"] for f in results.facets["side"]} == {"France": 1, "Québec": 1}
    assert {f["label"]: f["count"] for f in results.facets["region"]} == {"Auvergne-Rhône-Alpes": 1, "Mauricie": 1}
    assert {f["label"]: f["count"] for f in results.facets["theme"]} == {
        "Développement durable": 1, "Le tourisme": 1}
    only_projects = search.search(personas["outsider"], "écotechnologies", kind="project")
    assert [i["title"] for i in only_projects.items] == ["Écotechnologies de l'eau"]
    assert len(only_projects.facets["kind"]) == 2  # a facet is counted without its own filter
    assert titles(personas["outsider"], "écotechnologies", side="fr") == ["Compostage de quartier"]
    assert titles(personas["outsider"], "écotechnologies", region=regions["qc"].pk) == ["Écotechnologies de l'eau"]



def test_the_total_and_each_facet_are_counted_under_the_other_filters(documents, personas, regions):
    # "bassin": the basins practice (Lyon and Trois-Rivières: both sides) and the project of Trois-Rivières.
    def counts(results, name):
        return {f["label"]: f["count"] for f in results.facets[name]}

    projects = search.search(personas["outsider"], "bassin", kind="project")
    assert projects.total == 1
    assert {f["value"]: f["count"] for f in projects.facets["kind"]} == {"practice": 1, "project": 1}
    assert counts(projects, "side") == {"Québec": 1} and counts(projects, "region") == {"Mauricie": 1}
    french = search.search(personas["outsider"], "bassin", side="fr")
    assert french.total == 1 and [i["kind"] for i in french.items] == ["practice"]
    assert {f["value"]: f["count"] for f in french.facets["kind"]} == {"practice": 1}
    assert counts(french, "side") == {"France et Québec": 1, "Québec": 1}
    none = search.search(personas["outsider"], "bassin", kind="practice", region=regions["qc"].pk)
    assert (none.total, none.items) == (0, [])
    # The practice is in its first collectivity's région, the project in Mauricie.
    assert counts(none, "region") == {"Auvergne-Rhône-Alpes": 1}
    assert {f["value"]: f["count"] for f in none.facets["kind"]} == {"project": 1}

def test_the_index_follows_changes(documents, personas):
    practice = documents["compost"]
    practice.title = "Méthanisation rurale"
    practice.save()
    assert titles(personas["outsider"], "méthanisation") == ["Méthanisation rurale"]
    practice.status = Practice.Status.DRAFT
    practice.save()
    assert titles(personas["outsider"], "méthanisation") == []
    project = documents["hidden"]
    project.is_public = True
    project.save()
    assert "Ecotechnologies cachées" in titles(personas["outsider"], "ecotechnologie")
    project.delete()
    assert "Ecotechnologies cachées" not in titles(personas["secretariat"], "ecotechnologie")
    practice.collectivities.set([documents["basins"].collectivities.get(side="qc")])
    assert SearchDocument.objects.get(kind="practice", object_id=practice.pk).side == "qc"


def test_inside_a_batch_each_record_is_indexed_once_when_it_ends(plan, regions, lyon_commune, trois_rivieres_ville,
                                                               personas):
    """An import or a project created with its partners and themes (projects.facts.batched)
    indexes each record once, at the end, with everything written inside the block."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.facts import batched

    tourisme = Axis.objects.get(slug="tourisme")
    with CaptureQueriesContext(connection) as queries, batched():
        project = make_project(lyon_commune, title="Méthanisation rurale", themes=[tourisme])
        Partner.objects.create(project=project, collectivity=trois_rivieres_ville)
        assert not SearchDocument.objects.filter(kind="project", object_id=project.pk).exists()
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "observatory_searchdocument"')]
    assert len(writes) == 1
    document = SearchDocument.objects.get(kind="project", object_id=project.pk)
    assert document.side == "fr-qc" and f" {tourisme.pk} " in document.theme_key
    assert titles(personas["outsider"], "méthanisation") == ["Méthanisation rurale"]


def test_rebuild_gives_the_same_index(documents, personas, capsys):
    before = titles(personas["secretariat"], "bassin")
    SearchDocument.objects.all().delete()
    assert titles(personas["secretariat"], "bassin") == []
    call_command("rebuild_search_index")
    assert "practice 3" in capsys.readouterr().out
    assert titles(personas["secretariat"], "bassin") == before


def test_excerpt_marks_the_words(documents, personas):
    (item,) = search.search(personas["outsider"], "rivière").items
    assert "<mark>rivière</mark>" in str(item["excerpt"]) and item["url"] == documents["basins"].get_absolute_url()


def test_agreements_and_profiles_are_searched_when_published(plan, personas, trois_rivieres_ville):
    Agreement.objects.create(title="Entente sur les bassins versants", summary="Coopération sur l'eau.")
    Agreement.objects.create(title="Entente bassin non publiée", is_published=False)
    profile = Profile.objects.create(collectivity=trois_rivieres_ville, side="qc", offers="Gestion de bassins versants.",
                                     is_published=True)
    found = search.search(personas["outsider"], "bassin versant")
    assert {(item["kind"], item["title"]) for item in found.items} == {
        ("agreement", "Entente sur les bassins versants"), ("profile", str(profile))}
    assert next(i for i in found.items if i["kind"] == "profile")["url"] == f"/partenaires/profils/{profile.pk}/"


def test_the_theme_filter_and_its_facet_are_counted_under_the_other_filters(documents, personas):
    tourisme = Axis.objects.get(slug="tourisme")
    durable = Axis.objects.get(slug="developpement-durable")
    # "écotechnologies": the compost practice (développement durable) and the Trois-Rivières project (tourisme).
    tourism = search.search(personas["outsider"], "écotechnologies", theme=tourisme.pk)
    assert tourism.total == 1 and [i["kind"] for i in tourism.items] == ["project"]
    assert {f["label"]: f["count"] for f in tourism.facets["theme"]} == {"Développement durable": 1, "Le tourisme": 1}
    assert {f["value"]: f["count"] for f in tourism.facets["kind"]} == {"project": 1}
    practices = search.search(personas["outsider"], "écotechnologies", kind="practice")
    assert {f["label"]: f["count"] for f in practices.facets["theme"]} == {"Développement durable": 1}
    none = search.search(personas["outsider"], "écotechnologies", kind="practice", theme=tourisme.pk)
    assert none.total == 0 and {f["value"] for f in none.facets["theme"]} == {str(durable.pk)}


def test_a_records_themes_follow_into_the_index(documents, personas):
    tourisme = Axis.objects.get(slug="tourisme")
    culture = Axis.objects.get(slug="culture-et-identite")
    project = documents["project"]
    project.themes.set([culture])
    assert titles(personas["outsider"], "écotechnologies", theme=tourisme.pk) == []
    assert titles(personas["outsider"], "écotechnologies", theme=culture.pk) == [project.title]
    project.themes.add(tourisme)
    found = search.search(personas["outsider"], "écotechnologies", kind="project")
    assert {f["label"] for f in found.facets["theme"]} == {culture.title, tourisme.title}


@pytest.mark.parametrize("size", [1, 25])
def test_the_search_issues_four_queries_whatever_the_number_of_matches(plan, regions, lyon_commune,
                                                                        trois_rivieres_ville, size,
                                                                        django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    for n in range(size):
        make_practice(lyon_commune if n % 2 else trois_rivieres_ville, title=f"Bassin versant {n}",
                      theme="tourisme" if n % 3 else "developpement-durable", piste=None)
    # The matches (counts and page in one), the page's texts, the themes' and régions' names.
    with django_assert_num_queries(4):
        results = search.search(AnonymousUser(), "bassins versants", limit=20)
    assert results.total == size and len(results.items) == min(size, 20)
    assert sum(f["count"] for f in results.facets["kind"]) == size
