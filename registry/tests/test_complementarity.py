"""Complementarity on data with known answers (registry/tests/insights_data.py)."""
import pytest
from django.contrib.auth.models import AnonymousUser

from plan.models import Axis
from registry import complementarity

from .insights_data import build


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return build(lyon_commune, trois_rivieres_ville)


def titles(result):
    return ([a.title for a in result.agreements], [str(t) for t in result.twinnings])


def test_area_of_a_commune_is_its_departement_and_region(world):
    assert complementarity.area_of(world["lyon"]) == sorted([world["rhone"].pk, world["ara"].pk])
    assert complementarity.area_of(world["mauricie"]) == [world["mauricie"].pk]


def test_near_lyon_the_public_sees_published_links_through_former_entities(world):
    result = complementarity.for_area(complementarity.area_of(world["lyon"]), AnonymousUser())
    assert titles(result) == (
        ["Plan d'action Rhône-Alpes–Québec"],  # signed by Rhône-Alpes, today Auvergne-Rhône-Alpes
        # The most recent first (2001, then the two of 1990 in the order recorded).
        ["Villeurbanne – Chicoutimi", "Lyon – Trois-Rivières", "Villeurbanne – Trois-Rivières"],
    )
    party = result.agreements[0].party_list[0]
    assert party.collectivity.name == "Rhône-Alpes" and party.today.name == "Auvergne-Rhône-Alpes"
    chicoutimi = next(t for t in result.twinnings if t.quebec.name == "Chicoutimi")
    assert chicoutimi.quebec_today.name == "Saguenay"
    assert [(o.theme.title, o.partner_region.name, sorted(map(str, o.links))) for o in result.overlaps] == [
        ("Culture", "Mauricie", ["Lyon – Trois-Rivières", "Villeurbanne – Trois-Rivières"])]
    assert [t.title for t in result.themes_without_links] == ["Environnement"]
    assert [p.code for p in result.pistes_without_agreements] == ["ec-1", "en-1"]


def test_the_secretariat_also_sees_unpublished_agreements(world, personas):
    result = complementarity.for_area(complementarity.area_of(world["lyon"]), personas["secretariat"])
    assert [a.title for a in result.agreements] == ["Entente Lyon–Saguenay", "Plan d'action Rhône-Alpes–Québec"]
    assert result.themes_without_links == []
    assert [p.code for p in result.pistes_without_agreements] == ["ec-1"]


def test_a_quebec_region_overlaps_on_its_french_partners(world):
    result = complementarity.for_area([world["mauricie"].pk], AnonymousUser())
    assert titles(result) == ([], ["Lyon – Trois-Rivières", "Villeurbanne – Trois-Rivières"])
    assert [(o.theme.title, o.partner_region.name, len(o.links)) for o in result.overlaps] == [
        ("Culture", "Auvergne-Rhône-Alpes", 2)]


def test_a_theme_lists_its_links_and_overlaps_on_either_side(world):
    result = complementarity.for_theme(world["culture"], AnonymousUser())
    assert titles(result) == (
        ["Plan d'action Rhône-Alpes–Québec"], ["Lyon – Trois-Rivières", "Villeurbanne – Trois-Rivières"])
    assert [(o.partner_region.name, len(o.links)) for o in result.overlaps] == [
        ("Auvergne-Rhône-Alpes", 3), ("Mauricie", 2)]
    assert result.pistes_without_agreements == []


def test_the_page_shows_the_sections_and_explains_bad_input(client, world):
    page = client.get("/ententes-jumelages/complementarite/", {"side": "fr", "code": "69123"}).content.decode()
    assert "Lyon" in page and "Recoupements" in page and "Mauricie" in page and "Environnement" in page
    page = client.get("/ententes-jumelages/complementarite/", {"code": "69123"}).content.decode()
    assert "Précisez le côté (France ou Québec) du code 69123." in page
    page = client.get("/ententes-jumelages/complementarite/", {"side": "qc", "code": "99999"}).content.decode()
    assert "Aucune collectivité actuelle n&#x27;a le code 99999 de ce côté." in page


@pytest.mark.parametrize("extra", [0, 5])
def test_the_page_issues_a_bounded_number_of_queries(client, personas, lyon_commune, trois_rivieres_ville,
                                                     django_assert_max_num_queries, extra):
    build(lyon_commune, trois_rivieres_ville, extra=extra)
    # The collectivity of the code (with its région: the lists' link); its area (parents);
    # the data version (the cache key); the counts of the links nearby, of their themes and
    # of the overlaps (theme × partner région, counted by the database, with the examples);
    # the themes; the names of the overlaps' examples and of their partner régions; the
    # agreements shown, their parties, their themes; the twinnings shown; today's entities
    # of the former records shown (Rhône-Alpes, Chicoutimi); the pistes no agreement
    # serves; the form's themes. The old page made 25.
    with django_assert_max_num_queries(13):
        response = client.get("/ententes-jumelages/complementarite/", {"side": "fr", "code": "69123"})
    assert response.status_code == 200
    assert "Mauricie" in response.content.decode()
    # A theme: as many, whatever the number of links on it.
    with django_assert_max_num_queries(13):
        response = client.get("/ententes-jumelages/complementarite/", {"theme": Axis.objects.get(slug="culture").pk})
    assert response.status_code == 200 and "Auvergne-Rhône-Alpes" in response.content.decode()


def test_figures_are_cached_until_the_data_changes(client, world, lyon_commune, django_assert_max_num_queries):
    from registry.models import Twinning

    def heading():
        page = client.get("/ententes-jumelages/complementarite/", {"side": "fr", "code": "69123"}).content.decode()
        return next(line.strip() for line in page.splitlines() if "jumelages proches" in line)

    assert "3 jumelages proches" in heading()
    # The collectivity, its area, the data version, the form's themes: the figures, and
    # the région the lists' link names, come from the cache.
    with django_assert_max_num_queries(6):
        assert "3 jumelages proches" in heading()
    Twinning.objects.create(french=lyon_commune, quebec=world["quebec"], since_year=2001)
    assert "4 jumelages proches" in heading()  # the data version moved with the twinning


def test_an_editor_also_sees_the_unpublished_links_of_their_collectivity(world, personas):
    area = complementarity.area_of(world["lyon"])
    public = complementarity.for_area(area, AnonymousUser())
    # Lyon's editor reads the unpublished agreement Lyon signed with Saguenay: it is listed
    # and counted, and its theme is no longer a gap.
    editor = complementarity.for_area(area, personas["lyon"])
    assert [a.title for a in editor.agreements] == ["Entente Lyon–Saguenay", "Plan d'action Rhône-Alpes–Québec"]
    assert (editor.agreement_count, public.agreement_count) == (2, 1)
    assert [t.title for t in public.themes_without_links] == ["Environnement"] and editor.themes_without_links == []
    assert [p.code for p in editor.pistes_without_agreements] == ["ec-1"]
    # Neither a user without collectivity nor the editor of a collectivity not party to it.
    for user in (personas["outsider"], personas["trois_rivieres"]):
        result = complementarity.for_area(area, user)
        assert titles(result) == titles(public) and result.agreement_count == 1
    # A theme's page follows the same rule.
    environment = world["environment"]
    assert [a.title for a in complementarity.for_theme(environment, personas["lyon"]).agreements] == [
        "Entente Lyon–Saguenay"]
    assert complementarity.for_theme(environment, AnonymousUser()).agreements == []


def test_a_large_overlap_is_counted_whole_and_named_by_three_of_its_links(personas, lyon_commune,
                                                                        trois_rivieres_ville):
    from registry.models import Agreement, Twinning

    world = build(lyon_commune, trois_rivieres_ville, extra=5)
    result = complementarity.for_area(complementarity.area_of(world["lyon"]), AnonymousUser())
    economy = next(o for o in result.overlaps if o.theme.slug == "economie")
    # Near Lyon, on the economy, with Saguenay–Lac-Saint-Jean: Villeurbanne – Chicoutimi
    # (Saguenay today) and the 5 communes' twinnings and agreements, each counted once
    # although nearby in both the Rhône and Auvergne-Rhône-Alpes.
    assert (economy.partner_region.name, economy.count) == ("Saguenay–Lac-Saint-Jean", 11)
    agreements = list(Agreement.objects.filter(title__startswith="Entente ", themes=world["economy"]).order_by("pk"))
    twinnings = list(Twinning.objects.filter(themes=world["economy"]).order_by("pk"))
    # The examples: the first and the last agreement by record, then the first twinning.
    expected = [agreements[0].title, agreements[-1].title, f"{twinnings[0].french.name} – {twinnings[0].quebec.name}"]
    assert [str(link) for link in economy.links] == expected
    assert economy.links[0].get_absolute_url() == f"/ententes-jumelages/ententes/{agreements[0].pk}/"
    assert result.overlap_count == len(result.overlaps) == 2


def test_a_theme_counts_the_links_that_lie_in_no_territory(world):
    from registry.models import Agreement, AgreementParty

    # Signed by two governments: no collectivity, so nearby nothing, but on its theme.
    governments = Agreement.objects.create(title="Entente des gouvernements", since_year=2009)
    AgreementParty.objects.create(agreement=governments, side="fr", kind="gouvernement", name="République française")
    AgreementParty.objects.create(agreement=governments, side="qc", kind="gouvernement", name="Gouvernement du Québec")
    governments.themes.add(world["culture"])
    result = complementarity.for_theme(world["culture"], AnonymousUser())
    assert [a.title for a in result.agreements] == ["Entente des gouvernements", "Plan d'action Rhône-Alpes–Québec"]
    assert result.agreement_count == 2
    # Its overlaps are those of the links in the régions, as before.
    assert [(o.partner_region.name, len(o.links)) for o in result.overlaps] == [
        ("Auvergne-Rhône-Alpes", 3), ("Mauricie", 2)]
    near_lyon = complementarity.for_area(complementarity.area_of(world["lyon"]), AnonymousUser())
    assert "Entente des gouvernements" not in [a.title for a in near_lyon.agreements]
    # Unpublished, it leaves the public's page (the read model follows the publication).
    governments.is_published = False
    governments.save()
    assert complementarity.for_theme(world["culture"], AnonymousUser()).agreement_count == 1
