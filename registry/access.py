"""Who may read and change an agreement or a twinning: the one place (docs/roles.md).

- Reading: `Agreement.objects.visible_to(user)` and `Twinning.objects.visible_to(user)`
  (registry/models.py): the published records for everyone, every record for the
  secretariat and the committees, plus, for a collectivity editor, the records of their
  collectivities and of their former records. A record you cannot read is a 404.
- Changing (editing, deleting): the secretariat; the editors of a collectivity concerned —
  a party of the agreement, either side of the twinning — or of its entity of today
  (Saguenay's editors change what Chicoutimi signed). A record you read but may not
  change is a 403, with the reason.
- Creating: the secretariat, and every collectivity editor for a record naming one of
  their collectivities (actions check the one named).
- Twinning committees' contacts (names, e-mails, telephones) are shown to logged-in users
  only: the public reads the committees' names and websites. The invitation list with
  every contact (growth of twinning) is the secretariat's and the committees'.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from projects.access import acts_as_secretariat

from .models import Agreement, Twinning, editor_collectivity_ids


def can_create(user) -> bool:
    return acts_as_secretariat(user) or bool(user.is_authenticated and user.editable_collectivity_ids())


def concerned_ids(record: Agreement | Twinning) -> set[int]:
    """The collectivities a record names (parties read from the prefetched ones)."""
    if isinstance(record, Agreement):
        return {party.collectivity_id for party in record.parties.all() if party.collectivity_id}
    return {record.french_id, record.quebec_id}


def can_change(user, record: Agreement | Twinning) -> bool:
    if acts_as_secretariat(user):
        return True
    return bool(concerned_ids(record) & editor_collectivity_ids(user))


def change_refusal(user, record: Agreement | Twinning) -> str | None:
    if can_change(user, record):
        return None
    if isinstance(record, Agreement):
        return _("Seuls les éditeurs des collectivités parties à cette entente et le secrétariat la modifient.")
    return _("Seuls les éditeurs des deux collectivités jumelées et le secrétariat modifient ce jumelage.")


def shows_contacts(user) -> bool:
    """Contacts of twinning committees: logged-in users only (see the module)."""
    return user.is_authenticated


def get_agreement_for_user(user, pk: int, *, write: bool = False) -> Agreement:
    """The agreement `pk` with its parties (and what its page shows): 404 if `user` cannot
    read it, 403 with the reason if `write` and they may not change it."""
    agreement = Agreement.objects.visible_to(user).for_detail().filter(pk=pk).first()
    if agreement is None:
        raise Http404(_("Aucune entente visible ne porte ce numéro."))
    _check(user, agreement, write)
    return agreement


def get_twinning_for_user(user, pk: int, *, write: bool = False) -> Twinning:
    twinning = Twinning.objects.visible_to(user).for_detail().filter(pk=pk).first()
    if twinning is None:
        raise Http404(_("Aucun jumelage visible ne porte ce numéro."))
    _check(user, twinning, write)
    return twinning


def _check(user, record, write: bool) -> None:
    if write:
        refusal = change_refusal(user, record)
        if refusal:
            raise PermissionDenied(refusal)
