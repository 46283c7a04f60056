"""Who may read and change a project and what belongs to it: the one place.

- Reading: `Project.objects.visible_to(user)` (published projects for everyone, all of them
  for the secretariat and the committees, plus their partners' projects for a collectivity
  editor). A project you cannot see is a 404.
- Changing: the secretariat changes every project; a collectivity editor changes the
  projects where one of their collectivities is a partner, and everything that belongs to
  them (partners, contacts, budget, documents, activities, journal, indicators, draft
  measurements). A project you can see but not change is a 403.
- Approving a measurement: the secretariat only.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Project


def can_change_project(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_secretariat or user.is_superuser:
        return True
    editable = user.editable_collectivity_ids()
    if not editable:
        return False
    partners = getattr(project, "_prefetched_objects_cache", {}).get("partners")
    if partners is not None:
        return any(partner.collectivity_id in editable for partner in partners)
    return project.partners.filter(collectivity_id__in=editable).exists()


def can_read_history(user, project: Project) -> bool:
    """Its partners' editors, the secretariat and the committees read a project's history."""
    if not user.is_authenticated:
        return False
    return user.can_read_unpublished or can_change_project(user, project)


def can_approve_measurements(user) -> bool:
    return user.is_authenticated and (user.is_secretariat or user.is_superuser)


def get_project_for_user(user, pk: int, *, write: bool = False, queryset=None) -> Project:
    """The project `pk` if `user` may see it (else 404) and, with `write`, change it
    (else 403)."""
    queryset = queryset if queryset is not None else Project.objects.all()
    try:
        project = queryset.visible_to(user).get(pk=pk)
    except Project.DoesNotExist:
        raise Http404(_("Aucun projet ne correspond à ce numéro.")) from None
    if write and not can_change_project(user, project):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce projet : aucune de vos collectivités n'en est partenaire."))
    return project


def get_history_for_user(user, pk: int) -> Project:
    project = get_project_for_user(user, pk)
    if not can_read_history(user, project):
        raise PermissionDenied(_("L'historique de ce projet est réservé à ses partenaires et au secrétariat."))
    return project
