"""Writes of the observatory: each one transactional, with the optimistic lock."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.locking import claim_version
from projects.models import Project

from .models import Practice


@transaction.atomic
def create_practice(*, by, data: dict, collectivities, projects=()) -> Practice:
    practice = Practice.objects.create(created_by=by, **data)
    practice.collectivities.set(collectivities)
    practice.projects.set(projects)
    return practice


def initial_from_project(project: Project) -> dict:
    """What a practice drawn from a finished project starts with: its title, summary,
    description, first theme and piste, collectivities and the project itself."""
    return {
        "title": project.title, "summary": project.summary, "body": project.description,
        "theme": next(iter(project.themes.all()), None), "piste": next(iter(project.pistes.all()), None),
        "collectivities": [p.collectivity for p in project.partners.all() if p.collectivity_id],
        "projects": [project],
    }


@transaction.atomic
def submit(practice: Practice, *, read_version: int | None) -> None:
    claim_version(practice, read_version)
    practice.status = Practice.Status.REVIEW
    practice.save(update_fields=["status", "version", "updated_at"])


@transaction.atomic
def publish(practice: Practice, *, read_version: int | None) -> None:
    claim_version(practice, read_version)
    practice.status = Practice.Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.review_note = ""
    practice.save(update_fields=["status", "published_at", "review_note", "version", "updated_at"])


@transaction.atomic
def send_back(practice: Practice, *, note: str, read_version: int | None) -> None:
    claim_version(practice, read_version)
    practice.status = Practice.Status.DRAFT
    practice.review_note = note
    practice.save(update_fields=["status", "review_note", "version", "updated_at"])
