"""Fetching one collectivity for a request: 404 if it does not exist, 403 if you cannot change it.

The registry is public: everyone reads every record, current or former. Writing is for the
secretariat and for the editors attached to the collectivity (accounts.Membership).
"""
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Collectivity


def get_collectivity_for_user(request, side: str, kind: str, code: str, write: bool = False) -> Collectivity:
    """The collectivity `side/kind/code`: its current record, else its latest former one.

    `?id=` selects one version among the records of that code (former versions are
    reachable that way). Writing applies to the current record only.
    """
    records = Collectivity.objects.filter(side=side, kind=kind, code=code).select_related(
        "region", "chef_lieu"
    )
    version = request.GET.get("id", "")
    if write:
        records = records.current()
    elif version:
        if not version.isdigit():
            raise Http404(_("Version inconnue : « id » doit être un nombre."))
        records = records.filter(pk=int(version))
    collectivity = records.order_by(F("valid_until").desc(nulls_first=True), "-pk").first()
    if collectivity is None:
        raise Http404(_("Aucune collectivité ne porte ce code."))
    if write and not (request.user.is_authenticated and request.user.can_edit_collectivity(collectivity)):
        raise PermissionDenied(_("Vous n'êtes pas éditeur de cette collectivité."))
    return collectivity
