"""Who may read and change a project and what belongs to it: the one place (docs/roles.md).

- Reading: `Project.objects.visible_to(user)` (published projects for everyone, all of them
  for the secretariat and the committees, plus their partners' projects for a collectivity
  editor). A project you cannot see is a 404.
- Creating: the secretariat (and superusers), and the editors of a collectivity, for it
  (`can_create_project`).
- Changing: the secretariat changes every project; a collectivity editor changes the
  projects where one of their collectivities is a partner (`can_change_project`), and, in
  them, what `item_change_refusal` does not keep for others: another collectivity's partner
  row, journal entries written by editors of other collectivities, and,
  once a value is approved, the indicator and the measurement (the record: the secretariat
  only). A project you can see but not change is a 403.
- Publishing: the secretariat decides; a collectivity partner's editors ask for (or approve)
  publication, or ask to unpublish, for their collectivity (`publication_partners`); the
  project changes state when every collectivity partner asks the same (projects/actions.py).
- Approving a measurement: the secretariat only.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership

from .models import Indicator, Measurement, Partner, Project, Update


def acts_as_secretariat(user) -> bool:
    """The secretariat, and Django's superusers, who are treated alike everywhere."""
    return bool(user and user.is_authenticated and (user.is_secretariat or user.is_superuser))


def can_create_project(user) -> bool:
    """The secretariat creates a project for any collectivity, an editor for one of theirs
    (ProjectCreateForm offers those, actions.create_project checks the one chosen)."""
    if not user or not user.is_authenticated:
        return False
    return acts_as_secretariat(user) or bool(user.editable_collectivity_ids())


def can_change_project(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    if acts_as_secretariat(user):
        return True
    editable = user.editable_collectivity_ids()
    if not editable:
        return False
    partners = getattr(project, "_prefetched_objects_cache", {}).get("partners")
    if partners is not None:
        return any(partner.collectivity_id in editable for partner in partners)
    return project.partners.filter(collectivity_id__in=editable).exists()


def _colleague_ids(user) -> set[int]:
    """Ids of the users who edit one of `user`'s collectivities, `user` included (one
    query, cached on the instance)."""
    if not hasattr(user, "_colleague_ids"):
        user._colleague_ids = {user.pk} | set(Membership.objects.filter(
            collectivity_id__in=user.editable_collectivity_ids()).values_list("user_id", flat=True))
    return user._colleague_ids


def item_change_refusal(user, item) -> str | None:
    """Why `user`, who may change the item's project (`can_change_project`), may not change
    or delete `item`; None when they may. Reads prefetched relations when present: the
    detail page asks it for every item without a query per item."""
    if acts_as_secretariat(user):
        return None
    editable = user.editable_collectivity_ids()
    if isinstance(item, Partner):
        # An organisation is nobody's account: every partner's editors keep it up to date.
        if item.collectivity_id and item.collectivity_id not in editable:
            return _("Seuls les éditeurs de %(name)s et le secrétariat modifient ou retirent ce partenaire.") % {
                "name": item.collectivity.name}
        return None
    if isinstance(item, Update):
        if item.pk and item.author_id not in _colleague_ids(user):
            return _("Seuls son auteur, les éditeurs de sa collectivité et le secrétariat modifient "
                     "cette entrée du journal.")
        return None
    if isinstance(item, Indicator):
        if item.pk and item.has_approved_values():
            return _("Cet indicateur a des valeurs approuvées : seul le secrétariat peut le modifier "
                     "ou le supprimer.")
        return None
    if isinstance(item, Measurement):
        if item.pk and not item.is_draft:
            return _("Une mesure examinée par le secrétariat ne se modifie et ne se supprime plus "
                     "que par le secrétariat.")
        return None
    return None


def can_change_item(user, item) -> bool:
    return item_change_refusal(user, item) is None


def check_can_change_item(user, item) -> None:
    """403, with the reason in French, when `user` may not change or delete `item`."""
    refusal = item_change_refusal(user, item)
    if refusal:
        raise PermissionDenied(refusal)


def changes_the_record(item) -> bool:
    """Whether changing or deleting `item` touches approved values (the history says so)."""
    if isinstance(item, Indicator):
        return bool(item.pk) and item.has_approved_values()
    if isinstance(item, Measurement):
        return bool(item.pk) and not item.is_draft
    return False


def publication_partners(user, project: Project) -> list[Partner]:
    """The collectivity partner rows of `project` whose publication request `user` makes:
    those of the collectivities they edit (read from the prefetched partners when present).
    None for the secretariat, who decides instead of asking."""
    if not user or not user.is_authenticated or acts_as_secretariat(user):
        return []
    editable = user.editable_collectivity_ids()
    if not editable:
        return []
    partners = getattr(project, "_prefetched_objects_cache", {}).get("partners")
    if partners is None:
        partners = project.partners.filter(collectivity_id__in=editable).order_by("pk")
    return [partner for partner in partners if partner.collectivity_id in editable]


def can_decide_publication(user) -> bool:
    return acts_as_secretariat(user)


def can_read_history(user, project: Project) -> bool:
    """Its partners' editors, the secretariat and the committees read a project's history."""
    if not user.is_authenticated:
        return False
    return user.can_read_unpublished or can_change_project(user, project)


def can_approve_measurements(user) -> bool:
    return acts_as_secretariat(user)


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
