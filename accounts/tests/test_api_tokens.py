"""API tokens: issued by the secretariat in the admin (the secret shown once, only its digest
stored), revoked there, listed (without secret) on their holder's profile."""
import datetime
import hashlib
import re

import pytest
from django.utils import timezone

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ADD = "/admin/accounts/apitoken/add/"
CHANGELIST = "/admin/accounts/apitoken/"


def _issue_in_the_admin(client, personas, **fields):
    client.force_login(personas["secretariat"])
    return client.post(ADD, {"user": personas["lyon"].pk, "label": "Import de la Métropole", **fields})


def test_the_admin_shows_the_secret_once_and_stores_only_its_digest(client, personas):
    response = _issue_in_the_admin(client, personas)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = re.search(r'<code id="api-token-secret">([^<]+)</code>', page).group(1)
    assert len(secret) == 43 and "il ne sera plus jamais affiché" in page
    token = ApiToken.objects.get()
    assert (token.user, token.created_by, token.label) == (personas["lyon"], personas["secretariat"],
                                                          "Import de la Métropole")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest() and token.prefix == secret[:8]
    # Nowhere else: neither the record, its change page, the list, nor the next page's messages.
    assert secret not in {getattr(token, field.attname) for field in ApiToken._meta.concrete_fields}
    for url in (f"{CHANGELIST}{token.pk}/change/", CHANGELIST):
        body = client.get(url).content.decode()
        assert secret not in body and f"{secret[:8]}…" in body, url
    client.force_login(personas["lyon"])
    body = client.get("/comptes/profil/").content.decode()
    assert secret not in body and f"{secret[:8]}…" in body
    # The secret works, once shown.
    assert client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_each_token_has_its_own_secret(personas):
    first = ApiToken.objects.issue(personas["lyon"], label="Un", by=None)[1]
    second = ApiToken.objects.issue(personas["lyon"], label="Deux", by=None)[1]
    assert first != second
    assert ApiToken.objects.values("digest").distinct().count() == 2


def test_an_expiry_is_set_at_issue_and_the_holder_is_fixed_afterwards(client, personas):
    _issue_in_the_admin(client, personas, expires_at_0="2030-01-31", expires_at_1="12:00:00")
    token = ApiToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == datetime.date(2030, 1, 31)
    response = client.post(f"{CHANGELIST}{token.pk}/change/", {"user": personas["outsider"].pk, "label": "Renommé"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert (token.user, token.label) == (personas["lyon"], "Renommé")


def test_the_revoke_action_refuses_the_token_from_then_on(client, personas):
    secret = ApiToken.objects.issue(personas["lyon"], label="Script", by=personas["secretariat"])[1]
    other = ApiToken.objects.issue(personas["trois_rivieres"], label="Autre", by=personas["secretariat"])[0]
    client.force_login(personas["secretariat"])
    token = ApiToken.objects.get(label="Script")
    response = client.post(CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "1 jeton révoqué" in response.content.decode()
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_by == personas["secretariat"] and token.revoked_at is not None
    assert other.revoked_at is None
    client.logout()
    response = client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (response.status_code, response.json()["detail"]) == (401, "Ce jeton d'API a été révoqué.")


def test_revoking_again_keeps_the_first_revocation(personas):
    token = ApiToken.objects.issue(personas["lyon"], label="Script", by=None)[0]
    token.revoke(by=personas["secretariat"])
    first = token.revoked_at
    token.revoke(by=None)
    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_by) == (first, personas["secretariat"])


def test_only_the_secretariat_issues_tokens(client, personas):
    client.force_login(personas["lyon"])
    response = client.post(ADD, {"user": personas["lyon"].pk, "label": "Le mien"})
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert not ApiToken.objects.exists()


def test_the_profile_lists_the_holders_own_tokens_without_their_secrets(client, personas):
    mine, secret = ApiToken.objects.issue(personas["lyon"], label="Tableau de la Métropole", by=None)
    revoked = ApiToken.objects.issue(personas["lyon"], label="Ancien script", by=None)[0]
    revoked.revoke(by=personas["secretariat"])
    ApiToken.objects.issue(personas["trois_rivieres"], label="Celui de Trois-Rivières", by=None)
    client.force_login(personas["lyon"])
    page = client.get("/comptes/profil/").content.decode()
    assert "Tableau de la Métropole" in page and f"{mine.prefix}…" in page and "Ancien script" in page
    assert "Révoqué le" in page
    assert "Celui de Trois-Rivières" not in page and secret not in page
    client.force_login(personas["outsider"])
    assert "Vous n'avez aucun jeton d'API." in client.get("/comptes/profil/").content.decode()
