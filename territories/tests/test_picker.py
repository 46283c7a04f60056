"""Finding a collectivity by its name (territories.picker): accents and case ignored,
homonyms told apart by their département or MRC and never guessed, codes still accepted,
and the choices a picker's <datalist> is filled with as one types."""
import pytest
from django import forms

from conftest import make_collectivity
from territories import picker
from territories.models import Kind, Link, Side


@pytest.fixture
def homonyms(db):
    ain = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "01", "Ain")
    gers = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "32", "Gers")
    in_ain = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01370", "Saint-Martin-du-Mont")
    martin_ain = make_collectivity(Side.FRANCE, Kind.COMMUNE, "01385", "Saint-Martin")
    martin_gers = make_collectivity(Side.FRANCE, Kind.COMMUNE, "32390", "Saint-Martin")
    for commune, area in ((in_ain, ain), (martin_ain, ain), (martin_gers, gers)):
        Link.objects.create(child=commune, parent=area)
    levis = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "25213", "Lévis", country="CA")
    return {"ain": martin_ain, "gers": martin_gers, "levis": levis, "in_ain": in_ain}


def test_a_name_is_found_whatever_its_accents_and_case(homonyms):
    assert picker.resolve("LEVIS") == homonyms["levis"]
    assert picker.resolve("saint martin du mont") == homonyms["in_ain"]


def test_homonyms_are_listed_with_their_departement_and_never_guessed(homonyms):
    with pytest.raises(forms.ValidationError) as error:
        picker.resolve("Saint-Martin")
    message = error.value.messages[0]
    assert "Saint-Martin — Commune, Ain (fr:01385)" in message and "Saint-Martin — Commune, Gers (fr:32390)" in message
    # A choice read back, or the side and code, names one.
    assert picker.resolve("Saint-Martin — Commune, Gers (fr:32390)") == homonyms["gers"]
    assert picker.resolve("fr:01385") == homonyms["ain"]
    assert picker.resolve("32390") == homonyms["gers"]


def test_nothing_found_is_a_french_error_saying_what_to_type(homonyms):
    with pytest.raises(forms.ValidationError) as error:
        picker.resolve("Atlantide")
    assert error.value.messages == ["Aucune collectivité ne correspond à « Atlantide » : écrivez son nom "
                                    "(les accents sont facultatifs) ou son code officiel."]


def test_the_datalist_offers_the_matching_names_with_their_area(client, homonyms):
    content = client.get("/collectivites/choix/", {"field": "collectivity", "collectivity": "st martin"}).content.decode()
    assert '<option value="Saint-Martin — Commune, Ain (fr:01385)">' in content
    assert '<option value="Saint-Martin — Commune, Gers (fr:32390)">' in content
    assert "Lévis" not in content
    assert "Lévis — Municipalité (qc:25213)" in client.get("/collectivites/choix/", {"q": "levis", "side": "qc"}
                                                           ).content.decode()


def test_the_projects_filter_takes_a_name_and_its_widget_asks_for_choices(client, homonyms):
    response = client.get("/projets/", {"collectivity": "levis"})
    assert response.context["form"].cleaned_data["collectivity"] == "qc:25213"
    content = response.content.decode()
    assert 'list="id_collectivity-choix"' in content and 'hx-get="/collectivites/choix/?field=collectivity"' in content
    assert '<datalist id="id_collectivity-choix"></datalist>' in content
    ambiguous = client.get("/projets/", {"collectivity": "saint-martin"})
    assert "collectivity" in ambiguous.context["form"].errors


def test_a_region_and_a_departement_sharing_a_code_are_told_apart(db):
    region = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    vaucluse = make_collectivity(Side.FRANCE, Kind.DEPARTEMENT, "84", "Vaucluse")
    assert picker.label(vaucluse) == "Vaucluse — Département (fr:departement:84)"
    assert picker.resolve(picker.label(region)) == region and picker.resolve(picker.label(vaucluse)) == vaucluse
    with pytest.raises(forms.ValidationError):
        picker.resolve("fr:84")
