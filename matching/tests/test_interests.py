"""Expressions of interest (matching.actions.signal_interest, answer_interest) and what
they share: the recipient's editors hear of it by e-mail; it is accepted or declined by
those who keep the recipient; the contacts of each party are shown to the other only once
it is accepted — on no page and in no API answer before."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from matching import actions
from matching.models import Interest

from .factories import make_exchange, make_posting

TR_CONTACTS = ("Jean Lamontagne", "jean.lamontagne@v3r.example", "Julie Côté", "julie.cote@v3r.example")
LYON_CONTACTS = ("Claire Martin", "claire.martin@lyon.example", "Paul Girard", "paul.girard@lyon.example")


def signal(personas, lyon_profile, tr_profile, capture, **fields):
    with capture(execute=True):
        return actions.signal_interest(sender=lyon_profile, recipient=tr_profile, by=personas["lyon"],
                                       site="https://maillage.example/", **fields)


def answer(personas, interest, capture, *, accept, text=""):
    with capture(execute=True):
        return actions.answer_interest(interest, by=personas["trois_rivieres"], accept=accept, answer=text,
                                       site="https://maillage.example/")


def test_the_recipients_editors_hear_of_an_interest_by_email(personas, lyon_profile, tr_profile, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    posting = make_posting(tr_profile)
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks,
                      message="Nos ateliers vous attendent.", posting=posting)
    assert interest.status == Interest.Status.PENDING and interest.sent_by == personas["lyon"]
    assert [mail.to for mail in mailoutbox] == [["trois_rivieres@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == "Maillage : Lyon s'intéresse à Trois-Rivières"
    assert "Nos ateliers vous attendent." in mail.body and posting.title in mail.body
    assert f"https://maillage.example/partenaires/interets/{interest.pk}/" in mail.body
    # The recipient learns who wrote, not the sender's contacts (nothing is shared yet).
    assert not any(contact in mail.body for contact in LYON_CONTACTS)


def test_the_page_signals_interest_and_mails_the_recipient(client, personas, lyon_profile, tr_profile, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    client.force_login(personas["lyon"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/partenaires/profils/{tr_profile.pk}/interet/",
                               {"sender": lyon_profile.pk, "message": "Bonjour"})
    interest = Interest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/partenaires/interets/{interest.pk}/"
    assert (interest.sender, interest.recipient, interest.message) == (lyon_profile, tr_profile, "Bonjour")
    assert [mail.to for mail in mailoutbox] == [["trois_rivieres@example.org"]]


def test_a_second_interest_is_refused_while_an_answer_is_awaited(personas, lyon_profile, tr_profile, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="a déjà signalé son intérêt à Trois-Rivières"):
        signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    # From the other side, Trois-Rivières is told to answer instead.
    with pytest.raises(ValidationError, match="vous a déjà signalé son intérêt"):
        actions.signal_interest(sender=tr_profile, recipient=lyon_profile, by=personas["trois_rivieres"])
    assert Interest.objects.count() == 1 and len(mailoutbox) == 1


def test_a_profile_closed_to_partners_receives_no_interest(personas, lyon_profile, tr_profile, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    tr_profile.is_open = False
    tr_profile.save()
    with pytest.raises(ValidationError, match="n'accueille pas de nouveaux partenaires"):
        signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    assert not Interest.objects.exists() and mailoutbox == []


def test_nobody_signals_interest_in_the_name_of_a_profile_they_do_not_keep(personas, lyon_profile, tr_profile):
    for persona in ("trois_rivieres", "committee", "outsider"):
        with pytest.raises(PermissionDenied, match="au nom de Lyon"):
            actions.signal_interest(sender=lyon_profile, recipient=tr_profile, by=personas[persona])
    assert not Interest.objects.exists()


def test_a_posting_of_another_profile_is_refused(personas, lyon_profile, tr_profile, organisation_profile):
    other = make_posting(organisation_profile)
    with pytest.raises(ValidationError, match="n'est pas de Trois-Rivières"):
        actions.signal_interest(sender=lyon_profile, recipient=tr_profile, by=personas["lyon"], posting=other)


def test_accepting_shares_the_contacts_and_tells_the_sender(personas, lyon_profile, tr_profile, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    answer(personas, interest, django_capture_on_commit_callbacks, accept=True, text="Avec plaisir.")
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED
    assert interest.answered_by == personas["trois_rivieres"] and interest.answered_at is not None
    assert [mail.to for mail in mailoutbox] == [["lyon@example.org"]]
    assert mailoutbox[0].subject == "Maillage : Trois-Rivières accepte l'intérêt de Lyon"
    assert "Avec plaisir." in mailoutbox[0].body


def test_declining_tells_the_sender_and_allows_a_new_interest_later(personas, lyon_profile, tr_profile, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    answer(personas, interest, django_capture_on_commit_callbacks, accept=False)
    assert Interest.objects.get().status == Interest.Status.DECLINED
    assert mailoutbox[-1].to == ["lyon@example.org"] and "décline" in mailoutbox[-1].subject
    again = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    assert again.status == Interest.Status.PENDING and Interest.objects.count() == 2


def test_an_interest_is_answered_once_and_only_by_the_recipients_keepers(personas, lyon_profile, tr_profile,
                                                                         django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    for persona in ("lyon", "committee", "outsider"):
        with pytest.raises(PermissionDenied, match="Trois-Rivières"):
            actions.answer_interest(interest, by=personas[persona], accept=True)
    answer(personas, interest, django_capture_on_commit_callbacks, accept=True)
    with pytest.raises(ValidationError, match="a déjà reçu une réponse : « Acceptée »"):
        actions.answer_interest(Interest.objects.get(), by=personas["secretariat"], accept=False)
    assert Interest.objects.get().status == Interest.Status.ACCEPTED


def test_the_answer_page_accepts_and_the_sender_cannot_answer(client, personas, lyon_profile, tr_profile,
                                                              django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    client.force_login(personas["lyon"])
    url = f"/partenaires/interets/{interest.pk}/reponse/"
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(personas["trois_rivieres"])
    response = client.post(url, {"decision": "accept", "answer": "Oui"})
    assert response.status_code == 302 and Interest.objects.get().status == Interest.Status.ACCEPTED
    # A second answer (from a page opened before the first) is refused, in French.
    response = client.post(url, {"decision": "decline"}, follow=True)
    assert response.redirect_chain == [(f"/partenaires/interets/{interest.pk}/", 302)]
    assert "a déjà reçu une réponse : « Acceptée »" in response.content.decode()
    assert Interest.objects.get().status == Interest.Status.ACCEPTED


def _pages(ids):
    return [f"/partenaires/profils/{ids['tr']}/", f"/partenaires/profils/{ids['lyon']}/",
            f"/partenaires/interets/{ids['interest']}/", "/partenaires/", "/partenaires/bourse/",
            f"/partenaires/bourse/{ids['posting']}/", "/partenaires/echanges/",
            f"/partenaires/echanges/{ids['exchange']}/", "/partenaires/mon-espace/",
            "/partenaires/suggestions/?side=fr&code=69123", "/api/v1/matching/offers",
            "/api/v1/matching/suggestions?side=fr&code=69123", "/api/v1/matching/suggestions?side=qc&code=37067"]


def _leaks(client, ids, contacts) -> list[str]:
    found = []
    for url in _pages(ids):
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode()
        found += [f"{url}: {contact}" for contact in contacts if contact in body]
    return found


def test_contacts_are_shared_only_on_acceptance(client, personas, lyon_profile, tr_profile,
                                                django_capture_on_commit_callbacks):
    ids = {"tr": tr_profile.pk, "lyon": lyon_profile.pk, "posting": make_posting(tr_profile).pk,
           "exchange": make_exchange(tr_profile).pk}
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    ids["interest"] = interest.pk
    # Pending: neither party, nor the committee, nor the public reads the other's contacts.
    client.force_login(personas["lyon"])
    assert _leaks(client, ids, TR_CONTACTS) == []
    client.force_login(personas["trois_rivieres"])
    assert _leaks(client, ids, LYON_CONTACTS) == []
    client.force_login(personas["committee"])
    assert _leaks(client, ids, TR_CONTACTS + LYON_CONTACTS) == []
    client.logout()
    assert _leaks(client, ids, TR_CONTACTS + LYON_CONTACTS) == []
    # Each party keeps seeing its own (the check above can fail).
    client.force_login(personas["trois_rivieres"])
    assert _leaks(client, ids, TR_CONTACTS[:2]) != []

    answer(personas, interest, django_capture_on_commit_callbacks, accept=True)
    client.force_login(personas["lyon"])
    for url in (f"/partenaires/profils/{tr_profile.pk}/", f"/partenaires/interets/{interest.pk}/"):
        body = client.get(url).content.decode()
        assert all(contact in body for contact in TR_CONTACTS), url
    client.force_login(personas["trois_rivieres"])
    body = client.get(f"/partenaires/profils/{lyon_profile.pk}/").content.decode()
    assert all(contact in body for contact in LYON_CONTACTS)
    # Still nobody else, the committee included.
    client.force_login(personas["committee"])
    assert _leaks(client, ids, TR_CONTACTS + LYON_CONTACTS) == []
    client.force_login(personas["outsider"])
    assert _leaks(client, ids, TR_CONTACTS + LYON_CONTACTS) == []


def test_a_declined_interest_shares_no_contact(client, personas, lyon_profile, tr_profile,
                                               django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    answer(personas, interest, django_capture_on_commit_callbacks, accept=False)
    ids = {"tr": tr_profile.pk, "lyon": lyon_profile.pk, "posting": make_posting(tr_profile).pk,
           "exchange": make_exchange(tr_profile).pk, "interest": interest.pk}
    client.force_login(personas["lyon"])
    assert _leaks(client, ids, TR_CONTACTS) == []


def test_every_step_of_an_interest_is_in_its_history(personas, lyon_profile, tr_profile,
                                                     django_capture_on_commit_callbacks):
    interest = signal(personas, lyon_profile, tr_profile, django_capture_on_commit_callbacks)
    answer(personas, interest, django_capture_on_commit_callbacks, accept=True)
    steps = list(interest.history.order_by("history_date", "history_id").values_list(
        "history_type", "status", "history_user__username"))
    assert steps == [("+", "en_attente", "lyon"), ("~", "acceptee", "trois_rivieres")]
