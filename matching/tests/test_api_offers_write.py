"""Offers and requests of the bourse written through the API: an API token, the permissions
of the pages (matching/access.py: a profile's keepers), optimistic locking, French errors."""
import pytest

from accounts.models import ApiToken
from matching.models import Posting

from .factories import make_posting

pytestmark = pytest.mark.django_db

OFFER = {"kind": "offre", "title": "Accueil d'un stagiaire", "text": "Un stage de six semaines au service culturel.",
         "themes": ["culture"], "horizon": "annee", "status": "ouverte", "is_published": True}


@pytest.fixture
def bearer(personas):
    def issue(persona):
        secret = ApiToken.objects.issue(personas[persona], label="Script", by=None)[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    return issue


def test_a_keeper_publishes_an_offer_of_their_profile(client, bearer, personas, lyon_profile, themes):
    response = client.post(f"/api/v1/matching/profiles/{lyon_profile.pk}/offers", OFFER,
                           content_type="application/json", **bearer("lyon"))
    assert response.status_code == 201, response.json()
    posting = Posting.objects.get()
    assert (posting.profile, posting.created_by, posting.title) == (lyon_profile, personas["lyon"], OFFER["title"])
    assert list(posting.themes.all()) == [themes["culture"]]
    body = response.json()
    assert body["themes"] == [{"slug": "culture", "title": themes["culture"].title}]
    assert body["version"] == posting.version and body["profile"]["code"] == "69123"
    # Published: the public reads it in the bourse.
    assert [item["id"] for item in client.get("/api/v1/matching/offers").json()["items"]] == [posting.pk]


def test_another_collectivitys_profile_is_403_without_a_token_401(client, bearer, tr_profile, themes):
    url = f"/api/v1/matching/profiles/{tr_profile.pk}/offers"
    response = client.post(url, OFFER, content_type="application/json", **bearer("lyon"))
    assert response.status_code == 403
    assert client.post(url, OFFER, content_type="application/json").status_code == 401
    assert not Posting.objects.exists()


def test_a_keeper_changes_an_offer_at_the_version_read_and_a_stale_one_is_409(
        client, bearer, personas, tr_profile, themes):
    posting = make_posting(tr_profile, themes=[themes["culture"]], created_by=personas["trois_rivieres"])
    headers = bearer("trois_rivieres")
    read = client.get(f"/api/v1/matching/offers/{posting.pk}", **headers).json()
    changed = {**OFFER, "title": "Pourvue", "status": "close", "version": read["version"]}
    response = client.put(f"/api/v1/matching/offers/{posting.pk}", changed, content_type="application/json",
                          **headers)
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"]) == ("close", read["version"] + 1)
    response = client.put(f"/api/v1/matching/offers/{posting.pk}", {**changed, "title": "Encore"},
                          content_type="application/json", **headers)
    assert response.status_code == 409
    assert response.json()["current_version"] == read["version"] + 1
    posting.refresh_from_db()
    assert posting.title == "Pourvue"


def test_an_offer_of_another_profile_is_403_and_a_hidden_one_404(client, bearer, tr_profile, themes):
    published = make_posting(tr_profile)
    hidden = make_posting(tr_profile, title="Brouillon", is_published=False)
    headers = bearer("lyon")
    body = {**OFFER, "version": 1}
    assert client.put(f"/api/v1/matching/offers/{published.pk}", body, content_type="application/json",
                      **headers).status_code == 403
    response = client.put(f"/api/v1/matching/offers/{hidden.pk}", body, content_type="application/json", **headers)
    assert (response.status_code, response.json()["detail"]) == (
        404, "Aucune offre ni demande ne correspond à ce numéro.")
    assert client.get(f"/api/v1/matching/offers/{hidden.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/matching/offers/{hidden.pk}", **bearer("trois_rivieres")).status_code == 200


def test_an_unknown_theme_is_422_naming_the_field(client, bearer, lyon_profile, themes):
    response = client.post(f"/api/v1/matching/profiles/{lyon_profile.pk}/offers", {**OFFER, "themes": ["sport"]},
                           content_type="application/json", **bearer("lyon"))
    assert response.status_code == 422
    assert response.json()["errors"] == {"themes": ["« sport » ne désigne aucun élément d'un plan d'action."]}
