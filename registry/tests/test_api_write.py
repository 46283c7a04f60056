"""Writing agreements and twinnings through the API (registry/api_write.py): a token, the
pages' permissions (registry/access.py), forms and actions, optimistic locking, the history
under the token's holder, French errors naming the field."""
import pytest

from accounts.models import ApiToken
from registry.models import Agreement, AgreementParty, Twinning

from .records_data import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas):
    def issue(persona):
        return ApiToken.objects.issue(personas[persona], label="Script", by=personas["secretariat"])[1]
    return issue


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def send(client, method, path, body, secret=None):
    return getattr(client, method)(path, body, content_type="application/json", **(bearer(secret) if secret else {}))


NEW_AGREEMENT = {"title": "Entente culturelle Lyon – Trois-Rivières", "kind": "entente", "signed_on": "2024-05-02",
                 "themes": ["tourisme"], "pistes": ["dd-1"],
                 "parties": [{"collectivity": "fr:69123", "signatory": "Le maire"}, {"collectivity": "Trois-Rivières"}]}
NEW_TWINNING = {"french": "fr:69266", "quebec": "qc:37067", "since_year": 2001, "themes": ["tourisme"],
                "committees": [{"side": "fr", "name": "Comité de jumelage de Villeurbanne"}]}


def agreement_fields(agreement: Agreement, **changes) -> dict:
    return {"title": agreement.title, "kind": agreement.kind, "status": agreement.status,
            "signed_on": None, "since_year": agreement.since_year, "valid_from": None, "valid_until": None,
            "until_year": None, "renews": None, "sequence": None, "themes": [], "pistes": [], "summary": "",
            "notes": "", "is_published": agreement.is_published, "source": "",
            "parties": [{"collectivity": "fr:69123"}, {"collectivity": "qc:37067"}],
            "version": agreement.version, **changes}


def twinning_fields(twinning: Twinning, **changes) -> dict:
    return {"kind": twinning.kind, "french": f"fr:{twinning.french.code}", "quebec": f"qc:{twinning.quebec.code}",
            "since_year": twinning.since_year, "since": None, "until_year": None, "until": None,
            "status": twinning.status, "last_exchange": None, "themes": [], "notes": "",
            "is_published": twinning.is_published, "source": "", "committees": [], "version": twinning.version,
            **changes}


# Agreements.

@pytest.mark.parametrize("persona", ["secretariat", "lyon"])
def test_the_secretariat_and_an_editor_of_a_party_create_an_agreement(client, token, records, personas, persona):
    response = send(client, "post", "/api/v1/agreements", NEW_AGREEMENT, token(persona))
    assert response.status_code == 201, response.json()
    body = response.json()
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.title == NEW_AGREEMENT["title"] and agreement.since_year == 2024
    assert [(p.collectivity.code, p.signatory) for p in agreement.parties.order_by("side")] == [
        ("69123", "Le maire"), ("37067", "")]
    assert [t.slug for t in agreement.themes.all()] == ["tourisme"] and body["pistes"] == ["dd-1"]
    assert body["version"] == agreement.version and [p["code"] for p in body["parties"]] == ["69123", "37067"]
    # The history names the token's holder, as it names the author of a page's form.
    assert agreement.history.earliest().history_user == personas[persona]
    assert AgreementParty.history.filter(agreement_id=agreement.pk, history_user=personas[persona]).count() == 2


def test_an_editor_of_another_collectivity_gets_403_creating(client, token, records):
    body = {**NEW_AGREEMENT, "parties": [{"collectivity": "fr:69266"}, {"collectivity": "qc:94068"}]}
    response = send(client, "post", "/api/v1/agreements", body, token("lyon"))
    assert response.status_code == 403
    assert "Vous n'éditez aucune des collectivités parties" in response.json()["detail"]
    response = send(client, "post", "/api/v1/agreements", NEW_AGREEMENT, token("outsider"))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Seuls les éditeurs d'une collectivité")
    assert not Agreement.objects.filter(title=NEW_AGREEMENT["title"]).exists()


def test_without_a_token_a_write_is_401_even_with_a_session(client, records, personas):
    assert send(client, "post", "/api/v1/agreements", NEW_AGREEMENT).status_code == 401
    client.force_login(personas["secretariat"])
    response = send(client, "post", "/api/v1/agreements", NEW_AGREEMENT)
    assert response.status_code == 401 and "jeton d'API" in response.json()["detail"]
    agreement = records["lyon_tr"]
    assert send(client, "put", f"/api/v1/agreements/{agreement.pk}", agreement_fields(agreement)).status_code == 401


def test_422_names_the_field_in_french(client, token, records):
    body = {**NEW_AGREEMENT, "valid_from": "2024-06-01", "valid_until": "2023-01-01", "themes": ["inconnu"]}
    response = send(client, "post", "/api/v1/agreements", body, token("secretariat"))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["themes"] == ["« inconnu » ne désigne aucun élément d'un plan d'action."]
    assert "Champ « themes » : « inconnu »" in response.json()["detail"]
    # The rule the action checks (the end before the start) is named by its field too.
    response = send(client, "post", "/api/v1/agreements", {**body, "themes": []}, token("secretariat"))
    assert response.status_code == 422
    assert "themes" not in response.json()["errors"]
    assert response.json()["errors"]["valid_until"] == ["La fin (1er janv. 2023) précède le début (2 mai 2024)."]


def test_422_on_the_parties_names_the_party_and_its_field(client, token, records):
    body = {**NEW_AGREEMENT, "parties": [{"collectivity": "fr:00000"}, {"collectivity": "qc:37067"}]}
    response = send(client, "post", "/api/v1/agreements", body, token("secretariat"))
    assert response.status_code == 422
    assert response.json()["errors"]["parties"] == [
        "Partie 1, « collectivity » : Aucune collectivité ne correspond à « fr:00000 »."]
    # Both sides are required: the action's rule, under `parties`.
    body = {**NEW_AGREEMENT, "parties": [{"collectivity": "fr:69123"}]}
    response = send(client, "post", "/api/v1/agreements", body, token("secretariat"))
    assert response.status_code == 422
    assert "au moins une partie française et une partie québécoise" in response.json()["errors"]["parties"][0]


def test_an_editor_of_a_party_changes_the_agreement_at_the_version_read(client, token, records, personas):
    agreement = records["lyon_tr"]
    secret = token("trois_rivieres")
    read = client.get(f"/api/v1/agreements/{agreement.pk}", **bearer(secret)).json()
    parties_before = set(agreement.parties.values_list("pk", flat=True))
    body = agreement_fields(agreement, title="Protocole renouvelé", status="en_vigueur", version=read["version"],
                            parties=[{"collectivity": "fr:69123"}, {"collectivity": "qc:37067", "signatory": "Le maire"},
                                     {"kind": "gouvernement", "side": "qc", "name": "Gouvernement du Québec"}])
    response = send(client, "put", f"/api/v1/agreements/{agreement.pk}", body, secret)
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == read["version"] + 1 and response.json()["status"] == "en_vigueur"
    agreement.refresh_from_db()
    assert agreement.title == "Protocole renouvelé"
    # The two parties already there are kept (changed), the government is added.
    assert parties_before < set(agreement.parties.values_list("pk", flat=True))
    assert agreement.parties.get(collectivity__code="37067").signatory == "Le maire"
    latest = agreement.history.latest()
    assert (latest.history_type, latest.history_user, latest.title) == ("~", personas["trois_rivieres"],
                                                                          "Protocole renouvelé")


def test_a_stale_version_is_409_in_french(client, token, records):
    agreement = records["lyon_tr"]
    stale = agreement.version
    first = send(client, "put", f"/api/v1/agreements/{agreement.pk}",
                 agreement_fields(agreement, title="Par le secrétariat"), token("secretariat"))
    assert first.status_code == 200
    response = send(client, "put", f"/api/v1/agreements/{agreement.pk}",
                    agreement_fields(agreement, title="Par Lyon", version=stale), token("lyon"))
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == stale + 1
    assert "secretariat" in body["detail"] and "« Protocole Lyon – Trois-Rivières » → « Par le secrétariat »" in \
        body["detail"]
    agreement.refresh_from_db()
    assert agreement.title == "Par le secrétariat"


def test_changing_an_agreement_of_others_is_403_and_a_hidden_one_404(client, token, records):
    published = records["ra7"]  # Rhône-Alpes's, published: Lyon reads it
    response = send(client, "put", f"/api/v1/agreements/{published.pk}", agreement_fields(published), token("lyon"))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Seuls les éditeurs des collectivités parties")
    hidden = records["ra9"]
    response = send(client, "put", f"/api/v1/agreements/{hidden.pk}", agreement_fields(hidden), token("lyon"))
    assert response.status_code == 404


def test_a_replacement_names_every_field(client, token, records):
    agreement = records["lyon_tr"]
    body = agreement_fields(agreement)
    del body["status"], body["version"]
    response = send(client, "put", f"/api/v1/agreements/{agreement.pk}", body, token("lyon"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status", "version"}
    assert "Champ « status » : champ obligatoire." in response.json()["detail"]


# Twinnings.

@pytest.mark.parametrize("persona", ["secretariat", "trois_rivieres"])
def test_the_secretariat_and_an_editor_of_a_side_create_a_twinning(client, token, records, personas, persona):
    response = send(client, "post", "/api/v1/twinnings", NEW_TWINNING, token(persona))
    assert response.status_code == 201, response.json()
    twinning = Twinning.objects.get(pk=response.json()["id"])
    assert (twinning.french.code, twinning.quebec.code, twinning.since_year) == ("69266", "37067", 2001)
    assert [c.name for c in twinning.committees.all()] == ["Comité de jumelage de Villeurbanne"]
    assert response.json()["committees"][0]["name"] == "Comité de jumelage de Villeurbanne"
    assert twinning.history.earliest().history_user == personas[persona]


def test_an_editor_of_neither_side_gets_403_creating_a_twinning(client, token, records):
    response = send(client, "post", "/api/v1/twinnings", {**NEW_TWINNING, "quebec": "qc:94068"}, token("lyon"))
    assert response.status_code == 403
    assert "Vous n'éditez aucune des deux collectivités" in response.json()["detail"]
    assert not Twinning.objects.filter(french__code="69266", quebec__code="94068").exists()


def test_a_twinning_twice_or_of_the_wrong_side_is_422_naming_the_field(client, token, records):
    # Lyon – Trois-Rivières, a pacte d'amitié, is already there: the form's uniqueness check.
    response = send(client, "post", "/api/v1/twinnings",
                    {"kind": "amitie", "french": "fr:69123", "quebec": "qc:37067"}, token("lyon"))
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Un objet Jumelage avec ces champs Nature, Collectivité française et Collectivité québécoise existe déjà."]
    response = send(client, "post", "/api/v1/twinnings", {**NEW_TWINNING, "quebec": "fr:69123"}, token("secretariat"))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["quebec"]
    response = send(client, "post", "/api/v1/twinnings",
                    {**NEW_TWINNING, "committees": [{"side": "fr", "name": "Comité", "website": "pas une adresse"}]},
                    token("secretariat"))
    assert response.status_code == 422
    assert response.json()["errors"]["committees"][0].startswith("Comité 1, « website » : ")


def test_an_editor_changes_a_twinning_and_its_committees(client, token, records, personas):
    twinning = records["chicoutimi"]  # unpublished, Villeurbanne – Chicoutimi: Saguenay's editor answers for it
    editor = personas["secretariat"]
    kept = twinning.committees.get(side="fr")
    body = twinning_fields(twinning, status="actif", last_exchange="2024-09-01", committees=[
        {"side": "fr", "name": kept.name, "contact_name": "Paul Durand"}])
    response = send(client, "put", f"/api/v1/twinnings/{twinning.pk}", body, token("secretariat"))
    assert response.status_code == 200, response.json()
    twinning.refresh_from_db()
    assert (twinning.status, str(twinning.last_exchange)) == ("actif", "2024-09-01")
    assert list(twinning.committees.values_list("pk", "contact_name")) == [(kept.pk, "Paul Durand")]
    assert twinning.history.latest().history_user == editor


def test_a_twinning_stale_version_is_409_and_others_403(client, token, records):
    twinning = records["lyon"]
    stale = twinning.version
    assert send(client, "put", f"/api/v1/twinnings/{twinning.pk}", twinning_fields(twinning, status="dormant"),
                token("lyon")).status_code == 200
    response = send(client, "put", f"/api/v1/twinnings/{twinning.pk}",
                    twinning_fields(twinning, version=stale), token("trois_rivieres"))
    assert response.status_code == 409 and response.json()["current_version"] == stale + 1
    assert "Activité : « Actif » → « En sommeil »" in response.json()["detail"]
    annecy = records["annecy"]  # published, Annecy-le-Vieux – Lévis
    response = send(client, "put", f"/api/v1/twinnings/{annecy.pk}", twinning_fields(
        annecy, french="fr:74011", quebec=f"qc:{annecy.quebec.code}"), token("lyon"))
    assert response.status_code == 403


def test_the_writes_are_documented_in_french(client):
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/agreements"]["post"]
    put = schema["paths"]["/api/v1/twinnings/{twinning_id}"]["put"]
    assert (post["summary"], post["tags"]) == ("Enregistrer une entente", ["Ententes"])
    assert (put["summary"], put["tags"]) == ("Modifier un jumelage", ["Jumelages"])
    assert {"201", "401", "403", "422"} <= set(post["responses"]) and "409" in put["responses"]
    assert post["security"] == [{"BearerToken": []}]
