"""Who may read and change the exchanges and the targets (docs/roles.md).

- Reading: every exchange and the balance are public (counts only, no personal data).
- Recording an exchange: the secretariat, and the editors of a collectivity, for an
  exchange their collectivity sends or hosts.
- Changing or deleting one: the secretariat, and the editors of its sending or host
  collectivity (403 with the reason for the others, 404 for an exchange that does not exist).
- The yearly targets: the secretariat, who records the committee's decisions.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from projects.access import acts_as_secretariat

from .models import Exchange, editor_ids


def can_record(user) -> bool:
    return acts_as_secretariat(user) or bool(editor_ids(user))


def can_change(user, exchange: Exchange) -> bool:
    return acts_as_secretariat(user) or bool(exchange.collectivity_ids() & editor_ids(user))


def check_can_record(user) -> None:
    if not can_record(user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent un échange."))


def get_exchange_for_change(user, pk: int) -> Exchange:
    """The exchange `pk` (404 if there is none) if `user` may change it (403 otherwise)."""
    try:
        exchange = Exchange.objects.select_related("sending_collectivity", "host_collectivity").get(pk=pk)
    except Exchange.DoesNotExist:
        raise Http404(_("Aucun échange ne correspond à ce numéro.")) from None
    if not can_change(user, exchange):
        raise PermissionDenied(_("Seuls les éditeurs de la collectivité d'envoi ou d'accueil de cet échange et le "
                                 "secrétariat le modifient."))
    return exchange


def check_sets_targets(user) -> None:
    if not acts_as_secretariat(user):
        raise PermissionDenied(_("Seul le secrétariat enregistre les objectifs fixés par le comité."))
