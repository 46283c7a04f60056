"""Password guessing and password-reset floods are slowed down (accounts/throttling.py).

Logins: django-axes locks an account, and separately an IP address, after 5 failures
(LOGIN_FAILURE_LIMIT) for 15 minutes (LOGIN_COOLOFF_MINUTES); the secretariat unlocks.
Password-reset mails: at most 3 an hour per address, 10 per IP address. Axes keeps its
counts in the database (rolled back after each test); the reset counts are in the cache,
cleared around each test (accounts/tests/conftest.py).
"""
import html
from datetime import timedelta

from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone

PASSWORD = "mot-de-passe-sûr-42"
LOCKED = (
    "Trop de tentatives de connexion. Réessayez dans 15 minutes, "
    "ou demandez au secrétariat de débloquer le compte."
)


def log_in(client, username, password, **extra):
    return client.post("/comptes/connexion/", {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        log_in(client, username, "mauvais-mot-de-passe", **extra)


def test_four_failures_do_not_lock_the_account(client, personas):
    fail(client, "lyon", 4)
    assert log_in(client, "lyon", PASSWORD).status_code == 302


def test_after_five_failures_the_right_password_is_refused_in_french(client, personas):
    fail(client, "secretariat", 5)
    response = log_in(client, "secretariat", PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED in content
    # The site's layout and the login form, not axes' bare text.
    assert 'class="site-header"' in content and 'name="password"' in content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert client.get("/comptes/profil/").status_code == 302


def test_a_locked_account_is_locked_from_every_address(client, personas):
    fail(client, "lyon", 5, REMOTE_ADDR="198.51.100.7")
    response = log_in(client, "lyon", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_an_address_that_failed_five_times_is_locked_for_every_account(client, personas):
    for username in ("committee", "reviewer", "outsider", "inconnu", "trois_rivieres"):
        fail(client, username, 1, REMOTE_ADDR="198.51.100.7")
    response = log_in(client, "lyon", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # Lyon itself is not locked: from another address it logs in.
    assert log_in(client, "lyon", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, personas):
    fail(client, "lyon", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "lyon", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_client_address_is_the_one_the_proxy_saw(client, personas, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    fail(client, "lyon", 1, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
    settings.TRUST_X_FORWARDED_FOR = False
    fail(client, "lyon", 1, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7", "127.0.0.1"}


def test_the_secretariat_unlocks_an_account_from_the_users_list(client, personas):
    fail(client, "lyon", 5)
    assert log_in(client, "lyon", PASSWORD).status_code == 429

    secretariat = type(client)()
    assert not personas["secretariat"].is_superuser
    secretariat.force_login(personas["secretariat"])
    response = secretariat.post(
        "/admin/accounts/user/",
        {"action": "unlock", "_selected_action": [personas["lyon"].pk]},
        follow=True,
    )
    assert "Compte débloqué : lyon." in html.unescape(response.content.decode())

    assert log_in(client, "lyon", PASSWORD).status_code == 302


def test_the_secretariat_sees_and_deletes_access_attempts_in_the_admin(client, personas):
    fail(client, "lyon", 5)
    secretariat = type(client)()
    secretariat.force_login(personas["secretariat"])
    listing = secretariat.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "lyon" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="lyon")
    response = secretariat.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert log_in(client, "lyon", PASSWORD).status_code == 302


def test_editors_cannot_reach_the_access_attempts(client, personas):
    client.force_login(personas["lyon"])
    assert client.get("/admin/axes/accessattempt/").status_code == 302  # to the admin's login


def reset(client, email, **extra):
    return client.post("/comptes/mot-de-passe/oubli/", {"email": email}, **extra)


THROTTLED = "Trop de demandes de réinitialisation pour cette adresse ou depuis votre connexion"


def test_at_most_three_reset_mails_an_hour_per_address(client, personas):
    answers = [reset(client, "lyon@example.org") for _ in range(5)]
    assert len(mail.outbox) == 3
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429, 429]
    content = html.unescape(answers[3].content.decode())
    assert THROTTLED in content and "aucun courriel n'a été envoyé. Réessayez dans " in content
    assert 'class="site-header"' in content
    # Addresses are compared without case or surrounding spaces.
    assert reset(client, " LYON@example.org ").status_code == 429
    assert len(mail.outbox) == 3


def test_throttling_does_not_reveal_whether_an_address_has_an_account(client, personas):
    known = [reset(client, "lyon@example.org").status_code for _ in range(4)]
    unknown = [reset(client, "personne@example.org").status_code for _ in range(4)]
    assert known == unknown == [302, 302, 302, 429]


def test_reset_mails_are_capped_per_ip_address(client, personas, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    for username in ("lyon", "committee", "reviewer"):
        reset(client, f"{username}@example.org")
    assert [message.to for message in mail.outbox] == [["lyon@example.org"], ["committee@example.org"]]
    # Another address asks for the third one.
    assert reset(client, "reviewer@example.org", REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(mail.outbox) == 3
