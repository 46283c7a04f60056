"""Who may read and change a practice (docs/roles.md).

- Reading: `Practice.objects.visible_to(user)`; a practice you cannot see is a 404.
- Writing a draft and submitting it: the editors of the collectivities behind it and the
  secretariat, while it is a draft (403 with the reason otherwise).
- Publishing or sending back: the secretariat, while it is under review.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Practice, editor_ids


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and (user.is_secretariat or user.is_superuser))


def is_practice_editor(user, practice: Practice) -> bool:
    if is_secretariat(user):
        return True
    ids = editor_ids(user)
    return bool(ids) and practice.collectivities.filter(pk__in=ids).exists()


def get_practice_for_user(user, pk: int) -> Practice:
    try:
        return Practice.objects.visible_to(user).select_related("theme", "piste").get(pk=pk)
    except Practice.DoesNotExist:
        raise Http404(_("Aucune bonne pratique ne correspond à ce numéro.")) from None


def edit_refusal(user, practice: Practice) -> str | None:
    """Why `user` may not change or submit `practice` (None: they may)."""
    if not is_practice_editor(user, practice):
        return _("Seuls les éditeurs des collectivités de cette pratique et le secrétariat la modifient.")
    if practice.status != Practice.Status.DRAFT:
        return _("La pratique est « %(status)s » : seul un brouillon se modifie.") % {
            "status": practice.get_status_display()}
    return None


def get_draft_for_user(user, pk: int) -> Practice:
    practice = get_practice_for_user(user, pk)
    if refusal := edit_refusal(user, practice):
        raise PermissionDenied(refusal)
    return practice


def get_review_for_secretariat(user, pk: int) -> Practice:
    practice = get_practice_for_user(user, pk)
    if not is_secretariat(user):
        raise PermissionDenied(_("Seul le secrétariat publie une pratique ou la renvoie à ses auteurs."))
    if practice.status != Practice.Status.REVIEW:
        raise PermissionDenied(_("La pratique est « %(status)s » : seule une pratique en relecture se publie.")
                               % {"status": practice.get_status_display()})
    return practice


def can_create(user) -> bool:
    return is_secretariat(user) or bool(editor_ids(user))
