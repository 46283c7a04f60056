"""Who may read and change the records of the matchmaking (docs/roles.md).

- A cooperation profile is kept by its collectivity's editors (accounts.Membership) and by
  the secretariat; an organisation's profile (projects.Organisation: enterprises, research
  centres, associations, which have no accounts) is kept by the secretariat alone.
  Reading: `Profile.objects.visible_to(user)`; a profile you cannot see is a 404, one you
  see but do not keep is a 403 on its forms.
- Its contacts (the elected official and the professional) are shown to those who keep it,
  to the secretariat and, once an expression of interest between them is accepted, to the
  editors of the other profile (`can_see_contacts`). Nobody else, the committees included.
- Postings of the bourse and staff exchanges belong to a profile and are kept by those who
  keep it; `Posting.objects.visible_to(user)` and `StaffExchange.objects.visible_to(user)`.
- An expression of interest is read by the editors of its two profiles, the secretariat
  and the committees (`Interest.objects.visible_to`); it is signalled from a profile the user keeps
  (`sender_choices`) and answered by those who keep its recipient (`can_answer`).
- The connections page (every expression of interest and what came of it) is for the
  secretariat and the committees (`can_read_connections`).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.collation import french
from projects.access import acts_as_secretariat

from .models import Interest, Posting, Profile, StaffExchange


def keeps_profile(user, profile: Profile) -> bool:
    """Whether `user` changes `profile` and what belongs to it."""
    if not user or not user.is_authenticated:
        return False
    if acts_as_secretariat(user):
        return True
    return bool(profile.collectivity_id) and profile.collectivity_id in user.editable_collectivity_ids()


def keeping_refusal(profile: Profile) -> str:
    if profile.organisation_id:
        return _("Le profil d'une organisation est tenu par le secrétariat.")
    return _("Seuls les éditeurs de %(name)s et le secrétariat modifient ce profil.") % {"name": profile.name}


def check_keeps_profile(user, profile: Profile) -> None:
    if not keeps_profile(user, profile):
        raise PermissionDenied(keeping_refusal(profile))


def can_create_profile(user) -> bool:
    return acts_as_secretariat(user) or bool(user.is_authenticated and user.editable_collectivity_ids())


def connected_profile_ids(user, profile: Profile) -> set[int]:
    """The profiles of `user`'s collectivities with an accepted expression of interest with
    `profile` (one query, cached on the user per profile)."""
    cache = user.__dict__.setdefault("_matching_connected", {})
    if profile.pk not in cache:
        ids = user.editable_collectivity_ids() if user.is_authenticated else set()
        pairs = Interest.objects.accepted().filter(
            Q(sender__collectivity_id__in=ids, recipient=profile) | Q(recipient__collectivity_id__in=ids, sender=profile)
        ).values_list("sender_id", "recipient_id") if ids else []
        cache[profile.pk] = {sender if recipient == profile.pk else recipient for sender, recipient in pairs}
    return cache[profile.pk]


def can_see_contacts(user, profile: Profile) -> bool:
    """Its keepers, the secretariat, and the other party of an accepted expression of interest."""
    if keeps_profile(user, profile):
        return True
    return bool(user.is_authenticated and connected_profile_ids(user, profile))


def get_profile_for_user(user, pk: int, *, write: bool = False) -> Profile:
    """The profile `pk` if `user` may read it (else 404) and, with `write`, keep it (else 403)."""
    try:
        profile = Profile.objects.visible_to(user).for_list().get(pk=pk)
    except Profile.DoesNotExist:
        raise Http404(_("Aucun profil de coopération ne correspond à ce numéro.")) from None
    if write:
        check_keeps_profile(user, profile)
    return profile


def _get_offer(model, user, pk: int, write: bool, missing: str):
    try:
        item = model.objects.visible_to(user).select_related(
            "profile__collectivity", "profile__organisation").get(pk=pk)
    except model.DoesNotExist:
        raise Http404(missing) from None
    if write:
        check_keeps_profile(user, item.profile)
    return item


def get_posting_for_user(user, pk: int, *, write: bool = False) -> Posting:
    return _get_offer(Posting, user, pk, write, _("Aucune offre ni demande ne correspond à ce numéro."))


def get_exchange_for_user(user, pk: int, *, write: bool = False) -> StaffExchange:
    return _get_offer(StaffExchange, user, pk, write, _("Aucun échange de personnel ne correspond à ce numéro."))


def sender_choices(user, recipient: Profile) -> QuerySet:
    """The profiles from which `user` may signal interest to `recipient`, on the other side:
    their collectivities' profiles for an editor; the organisations' profiles, which it
    keeps, for the secretariat (a collectivity signals its interest itself)."""
    profiles = Profile.objects.exclude(pk=recipient.pk).exclude(side=recipient.side).for_list()
    if not user.is_authenticated:
        return profiles.none()
    if acts_as_secretariat(user):
        return profiles.filter(organisation__isnull=False).order_by(french("organisation__name"))
    return profiles.filter(collectivity_id__in=user.editable_collectivity_ids()).order_by(french("collectivity__name"))


def get_interest_for_user(user, pk: int) -> Interest:
    try:
        return Interest.objects.visible_to(user).for_list().select_related(
            "posting", "staff_exchange", "sent_by", "answered_by").get(pk=pk)
    except Interest.DoesNotExist:
        raise Http404(_("Aucune manifestation d'intérêt ne correspond à ce numéro.")) from None


def can_answer(user, interest: Interest) -> bool:
    """Those who keep the recipient's profile answer an expression of interest."""
    return keeps_profile(user, interest.recipient)


def can_read_connections(user) -> bool:
    return bool(user.is_authenticated and user.can_read_unpublished)
