"""Who may read and change the plan. The plan itself is public; its pistes' follow-up
(status, responsible body) is changed by the secretariat only."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .figures import pistes_with_progress
from .models import Piste


def can_change_follow_up(user) -> bool:
    return user.is_authenticated and (user.is_secretariat or user.is_superuser)


def get_piste_for_user(request, plan_slug: str, code: str, *, write: bool = False) -> Piste:
    """The piste, with its axis and plan and its progress counted on the projects the user
    may see: 404 if it does not exist, 403 if `write` and the user may not change it."""
    piste = get_object_or_404(
        pistes_with_progress(Piste.objects.select_related("axis__plan"), request.user),
        axis__plan__slug=plan_slug,
        code=code,
    )
    if write and not can_change_follow_up(request.user):
        raise PermissionDenied
    return piste
