"""Every write of the matchmaking, each in one transaction with keyword-only arguments,
each checking the role of `by` (matching/access.py): profiles, postings of the bourse,
staff exchanges, and expressions of interest (signalled, then accepted or declined).

Edits are refused when the record changed since the version the form read
(core.locking.claim_version raises VersionConflict); every change is kept in the model's
history with its author. The e-mails of an expression of interest leave once its
transaction is committed (`transaction.on_commit`): an interest that fails to be saved
sends nothing, and a refused address does not undo the interest.
"""
from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from core.locking import claim_version
from projects.models import Organisation
from territories.models import Collectivity

from .access import check_keeps_profile, keeps_profile, sender_choices
from .models import Interest, Posting, Profile, StaffExchange

logger = logging.getLogger(__name__)
SIGNATURE = "— Maillage, coopération décentralisée franco-québécoise"


def _write(instance: models.Model, *, by, version: int | None, fields: dict) -> models.Model:
    """Set `fields` (many-to-many ones given as lists or querysets) on `instance`, validate
    and save it with `by` as the author of its history, claiming `version` first when the
    record exists."""
    model = type(instance)
    m2m = {name: value for name, value in fields.items() if model._meta.get_field(name).many_to_many}
    if instance.pk is not None:
        claim_version(instance, version, fields=list(fields) or None)
    for name, value in fields.items():
        if name not in m2m:
            setattr(instance, name, value)
    instance.full_clean()
    instance._history_user = by
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    return instance


# Profiles.

@transaction.atomic
def create_profile(*, by, collectivity: Collectivity | None = None, organisation: Organisation | None = None,
                   **fields) -> Profile:
    """The profile of `collectivity` (by one of its editors or the secretariat) or of
    `organisation` (by the secretariat); refused if it already has one."""
    if (collectivity is None) == (organisation is None):
        raise ValidationError(_("Un profil appartient à une collectivité ou à une organisation, pas aux deux."))
    profile = Profile(collectivity=collectivity, organisation=organisation,
                      side=collectivity.side if collectivity else _organisation_side(organisation))
    check_keeps_profile(by, profile)
    owner = collectivity or organisation
    if Profile.objects.filter(**({"collectivity": collectivity} if collectivity else {"organisation": organisation})).exists():
        raise ValidationError(_("%(name)s a déjà un profil de coopération : modifiez-le.") % {"name": owner.name})
    return _write(profile, by=by, version=None, fields=fields)


def _organisation_side(organisation: Organisation) -> str:
    return {"FR": "fr", "CA": "qc"}.get(organisation.country.upper(), "other")


@transaction.atomic
def save_profile(profile: Profile, *, by, version: int | None, **fields) -> Profile:
    check_keeps_profile(by, profile)
    return _write(profile, by=by, version=version, fields=fields)


# The bourse and the staff exchanges.

@transaction.atomic
def create_posting(profile: Profile, *, by, **fields) -> Posting:
    check_keeps_profile(by, profile)
    return _write(Posting(profile=profile, created_by=by), by=by, version=None, fields=fields)


@transaction.atomic
def save_posting(posting: Posting, *, by, version: int | None, **fields) -> Posting:
    check_keeps_profile(by, posting.profile)
    return _write(posting, by=by, version=version, fields=fields)


@transaction.atomic
def create_exchange(profile: Profile, *, by, **fields) -> StaffExchange:
    check_keeps_profile(by, profile)
    return _write(StaffExchange(profile=profile, created_by=by), by=by, version=None, fields=fields)


@transaction.atomic
def save_exchange(exchange: StaffExchange, *, by, version: int | None, **fields) -> StaffExchange:
    check_keeps_profile(by, exchange.profile)
    return _write(exchange, by=by, version=version, fields=fields)


# Expressions of interest.

def keepers_emails(profile: Profile) -> list[str]:
    """Who hears of what happens to `profile`: its collectivity's editors; for an
    organisation's profile, the secretariat, which keeps it."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if profile.collectivity_id:
        users = users.filter(pk__in=Membership.objects.filter(collectivity_id=profile.collectivity_id).values("user_id"))
    else:
        users = users.filter(is_secretariat=True)
    return sorted(set(users.values_list("email", flat=True)))


def _mail_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    def send():
        for address in recipients:
            try:
                EmailMessage(subject, body, to=[address]).send()
            except Exception:  # noqa: BLE001 — one refused address must not keep the others from hearing
                logger.exception("Matching e-mail to %s not sent", address)

    if recipients:
        transaction.on_commit(send)


def _link(site: str, interest: Interest) -> str:
    return site.rstrip("/") + reverse("matching:interest_detail", args=[interest.pk])


@transaction.atomic
def signal_interest(*, sender: Profile, recipient: Profile, by, message: str = "", posting: Posting | None = None,
                    staff_exchange: StaffExchange | None = None, site: str = "") -> Interest:
    """`sender` (a profile `by` may signal from: access.sender_choices) tells `recipient`
    of its interest, about one of its postings or staff exchanges if given; the editors of
    the recipient hear of it by e-mail. Refused while an answer is awaited between the two,
    once they are connected, and when the recipient is not open to new partners."""
    if not keeps_profile(by, sender) or not sender_choices(by, recipient).filter(pk=sender.pk).exists():
        raise PermissionDenied(_("Vous ne pouvez pas signaler d'intérêt au nom de %(name)s.") % {"name": sender.name})
    for item, label in ((posting, _("Cette offre ou demande")), (staff_exchange, _("Cet échange"))):
        if item is not None and item.profile_id != recipient.pk:
            raise ValidationError(_("%(item)s n'est pas de %(name)s.") % {"item": label, "name": recipient.name})
    # Two requests at once would both pass the checks below: the recipient's row is locked
    # on PostgreSQL (on SQLite, writers are serialised anyway).
    Profile.objects.select_for_update().filter(pk=recipient.pk).first()
    if not recipient.is_open:
        raise ValidationError(_("%(name)s n'accueille pas de nouveaux partenaires pour le moment.") % {
            "name": recipient.name})
    existing = Interest.objects.between(sender, recipient).exclude(status=Interest.Status.DECLINED).first()
    if existing is not None and existing.status == Interest.Status.ACCEPTED:
        raise ValidationError(_("%(sender)s et %(recipient)s sont déjà en relation : leurs contacts sont partagés.") % {
            "sender": sender.name, "recipient": recipient.name})
    if existing is not None and existing.sender_id == sender.pk:
        raise ValidationError(_("%(sender)s a déjà signalé son intérêt à %(recipient)s : la réponse est attendue.") % {
            "sender": sender.name, "recipient": recipient.name})
    if existing is not None:
        raise ValidationError(_("%(recipient)s vous a déjà signalé son intérêt : répondez-lui plutôt.") % {
            "recipient": recipient.name})
    interest = Interest(sender=sender, recipient=recipient, message=message, posting=posting,
                        staff_exchange=staff_exchange, sent_by=by)
    interest.full_clean()
    interest._history_user = by
    interest.save()
    about = posting.title if posting else (staff_exchange.post if staff_exchange else "")
    body = "\n\n".join(part for part in (
        _("%(sender)s souhaite entrer en relation avec %(recipient)s.") % {
            "sender": sender.name, "recipient": recipient.name},
        _("À propos de : %(about)s") % {"about": about} if about else "",
        _("Son message :\n%(message)s") % {"message": message} if message else "",
        _("Acceptez ou déclinez sur Maillage : %(link)s\nEn acceptant, chacun voit les contacts de l'autre "
          "(l'élu et le professionnel).") % {"link": _link(site, interest)},
        SIGNATURE) if part)
    _mail_on_commit(_("Maillage : %(sender)s s'intéresse à %(recipient)s") % {
        "sender": sender.name, "recipient": recipient.name}, body, keepers_emails(recipient))
    return interest


@transaction.atomic
def answer_interest(interest: Interest, *, by, accept: bool, answer: str = "", site: str = "") -> Interest:
    """Accept (contacts are shared from now on) or decline a pending expression of
    interest, by those who keep its recipient; the sender's editors hear of it."""
    check_keeps_profile(by, interest.recipient)
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.status != Interest.Status.PENDING:
        raise ValidationError(_("Cette manifestation d'intérêt a déjà reçu une réponse : « %(status)s ».") % {
            "status": locked.get_status_display()})
    interest.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    interest.answer, interest.answered_by, interest.answered_at = answer, by, timezone.now()
    interest._history_user = by
    interest.save()
    names = {"sender": interest.sender.name, "recipient": interest.recipient.name}
    if accept:
        subject = _("Maillage : %(recipient)s accepte l'intérêt de %(sender)s") % names
        first = _("%(recipient)s accepte d'entrer en relation avec %(sender)s : vos contacts sont désormais "
                  "partagés.") % names
    else:
        subject = _("Maillage : %(recipient)s décline l'intérêt de %(sender)s") % names
        first = _("%(recipient)s décline pour le moment l'intérêt de %(sender)s.") % names
    body = "\n\n".join(part for part in (
        first, _("Sa réponse :\n%(answer)s") % {"answer": answer} if answer else "",
        _("Sur Maillage : %(link)s") % {"link": _link(site, interest)}, SIGNATURE) if part)
    _mail_on_commit(subject, body, keepers_emails(interest.sender))
    return interest
