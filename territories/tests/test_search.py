"""Searching the registry by name or code, on the page and through the API alike."""
from territories.models import Collectivity



def found(query: str) -> list[str]:
    return [c.name for c in Collectivity.objects.current().find(query)]


def test_it_ignores_accents_and_case(registry):
    assert found("levis") == ["Lévis"]
    assert found("LÉVIS") == ["Lévis"]
    assert found("trois rivieres") == ["Trois-Rivières"]


def test_abbreviations_find_saints(registry):
    assert found("st-jean") == ["Saint-Jean-sur-Richelieu", "Saint-Jean-de-Luz"]
    assert found("st jean luz") == ["Saint-Jean-de-Luz"]


def test_the_exact_name_comes_first_then_by_population(registry):
    assert found("lyon") == ["Lyon", "Métropole de Lyon"]
    assert found("rhone") == ["Rhône", "Auvergne-Rhône-Alpes"]


def test_words_match_the_start_of_words_only(registry):
    assert found("ion") == []
    assert found("rivieres") == ["Trois-Rivières"]


def test_a_code_matches_the_code_or_siren_exactly(registry):
    assert found("69123") == ["Lyon"]
    assert found("216901231") == ["Lyon"]
    assert found("200046977") == ["Métropole de Lyon"]
    assert found("37067") == ["Trois-Rivières"]
    assert found("6912") == []


def test_a_short_code_finds_every_record_wearing_it(registry):
    assert found("01") == ["Ain", "Guadeloupe"]


def test_the_list_page_and_the_api_search_alike(client, registry):
    page = client.get("/collectivites/?q=st-jean")
    api = client.get("/api/v1/collectivities?q=st-jean").json()
    assert [c.name for c in page.context["page"].object_list] == [i["name"] for i in api["items"]]
