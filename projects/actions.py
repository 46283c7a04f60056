"""Every write to a project and what belongs to it, each in one transaction.

Views call these after checking access (projects/access.py); the functions that only the
secretariat may run check it themselves. Each write records `by` as the author of the
history record (django-simple-history) and marks the project as recently active, the
measure of the plan's "continuité".
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from territories.models import Collectivity

from . import facts
from .access import can_approve_measurements
from .models import Indicator, Measurement, Organisation, Partner, Project, Update


def _touch(project: Project) -> None:
    # A plain UPDATE: bumping the activity date is not a change worth a history record.
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(last_activity_at=now)
    facts.mark_active(project.pk, now)
    project.last_activity_at = now


def _save(instance: models.Model, by) -> None:
    instance._history_user = by
    instance.full_clean()
    instance.save()


@transaction.atomic
@facts.batched()
def create_project(*, by, collectivity: Collectivity, role: str, pistes=(), themes=(), **fields) -> Project:
    """A new project with `collectivity` as its first partner in `role`."""
    if not by.can_edit_collectivity(collectivity):
        raise PermissionDenied(_("Vous ne pouvez pas créer de projet pour %(name)s.") % {"name": collectivity.name})
    project = Project(created_by=by, last_activity_at=timezone.now(), **fields)
    _save(project, by)
    project.pistes.set(pistes)
    project.themes.set(themes)
    _save(Partner(project=project, collectivity=collectivity, role=role), by)
    return project


@transaction.atomic
@facts.batched()
def update_project(project: Project, *, by, pistes=None, themes=None, **fields) -> Project:
    for name, value in fields.items():
        setattr(project, name, value)
    project.last_activity_at = timezone.now()
    _save(project, by)
    if pistes is not None:
        project.pistes.set(pistes)
    if themes is not None:
        project.themes.set(themes)
    return project


@transaction.atomic
@facts.batched()
def add_partner(project: Project, *, by, role: str, collectivity: Collectivity | None = None,
                organisation: Organisation | None = None) -> Partner:
    """Add a collectivity or an organisation (exactly one) as a partner of `project`."""
    if (collectivity is None) == (organisation is None):
        raise ValidationError(_("Un partenaire est soit une collectivité, soit une organisation."))
    if organisation is not None and organisation.pk is None:
        _save(organisation, by)
    duplicate = project.partners.filter(
        collectivity=collectivity) if collectivity else project.partners.filter(organisation=organisation)
    if duplicate.exists():
        name = collectivity.name if collectivity else organisation.name
        raise ValidationError(_("%(name)s est déjà partenaire de ce projet.") % {"name": name})
    partner = Partner(project=project, collectivity=collectivity, organisation=organisation, role=role)
    _save(partner, by)
    _touch(project)
    return partner


@transaction.atomic
@facts.batched()
def save_item(item: models.Model, *, project: Project, by) -> models.Model:
    """Create or change one thing that belongs to `project` (contact, budget line,
    document, activity, indicator, partner's role…)."""
    _save(item, by)
    _touch(project)
    return item


@transaction.atomic
@facts.batched()
def delete_item(item: models.Model, *, project: Project, by) -> None:
    if isinstance(item, Partner) and item.collectivity_id and not project.partners.filter(
        collectivity__isnull=False).exclude(pk=item.pk).exists():
        raise ValidationError(_("Un projet garde au moins une collectivité partenaire."))
    if isinstance(item, Measurement) and not item.is_draft:
        raise ValidationError(_("Une mesure approuvée ne se supprime pas."))
    item._history_user = by
    item.delete()
    _touch(project)


@transaction.atomic
@facts.batched()
def record_update(project: Project, *, by, text: str, date: datetime.date | None = None) -> Update:
    """A dated entry in the project's journal; the project becomes recently active."""
    update = Update(project=project, author=by, text=text, date=date or timezone.localdate())
    _save(update, by)
    _touch(project)
    return update


@transaction.atomic
@facts.batched()
def add_measurement(indicator: Indicator, *, by, period_start: datetime.date, period_end: datetime.date,
                    value) -> Measurement:
    """A measured value, a draft until the secretariat approves it."""
    measurement = Measurement(indicator=indicator, period_start=period_start, period_end=period_end,
                              value=value, entered_by=by, status=Measurement.Status.DRAFT)
    _save(measurement, by)
    _touch(indicator.project)
    return measurement


def _review(measurement: Measurement, *, by, status: str) -> Measurement:
    if not can_approve_measurements(by):
        raise PermissionDenied(_("Seul le secrétariat valide les mesures."))
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if not measurement.is_draft:
        raise ValidationError(_("Cette mesure a déjà été examinée (%(status)s).") % {
            "status": measurement.get_status_display()})
    measurement.status = status
    measurement.approved_by = by
    measurement.approved_at = timezone.now()
    _save(measurement, by)
    return measurement


@transaction.atomic
@facts.batched()
def approve_measurement(measurement: Measurement, *, by) -> Measurement:
    """The secretariat approves a draft: from then on the dashboard counts it."""
    return _review(measurement, by=by, status=Measurement.Status.APPROVED)


@transaction.atomic
@facts.batched()
def reject_measurement(measurement: Measurement, *, by) -> Measurement:
    return _review(measurement, by=by, status=Measurement.Status.REJECTED)
