"""Suggestions on generated data whose best partners are known from first principles."""
import pytest

from conftest import make_collectivity
from matching import indexing, suggestions
from matching.models import Profile
from plan.models import Axis, Piste, Plan
from projects.tests.factories import make_project
from registry.models import Twinning
from territories.models import Kind, Side


@pytest.fixture
def world(db):
    plan = Plan.objects.create(slug="p", title="Plan", start_year=2008, end_year=2010)
    axis = Axis.objects.create(plan=plan, slug="dd", position=1, title="Développement durable")
    culture = Axis.objects.create(plan=plan, slug="culture", position=2, title="Culture", kind=Axis.Kind.THEME)
    tourism = Axis.objects.create(plan=plan, slug="tourisme", position=3, title="Tourisme", kind=Axis.Kind.THEME)
    piste = Piste.objects.create(axis=axis, code="dd-1", position=1, text="Gestion de l'eau")
    seeker = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01001", "Bourg", population=10_000)
    fr_profile = Profile.objects.create(collectivity=seeker, side="fr", is_published=True,
                                        offers="Gestion des forêts", seeks="Tourisme hivernal",
                                        excellence="Énergies renouvelables")
    fr_profile.themes.set([culture])
    fr_profile.pistes.set([piste])
    q = {}
    # best: shares a theme, a piste, the créneau, and meets both ways; comparable size.
    q["best"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90001", "Meilleure", population=9_000)
    p = Profile.objects.create(collectivity=q["best"], side="qc", is_published=True, offers="Tourisme d'hiver",
                               seeks="la forêt", excellence="énergie renouvelable")
    p.themes.set([culture])
    p.pistes.set([piste])
    # second: a theme in common only.
    q["second"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90002", "Seconde", population=500_000)
    Profile.objects.create(collectivity=q["second"], side="qc", is_published=True).themes.set([culture])
    # twin: would rank first, but twinned already.
    q["twin"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90003", "Jumelle", population=10_000)
    p = Profile.objects.create(collectivity=q["twin"], side="qc", is_published=True, seeks="forêts")
    p.themes.set([culture, tourism])
    Twinning.objects.create(french=seeker, quebec=q["twin"])
    # same size only, no profile.
    q["size"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90004", "Pareille", population=11_000)
    # past projects on the piste, no profile (a public project with another French commune).
    q["projects"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90005", "Projets", population=80_000)
    other = make_collectivity(Side.FRANCE, Kind.COMMUNE, "02002", "Autre", population=300)
    project = make_project(other, q["projects"], is_public=True)
    project.pistes.set([piste])
    # closed to partners: never suggested.
    q["closed"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90006", "Fermée", population=10_000)
    Profile.objects.create(collectivity=q["closed"], side="qc", is_published=True, is_open=False).themes.set([culture])
    # unpublished profile: only its size counts.
    q["hidden"] = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "90007", "Cachée", population=30_000)
    Profile.objects.create(collectivity=q["hidden"], side="qc", is_published=False).themes.set([culture])
    return {"seeker": seeker, "q": q, "culture": culture, "tourism": tourism, "piste": piste}


# Computed by hand from the points of matching.suggestions:
# best: culture 10 + piste 15 + créneau 20 + offer meets need 6 + need meets offer 6
#       + size (10 000 / 9 000 ≤ 1.25) 8 = 65
# projects: piste (in its projects) 15 + carried projects on it 12 = 27 (size ratio 8: none)
# second: culture 10; size: 11 000 / 10 000 ≤ 1.25: 8.
EXPECTED = [("90001", 65), ("90005", 27), ("90002", 10), ("90004", 8)]


def test_the_ranking_is_the_one_computed_from_first_principles(world):
    found = suggestions.for_collectivity("fr", "01001", limit=4)
    assert [(s.code, s.score) for s in found] == EXPECTED


def test_linked_and_closed_partners_are_left_out_unless_asked(world):
    codes = [s.code for s in suggestions.for_collectivity("fr", "01001", limit=20)]
    assert "90003" not in codes and "90006" not in codes
    linked = suggestions.for_collectivity("fr", "01001", limit=20, include_linked=True)
    twin = next(s for s in linked if s.code == "90003")
    assert "Un jumelage vous unit déjà" in twin.reasons
    assert "90006" not in [s.code for s in linked]


def test_every_reason_given_is_true_of_the_pair(world):
    seeker = world["seeker"]
    for s in suggestions.for_collectivity("fr", "01001", limit=20, include_linked=True):
        other = world["q"][next(k for k, c in world["q"].items() if c.code == s.code)]
        profile = Profile.objects.filter(collectivity=other, is_published=True).first()
        for reason in s.reasons:
            if reason.startswith("Thèmes d'intérêt en commun"):
                assert "Culture" in reason and profile.themes.filter(title="Culture").exists()
            elif reason.startswith("Pistes du plan en commun"):
                assert "dd-1" in reason
            elif reason.startswith("A déjà mené des projets"):
                assert other.partner_set.filter(project__pistes=world["piste"], project__is_public=True).exists() \
                    if hasattr(other, "partner_set") else True
            elif reason.startswith("Créneau d'excellence"):
                assert "renouvelable" in profile.excellence.lower()
            elif reason.startswith("Ce que vous offrez"):
                assert "for" in profile.seeks.lower()
            elif reason.startswith("Elle offre ce que"):
                assert "tourisme" in profile.offers.lower()
            elif reason.startswith("Un jumelage"):
                assert Twinning.objects.filter(french=seeker, quebec=other).exists()
            elif reason.startswith("Taille comparable"):
                ratio = max(seeker.population, other.population) / min(seeker.population, other.population)
                assert ratio <= 2 and other.kind == Kind.MUNICIPALITE
            else:
                pytest.fail(f"raison inattendue : {reason}")


def test_a_collectivity_without_profile_gets_suggestions_from_projects_and_registry(world):
    found = suggestions.for_collectivity("fr", "02002", limit=5, include_linked=False)
    # Its only project partner (90005) is excluded; villages of comparable size: none on
    # this side (300 inhabitants), so nothing but what projects say.
    assert "90005" not in [s.code for s in found]
    qc = suggestions.for_collectivity("qc", "90004", limit=3)
    assert qc[0].code == "01001" and any("Taille comparable" in r for r in qc[0].reasons)


def test_a_project_idea_meets_offers_and_needs(world):
    found = suggestions.for_text("fr", "Nous voulons développer le tourisme hivernal", limit=5)
    assert found[0].code == "90001"
    assert found[0].reasons == ["Elle offre ce que l'idée demande : tourisme"]


def test_the_index_follows_a_profile_change(world):
    before = indexing.current_stamp()
    profile = Profile.objects.get(collectivity=world["q"]["second"])
    profile.offers = "Tourisme hivernal et festivals"
    profile.save()
    assert indexing.current_stamp()[1] > before[1]
    found = suggestions.for_collectivity("fr", "01001", limit=4)
    second = next(s for s in found if s.code == "90002")
    assert second.score == 10 + 6 + 6 + 0 or second.score > 10
    assert any(r.startswith("Elle offre ce que vous cherchez") for r in second.reasons)


def test_the_api_answers_ranked_items(client, world):
    response = client.get("/api/v1/matching/suggestions?side=fr&code=01001&limit=4")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["code"], i["score"], i["side"]) for i in items] == [(c, s, "qc") for c, s in EXPECTED]
    assert items[0]["name"] == "Meilleure" and items[0]["reasons"]


def test_the_api_refuses_bad_input_in_french(client, world):
    both = client.get("/api/v1/matching/suggestions?side=fr&code=01001&text=eau")
    assert both.status_code == 422 and "soit « code »" in both.json()["detail"]
    assert client.get("/api/v1/matching/suggestions?side=fr&code=99999").status_code == 404
    assert "limit" in client.get("/api/v1/matching/suggestions?side=fr&code=01001&limit=101").json()["errors"]


@pytest.mark.parametrize("n", [1, 5])
def test_the_api_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, n):
    for index in range(n):
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"9100{index}", f"Q{index}", population=10_000 + index)
    suggestions.for_collectivity("fr", "01001")  # the in-memory index is loaded
    # stamp, names, themes' titles, pistes' texts
    with django_assert_num_queries(4):
        client.get("/api/v1/matching/suggestions?side=fr&code=01001&limit=20")


def test_the_page_shows_the_suggestions_with_their_reasons(client, world):
    response = client.get("/partenaires/suggestions/?side=fr&code=01001")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Meilleure" in body and "Créneau d&#x27;excellence en commun" in body


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 20])
def test_the_ranking_is_that_of_every_pairs_reasons(world, limit):
    """The packed sums and their floor (suggestions._best_feature_points) keep exactly the
    candidates that the points of every pair's reasons rank first, ties by code."""
    for index in range(6):  # ties: the same theme, populations apart
        profile = Profile.objects.create(
            collectivity=make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"9200{index}", f"Égale {index}",
                                           population=1_000 * (index + 1)), side="qc", is_published=True)
        profile.themes.set([world["culture"]])
    found = suggestions.for_collectivity("fr", "01001", limit=limit)
    index = suggestions.side_index("qc", indexing.current_stamp())
    me = suggestions.side_index("fr", indexing.current_stamp()).candidates[world["seeker"].pk]
    every = sorted((-sum(points for points, _reason in suggestions._reasons(suggestions.Query("fr", candidate=me), c)),
                    c.code) for c in index.candidates.values() if c.is_open and c.id not in me.linked)
    assert [(s.code, s.score) for s in found] == [(code, -points) for points, code in every if points][:limit]


def test_the_reasons_quote_the_words_in_the_same_order_whatever_the_database_stored():
    """PostgreSQL's jsonb keeps an object's keys in its own order, SQLite in the written
    one: the reasons quote the words of offers and needs by term, on both."""
    def candidate(cid, offers, seeks):
        return suggestions.Candidate(
            id=cid, code=str(cid), kind="commune", population=None, is_open=True, interest_themes=frozenset(),
            interest_pistes=frozenset(), project_pistes=frozenset(), excellence={}, offers=offers, seeks=seeks,
            linked=frozenset(), twinned=frozenset())

    other = candidate(2, {"festival": "festival", "poes": "poésie"}, {"resident": "résidences", "artist": "artistes"})
    written = candidate(1, {"resident": "résidences", "artist": "artistes"}, {"poes": "poésie", "festival": "festival"})
    reordered = candidate(1, {"artist": "artistes", "resident": "résidences"}, {"festival": "festival", "poes": "poésie"})
    reasons = [suggestions._reasons(suggestions.Query("fr", candidate=me), other) for me in (written, reordered)]
    assert reasons[0] == reasons[1] == [(12, ("meets_need", ["artistes", "résidences"])),
                                        (12, ("meets_offer", ["festival", "poésie"]))]
