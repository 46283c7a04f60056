import pytest


@pytest.mark.django_db
def test_home_is_public_and_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "coopération décentralisée" in response.content.decode()


@pytest.mark.django_db
def test_static_assets_are_served_locally(client):
    response = client.get("/")
    assert "/static/django_htmx/htmx-2.min.js" in response.content.decode()
    assert "http://" not in response.content.decode().split("<body")[0]
    assert "https://" not in response.content.decode().split("<body")[0]


@pytest.mark.django_db
def test_openapi_spec_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Maillage API"


@pytest.mark.django_db
def test_admin_is_for_the_secretariat_only(client, personas):
    client.force_login(personas["outsider"])
    assert client.get("/admin/").status_code == 302
    client.force_login(personas["secretariat"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/territories/collectivity/").status_code == 200


@pytest.mark.django_db
def test_api_validation_errors_are_explained_in_french(client):
    response = client.get("/api/v1/collectivities", {"limit": "beaucoup"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Paramètre « limit » : nombre entier attendu, reçu « beaucoup »."
