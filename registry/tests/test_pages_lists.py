"""The lists of agreements and twinnings: filters matched through today's entities, the
visitor's visibility, pages, and the number of queries whatever the number of rows."""
import re

import pytest

from registry.models import Agreement, Twinning

from .records_data import *  # noqa: F403
from .records_data import GOVERNMENT, make_agreement, make_twinning, party

AGREEMENTS = "/ententes-jumelages/ententes/"
TWINNINGS = "/ententes-jumelages/jumelages/"


def listed(response) -> list:
    """The records of the page's rows, in their order (the rows are rendered once and cached)."""
    return [int(pk) for pk in re.findall(r'<tr><th scope="row"><a href="/ententes-jumelages/(?:ententes|jumelages)/(\d+)/"',
                                         str(response.context["rows"]))]


def test_the_public_list_shows_todays_entity_and_who_signed(client, records):
    response = client.get(AGREEMENTS)
    content = response.content.decode()
    assert set(listed(response)) == {records["ra7"].pk, records["ra8"].pk}
    assert ">Auvergne-Rhône-Alpes</a>" in content and "signée par Rhône-Alpes" in content
    assert "Gouvernement du Québec" in content
    assert "Protocole Lyon" not in content


def test_a_region_filter_finds_what_the_former_region_signed(client, records):
    assert set(listed(client.get(AGREEMENTS, {"region": "fr:84"}))) == {records["ra7"].pk, records["ra8"].pk}
    assert listed(client.get(AGREEMENTS, {"region": "qc:04"})) == []


def test_a_collectivity_filter_finds_its_former_records(client, records, personas):
    client.force_login(personas["secretariat"])
    assert set(listed(client.get(AGREEMENTS, {"collectivity": "fr:region:84"}))) == {
        records["ra7"].pk, records["ra8"].pk, records["ra9"].pk}
    assert listed(client.get(TWINNINGS, {"collectivity": "qc:94068"})) == [records["chicoutimi"].pk]
    assert listed(client.get(TWINNINGS, {"collectivity": "fr:74010"})) == [records["annecy"].pk]
    assert listed(client.get(TWINNINGS, {"region": "qc:02"})) == [records["chicoutimi"].pk]
    assert set(listed(client.get(TWINNINGS, {"region": "fr:84"}))) == {
        records["annecy"].pk, records["lyon"].pk, records["chicoutimi"].pk}


def test_theme_status_kind_and_side_filters(client, records, personas):
    client.force_login(personas["secretariat"])
    assert listed(client.get(AGREEMENTS, {"theme": "tourisme"})) == [records["ra7"].pk]
    assert listed(client.get(AGREEMENTS, {"status": "preparation"})) == [records["lyon_tr"].pk]
    assert set(listed(client.get(AGREEMENTS, {"kind": "plan_action"}))) == {
        records["ra7"].pk, records["ra8"].pk, records["ra9"].pk}
    # The plans of action count on Québec's side through the Gouvernement du Québec; none
    # has a party of a third country.
    assert set(listed(client.get(AGREEMENTS, {"side": "qc"}))) == {
        records["ra7"].pk, records["ra8"].pk, records["ra9"].pk, records["lyon_tr"].pk}
    assert listed(client.get(AGREEMENTS, {"side": "other"})) == []
    assert listed(client.get(TWINNINGS, {"side": "other"})) == []
    assert listed(client.get(TWINNINGS, {"theme": "tourisme", "status": "actif"})) == [records["annecy"].pk]


def test_a_wrong_filter_is_shown_and_left_out(client, records):
    response = client.get(AGREEMENTS, {"region": "fr:99", "collectivity": "fr:00000", "status": "perdue"})
    assert response.status_code == 200
    assert len(listed(response)) == 2
    errors = response.context["form"].errors
    assert set(errors) == {"region", "collectivity", "status"}
    assert "Aucune collectivité ne correspond à « fr:00000 »" in response.content.decode()


def test_the_twinning_list_shows_both_names(client, records, personas):
    client.force_login(personas["secretariat"])
    content = client.get(TWINNINGS).content.decode()
    assert ">Saguenay</a>" in content and "jumelée sous le nom de Chicoutimi" in content
    assert ">Annecy</a>" in content and "jumelée sous le nom de Annecy-le-Vieux" in content


@pytest.mark.parametrize("rows", [1, 5])
def test_the_agreement_list_makes_the_same_queries_whatever_the_rows(client, places, personas, plan_data, rows,
                                                                    django_assert_num_queries):
    for n in range(rows):
        make_agreement(personas["secretariat"], party(places["rhone_alpes"]), dict(GOVERNMENT), party(places["levis"]),
                       title=f"Entente {n}", themes=[plan_data["tourisme"]])
        make_agreement(personas["secretariat"], party(places["annecy_le_vieux"]), party(places["levis"]),
                       title=f"Entente d'Annecy-le-Vieux {n}")
    # 1 the data version, 2 the régions and 3 the themes of the filters, 4 the count, 5 the
    # page, 6 its parties with their collectivities, 7 their themes, 8 today's entities of
    # the former records (Rhône-Alpes, the commune déléguée: the read model).
    with django_assert_num_queries(8):
        response = client.get(AGREEMENTS, {"region": ""})
    assert len(listed(response)) == 2 * rows
    # Then the filters and the rendered page from the cache: the data version alone.
    with django_assert_num_queries(1):
        again = client.get(AGREEMENTS, {"region": ""})
    assert listed(again) == listed(response) and again.context["page"].paginator.count == 2 * rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_twinning_list_makes_the_same_queries_whatever_the_rows(client, places, personas, rows,
                                                                   django_assert_num_queries):
    quebec = [places["levis"], places["trois_rivieres"], places["saint_jean_sur_richelieu"], places["saguenay"],
              places["demo"]]
    for n in range(rows):
        make_twinning(personas["secretariat"], places["annecy_le_vieux"], quebec[n], is_published=False)
        make_twinning(personas["secretariat"], places["lyon"], quebec[n], kind="amitie")
        make_twinning(personas["secretariat"], places["villeurbanne"], places["chicoutimi"], kind=["jumelage", "amitie",
                      "partenariat"][n % 3]) if n < 3 else None
    client.force_login(personas["lyon"])
    # 1 the session and 2 the user; 3 the editor's collectivities and 4 their former records
    # (one step: none); 5 the data version, 6 the régions and 7 the themes of the filters,
    # 8 the count, 9 the page with both collectivities, 10 the themes, 11 today's entities
    # of the former records (Chicoutimi, the read model).
    with django_assert_num_queries(11):
        response = client.get(TWINNINGS)
    assert len(listed(response)) == rows + min(rows, 3)
    # Then from the cache: the first four queries and the data version.
    with django_assert_num_queries(5):
        assert listed(client.get(TWINNINGS)) == listed(response)
    assert not Twinning.objects.visible_to(personas["lyon"]).filter(french=places["annecy_le_vieux"]).exists()
    assert Agreement.objects.count() == 0


def test_pages_of_fifty(client, places, personas):
    for n in range(51):
        make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT), title=f"Entente {n:02d}",
                       since_year=1960 + n)
    first = client.get(AGREEMENTS)
    assert len(listed(first)) == 50 and "Page 1 sur 2" in first.content.decode()
    assert len(listed(client.get(AGREEMENTS, {"page": 2}))) == 1


def test_a_new_or_changed_record_shows_in_the_cached_list_at_once(client, places, personas):
    first = make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT), title="Entente de Lyon")
    assert listed(client.get(AGREEMENTS)) == [first.pk]
    second = make_agreement(personas["secretariat"], party(places["rhone_alpes"]), dict(GOVERNMENT),
                            title="Entente de Rhône-Alpes")
    assert set(listed(client.get(AGREEMENTS))) == {first.pk, second.pk}
    Agreement.objects.filter(pk=first.pk).first().delete()
    assert listed(client.get(AGREEMENTS)) == [second.pk]


def test_a_renamed_collectivity_shows_in_the_cached_list_at_once(client, places, personas):
    make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT), title="Entente de Lyon")
    assert ">Lyon</a>" in client.get(AGREEMENTS).content.decode()
    lyon = places["lyon"]
    lyon.name = "Lyon (Métropole de)"
    lyon.save()
    assert ">Lyon (Métropole de)</a>" in client.get(AGREEMENTS).content.decode()


def test_a_collectivity_filter_takes_its_name_or_a_pickers_choice(client, records, personas):
    client.force_login(personas["secretariat"])
    expected = {records["ra7"].pk, records["ra8"].pk, records["ra9"].pk}
    assert set(listed(client.get(AGREEMENTS, {"collectivity": "auvergne rhone alpes"}))) == expected
    assert set(listed(client.get(AGREEMENTS, {"collectivity": "Auvergne-Rhône-Alpes — Région (fr:region:84)"}))) == expected
    response = client.get(AGREEMENTS, {"collectivity": "Atlantide"})
    assert "Aucune collectivité ne correspond à « Atlantide »" in response.content.decode()
