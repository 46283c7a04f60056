"""An editor maintains their collectivity's website; nobody else but the secretariat may."""
import datetime

import pytest

from conftest import make_collectivity
from territories.models import Kind, Side


LYON_EDIT = "/collectivites/fr/commune/69123/modifier/"
TROIS_RIVIERES_EDIT = "/collectivites/qc/municipalite/37067/modifier/"


def test_lyon_editor_changes_lyon_website(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    form_page = client.get(LYON_EDIT)
    assert form_page.status_code == 200
    assert '<label for="id_website">Site web</label>' in form_page.content.decode()
    response = client.post(LYON_EDIT, {"website": "https://www.lyon.fr/"}, follow=True)
    assert response.redirect_chain == [("/collectivites/fr/commune/69123/", 302)]
    assert "Les informations de Lyon sont enregistrées." in response.content.decode()
    lyon_commune.refresh_from_db()
    assert lyon_commune.website == "https://www.lyon.fr/"


def test_a_bare_domain_gets_https(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    client.post(LYON_EDIT, {"website": "www.lyon.fr"})
    lyon_commune.refresh_from_db()
    assert lyon_commune.website == "https://www.lyon.fr"


def test_an_invalid_address_is_refused_in_french_beside_the_field(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    response = client.post(LYON_EDIT, {"website": "pas une adresse"})
    assert response.status_code == 200
    assert "Saisissez une URL valide." in response.content.decode()
    assert 'id="id_website_errors" role="alert"' in response.content.decode()
    lyon_commune.refresh_from_db()
    assert lyon_commune.website == ""


def test_only_the_website_can_change(client, personas, lyon_commune):
    client.force_login(personas["lyon"])
    client.post(LYON_EDIT, {"website": "https://www.lyon.fr", "name": "Lugdunum", "population": "1"})
    lyon_commune.refresh_from_db()
    assert (lyon_commune.name, lyon_commune.population) == ("Lyon", 522250)


def test_lyon_editor_cannot_edit_trois_rivieres_and_vice_versa(client, personas, trois_rivieres_ville):
    client.force_login(personas["lyon"])
    assert client.get(TROIS_RIVIERES_EDIT).status_code == 403
    assert client.post(TROIS_RIVIERES_EDIT, {"website": "https://pirate.example"}).status_code == 403
    client.force_login(personas["trois_rivieres"])
    assert client.post(LYON_EDIT, {"website": "https://pirate.example"}).status_code == 403
    assert client.get(TROIS_RIVIERES_EDIT).status_code == 200
    trois_rivieres_ville.refresh_from_db()
    assert trois_rivieres_ville.website == ""


def test_the_secretariat_edits_any_collectivity(client, personas, trois_rivieres_ville):
    client.force_login(personas["secretariat"])
    client.post(TROIS_RIVIERES_EDIT, {"website": "https://www.v3r.net"})
    trois_rivieres_ville.refresh_from_db()
    assert trois_rivieres_ville.website == "https://www.v3r.net"


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    response = client.get(LYON_EDIT)
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=" + LYON_EDIT


def test_former_collectivities_cannot_be_edited(client, personas):
    make_collectivity(Side.FRANCE, Kind.REGION, "72", "Aquitaine", valid_until=datetime.date(2015, 12, 31))
    client.force_login(personas["secretariat"])
    assert client.get("/collectivites/fr/region/72/modifier/").status_code == 404


@pytest.mark.parametrize("persona", ["lyon", "secretariat"])
def test_an_unknown_code_is_404_for_editors(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/collectivites/fr/commune/00000/modifier/").status_code == 404
