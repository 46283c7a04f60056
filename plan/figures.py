"""What the plan's pages show that is counted above the plan: the projects of each piste
and of each plan.

The plan sits below the projects and never imports them (docs: STYLE.md, Layering). The app
that holds the projects registers, in its AppConfig.ready(), one provider with:

- `piste_counts(user) -> dict[str, Expression]`: annotations for a Piste QuerySet,
  `project_count` and one count per project status (the names of
  plan.models.PROJECT_STATUS_COUNTS, which Piste.progress reads), over the projects
  `user` may read;
- `plan_project_count(user) -> Expression`: an annotation for a Plan QuerySet, the
  distinct projects `user` may read linked to one of its pistes;
- `piste_projects(user, piste) -> QuerySet`: the projects of the piste that `user` may
  read, for its page, newest first.

The projects app answers from its read model (projects.facts), so the plan's pages and the
dashboard count the projects of a piste the same way.
"""
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Expression, QuerySet

from .models import Piste, Plan


class ProjectFigures(Protocol):
    def piste_counts(self, user) -> dict[str, Expression]: ...

    def plan_project_count(self, user) -> Expression: ...

    def piste_projects(self, user, piste: Piste) -> QuerySet: ...


_registered: list[ProjectFigures] = []


def register(provider: ProjectFigures) -> None:
    """Make `provider` the one that answers (the last registered one)."""
    _registered[:] = [provider]


def provider() -> ProjectFigures:
    if not _registered:
        raise ImproperlyConfigured("No app registered the figures of the plan's projects (plan.figures.register).")
    return _registered[0]


def pistes_with_progress(pistes: QuerySet, user) -> QuerySet:
    """`pistes` annotated with their projects that `user` may read, by status: what
    Piste.progress and Piste.progress_explanation() read."""
    return pistes.annotate(**provider().piste_counts(user))


def plans_with_counts(user) -> QuerySet:
    """Plans with axis_count, piste_count and project_count (the projects `user` may
    read linked to one of their pistes)."""
    return Plan.objects.annotate(
        axis_count=Count("axes", distinct=True),
        piste_count=Count("axes__pistes", distinct=True),
        project_count=provider().plan_project_count(user),
    )


def piste_projects(user, piste: Piste) -> QuerySet:
    return provider().piste_projects(user, piste)
