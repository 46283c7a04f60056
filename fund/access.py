"""Who may read and change an application of the fund, for the pages (docs/roles.md).

- Reading: `Application.objects.visible_to(user)` (fund/models.py); an application you
  cannot see is a 404.
- Changing a draft: the editors of its collectivities (lead or co-applicant) and the
  secretariat (`fund.transitions.is_applicant_editor`), while it is a draft; otherwise 403
  with the reason.
- Each later step: the role its declared transition names (fund/transitions.py); the
  actions check it again.
- A review: its reviewer fills it; those who read the application and are not its
  reviewer get 403.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from projects.access import acts_as_secretariat

from . import transitions
from .models import Application, CoApplicant, Coordinator, Review


def get_application_for_user(user, pk: int, *, queryset=None) -> Application:
    """The application `pk` if `user` may read it, else 404."""
    queryset = queryset if queryset is not None else Application.objects.select_related("call", "lead")
    try:
        return queryset.visible_to(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("Aucune demande de financement ne correspond à ce numéro.")) from None


def draft_refusal(user, application: Application) -> str | None:
    """Why `user`, who reads `application`, may not change it as a draft (None: they may)."""
    if not transitions.is_applicant_editor(user, application):
        return _("Seuls les éditeurs des collectivités demandeuses et le secrétariat modifient cette demande.")
    if not application.is_editable():
        return _("La demande est à l'étape « %(stage)s » : seul un brouillon se modifie.") % {
            "stage": application.get_stage_display()}
    return None


def get_draft_for_user(user, pk: int) -> Application:
    """The draft `pk` for its editors: 404 if unreadable, 403 (with the reason) if not theirs
    or no longer a draft."""
    application = get_application_for_user(user, pk)
    refusal = draft_refusal(user, application)
    if refusal:
        raise PermissionDenied(refusal)
    return application


def applications_of(user):
    """The applications of `user`'s collectivities, as lead or co-applicant ("Mes
    candidatures"): none for someone attached to no collectivity."""
    ids = user.editable_collectivity_ids() if user.is_authenticated else set()
    if not ids:
        return Application.objects.none()
    return Application.objects.filter(Q(lead_id__in=ids) | Q(pk__in=CoApplicant.objects.filter(
        collectivity_id__in=ids).values("application_id")))


def coordinated_for(user):
    """The submitted applications `user`'s collectivities coordinate, beyond their own ("Mes
    candidatures"). Asks first whether they coordinate anything (one short query): most
    collectivities coordinate nothing, and the full condition costs more to compile and
    run than that question."""
    ids = user.editable_collectivity_ids() if user.is_authenticated else set()
    if not ids or not Coordinator.objects.filter(body_id__in=ids).exists():
        return Application.objects.none()
    return Application.objects.coordinated_by(ids).exclude(pk__in=applications_of(user).values("pk"))


def can_create_application(user) -> bool:
    return acts_as_secretariat(user) or bool(user.is_authenticated and user.editable_collectivity_ids())


def reads_every_application(user) -> bool:
    """The secretariat and the committees (the full list, the committee's summary)."""
    return acts_as_secretariat(user) or bool(user.is_authenticated and user.is_committee_member)


def get_review_for_user(user, pk: int) -> Review:
    """The review `pk` for its reviewer, while they may fill it: 404 if its application is
    hidden from `user` (a reviewer who declared a conflict no longer reads it), 403 for
    the others who read it."""
    review = Review.objects.select_related("application__call", "application__lead", "reviewer").filter(
        pk=pk, application__in=Application.objects.visible_to(user)).first()
    if review is None:
        raise Http404(_("Aucune évaluation ne correspond à ce numéro."))
    if review.reviewer_id != user.pk:
        raise PermissionDenied(_("Seul l'évaluateur à qui elle est attribuée remplit cette évaluation."))
    return review


def can_read_reviews_list(user) -> bool:
    return acts_as_secretariat(user) or bool(user.is_authenticated and user.is_fund_reviewer)
