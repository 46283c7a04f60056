"""Logging in and out, resetting a forgotten password by e-mail, the profile page."""
import re

from django.core import mail


PASSWORD = "mot-de-passe-sûr-42"


def test_login_with_the_right_password_goes_to_next(client, personas):
    response = client.post(
        "/comptes/connexion/", {"username": "lyon", "password": PASSWORD, "next": "/comptes/profil/"}
    )
    assert response.status_code == 302 and response.url == "/comptes/profil/"
    assert client.get("/comptes/profil/").context["user"] == personas["lyon"]


def test_login_with_a_wrong_password_is_refused_in_french(client, personas):
    response = client.post("/comptes/connexion/", {"username": "lyon", "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert client.get("/comptes/profil/").status_code == 302


def test_login_does_not_redirect_outside_the_site(client, personas):
    response = client.post(
        "/comptes/connexion/", {"username": "lyon", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == "/mon-espace/"  # where logging in leads (dashboard.space)


def test_logout_is_a_post_that_ends_the_session(client, personas):
    client.force_login(personas["lyon"])
    assert client.get("/comptes/deconnexion/").status_code == 405
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/comptes/profil/").status_code == 302


def test_the_header_offers_logout_as_a_form(client, personas):
    client.force_login(personas["lyon"])
    content = client.get("/").content.decode()
    assert '<form method="post" action="/comptes/deconnexion/"' in content


def test_password_reset_by_email_then_login_with_the_new_password(client, personas):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "lyon@example.org"})
    assert response.status_code == 302 and response.url == "/comptes/mot-de-passe/oubli/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lyon@example.org"]
    assert message.subject == "Maillage : réinitialisation de votre mot de passe"
    assert "Votre identifiant : lyon" in message.body
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", message.body).group(1)

    form_url = client.get(link).url  # Django swaps the token for a session marker
    assert "Nouveau mot de passe" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "Érable-et-Platane-2026", "new_password2": "Érable-et-Platane-2026"})
    assert response.status_code == 302 and response.url == "/comptes/mot-de-passe/nouveau/termine/"

    refused = client.post("/comptes/connexion/", {"username": "lyon", "password": PASSWORD})
    assert refused.status_code == 200 and not refused.context["user"].is_authenticated
    response = client.post("/comptes/connexion/", {"username": "lyon", "password": "Érable-et-Platane-2026"})
    assert response.status_code == 302
    # The link served once: it is no longer valid.
    assert "Ce lien n'est plus valable" in client.get(link, follow=True).content.decode()


def test_a_weak_new_password_is_refused_in_french(client, personas):
    client.post("/comptes/mot-de-passe/oubli/", {"email": "lyon@example.org"})
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "Ce mot de passe est trop courant." in response.content.decode()


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, personas):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "personne@example.org"})
    assert response.url == "/comptes/mot-de-passe/oubli/envoye/"
    assert mail.outbox == []


def test_the_profile_lists_roles_and_edited_collectivities(client, personas):
    client.force_login(personas["trois_rivieres"])
    content = client.get("/comptes/profil/").content.decode()
    assert "Éditeur de collectivité" in content
    assert '<a href="/collectivites/qc/municipalite/37067/">Trois-Rivières</a>' in content
    client.force_login(personas["committee"])
    assert "Membre d'un comité" in client.get("/comptes/profil/").content.decode()
