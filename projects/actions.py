"""Every write to a project and what belongs to it, each in one transaction.

Views call these after checking access (projects/access.py); the functions that only the
secretariat may run check it themselves, and so do the writes of one item, which another
collectivity's editors, or anyone but the secretariat once a value is approved, may not
change (`access.check_can_change_item`). Each write records `by` as the author of the
history record (django-simple-history) and marks the project as recently active, the
measure of the plan's "continuité". Publication changes only through `request_publication`
and `decide_publication` (docs/roles.md).
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import restore
from core.locking import claim_version
from territories.models import Collectivity

from . import facts
from .access import (
    can_approve_measurements, can_create_project, can_decide_publication, changes_the_record, check_can_change_item,
    publication_partners,
)
from .models import (
    Activity, BudgetLine, Contact, Document, Indicator, Measurement, Organisation, Partner, Project, Update,
)


def _touch(project: Project) -> None:
    # A plain UPDATE: bumping the activity date is not a change worth a history record.
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(last_activity_at=now)
    facts.mark_active(project.pk, now)
    project.last_activity_at = now


def _save(instance: models.Model, by, reason: str | None = None, *, version: int | None = None,
          fields=None) -> None:
    """Validate and save `instance` with `by` as the history's author. An existing record's
    version moves on (core.locking): checked against `version`, the one the form was read
    at, when given (VersionConflict if it changed since, describing `fields`)."""
    if instance.pk is not None and hasattr(instance, "version"):
        claim_version(instance, version, fields=fields)
    instance._history_user = by
    if reason:
        instance._change_reason = reason  # the history's `history_change_reason` (100 characters)
    instance.full_clean()
    instance.save()


def _record_reason(item: models.Model) -> str | None:
    """What the history says when the secretariat changes what approved values depend on."""
    if changes_the_record(item):
        return _("Par le secrétariat : valeurs approuvées concernées")
    return None


def _refuse_publication_field(fields: dict) -> None:
    if "is_public" in fields:
        raise PermissionDenied(_("La publication se demande par les partenaires et se décide par le secrétariat "
                                 "(« Demander la publication »), pas dans le formulaire du projet."))


@transaction.atomic
@facts.batched()
def create_project(*, by, collectivity: Collectivity, role: str, pistes=(), themes=(), **fields) -> Project:
    """A new project with `collectivity` as its first partner in `role`, unpublished."""
    _refuse_publication_field(fields)
    if not can_create_project(by) or not by.can_edit_collectivity(collectivity):
        raise PermissionDenied(_("Vous ne pouvez pas créer de projet pour %(name)s.") % {"name": collectivity.name})
    project = Project(created_by=by, last_activity_at=timezone.now(), **fields)
    _save(project, by)
    project.pistes.set(pistes)
    project.themes.set(themes)
    _save(Partner(project=project, collectivity=collectivity, role=role), by)
    return project


@transaction.atomic
@facts.batched()
def update_project(project: Project, *, by, version: int | None = None, pistes=None, themes=None,
                   **fields) -> Project:
    """Change `project`; refused (core.locking.VersionConflict) if it changed since `version`."""
    _refuse_publication_field(fields)
    for name, value in fields.items():
        setattr(project, name, value)
    project.last_activity_at = timezone.now()
    edited = [*fields, *(name for name, value in (("pistes", pistes), ("themes", themes)) if value is not None)]
    _save(project, by, version=version, fields=edited)
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
def save_item(item: models.Model, *, project: Project, by, version: int | None = None) -> models.Model:
    """Create or change one thing that belongs to `project` (contact, budget line,
    document, activity, indicator, partner's role…), if `by` may (403 otherwise); a change
    is refused (core.locking.VersionConflict) if the item changed since `version`."""
    check_can_change_item(by, item)
    _save(item, by, _record_reason(item), version=version)
    _touch(project)
    return item


@transaction.atomic
@facts.batched()
def delete_item(item: models.Model, *, project: Project, by) -> None:
    """Delete one thing of `project`, if `by` may (403 otherwise). Nobody removes the last
    collectivity partner; an indicator's measurements go first, each with its own history
    record by `by`, so that the history tells who removed approved values."""
    check_can_change_item(by, item)
    if isinstance(item, Partner) and item.collectivity_id and not project.partners.filter(
        collectivity__isnull=False).exclude(pk=item.pk).exists():
        raise ValidationError(_("Un projet garde au moins une collectivité partenaire."))
    reason = _record_reason(item)
    if isinstance(item, Indicator):
        for measurement in item.measurements.all():
            measurement._history_user = by
            measurement._change_reason = reason or _record_reason(measurement)
            measurement.delete()
    item._history_user = by
    if reason:
        item._change_reason = reason
    item.delete()
    if isinstance(item, Partner) and item.collectivity_id:
        # The partner that was waited for is gone: the others may all agree now.
        _settle_publication(Project.objects.select_for_update().get(pk=project.pk), by=by)
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


def _set_public(project: Project, public: bool, *, by, reason: str) -> Project:
    """Publish or unpublish `project` and clear the requests this fulfils."""
    project.is_public = public
    _save(project, by, reason)
    for partner in project.partners.exclude(publication_request=Partner.Publication.NONE):
        partner.publication_request = Partner.Publication.NONE
        partner.publication_requested_at = None
        partner.publication_requested_by = None
        _save(partner, by, reason)
    return project


def _settle_publication(project: Project, *, by) -> Project:
    """Change the state of `project` when every collectivity partner asks for it."""
    wishes = set(project.partners.filter(collectivity__isnull=False).values_list("publication_request", flat=True))
    if project.is_public and wishes == {Partner.Publication.UNPUBLISH}:
        return _set_public(project, False, by=by, reason=_("Dépublié : tous les partenaires l'ont demandé"))
    if not project.is_public and wishes == {Partner.Publication.PUBLISH}:
        return _set_public(project, True, by=by, reason=_("Publié : tous les partenaires l'ont approuvé"))
    return project


@transaction.atomic
@facts.batched()
def request_publication(project: Project, *, by, wish: str) -> Project:
    """`by` speaks for their collectivities that are partners of `project`: `wish` is
    Partner.Publication.PUBLISH (ask for or approve publication), UNPUBLISH (ask to
    unpublish) or NONE (withdraw the request). The project is published, or unpublished,
    once every collectivity partner asks for it; until then the secretariat sees the
    request in its queue. Returns the project as it now is."""
    if wish not in Partner.Publication.values:
        raise ValueError(f"Unknown publication request: {wish!r}")
    # Locked first: two partners approving at the same time must not both miss the other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    partners = publication_partners(by, project)
    if not partners:
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité partenaire demandent la publication "
                                 "de ce projet."))
    if wish == Partner.Publication.PUBLISH and project.is_public:
        raise ValidationError(_("Ce projet est déjà publié."))
    if wish == Partner.Publication.UNPUBLISH and not project.is_public:
        raise ValidationError(_("Ce projet n'est pas publié."))
    now = timezone.now()
    for partner in Partner.objects.select_for_update().filter(pk__in=[p.pk for p in partners]):
        partner.publication_request = wish
        partner.publication_requested_at = now if wish else None
        partner.publication_requested_by = by if wish else None
        _save(partner, by)
    _settle_publication(project, by=by)
    _touch(project)
    return project


@transaction.atomic
@facts.batched()
def decide_publication(project: Project, *, by, public: bool) -> Project:
    """The secretariat publishes or unpublishes `project`, whatever the partners asked;
    their pending requests are cleared."""
    if not can_decide_publication(by):
        raise PermissionDenied(_("Seul le secrétariat publie ou dépublie un projet."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_public == public:
        raise ValidationError(_("Ce projet est déjà publié.") if public else _("Ce projet n'est pas publié."))
    _set_public(project, public, by=by, reason=_("Décision du secrétariat"))
    _touch(project)
    return project


def _restorable(model) -> None:
    if model not in {Project, Partner, Contact, BudgetLine, Document, Activity, Update, Indicator, Measurement}:
        raise ValueError(f"{model.__name__} is not restored from the projects' bin")


def _project_of(record) -> int | None:
    """The project id a historical record of a project's item belongs to."""
    if isinstance(record.instance, Contact):
        return Partner.history.filter(id=record.partner_id).values_list("project_id", flat=True).first()
    if isinstance(record.instance, Measurement):
        return Indicator.history.filter(id=record.indicator_id).values_list("project_id", flat=True).first()
    return record.project_id


@transaction.atomic
def restore_deleted(model, history_id: int, *, by) -> restore.Restored:
    """The secretariat restores a deleted project, or one deleted item of a project, with
    what was deleted with it (core/restore.py), then the project's figures are refreshed."""
    _restorable(model)
    if not restore.can_restore(by):
        raise PermissionDenied(_("Seul le secrétariat restaure ce qui a été supprimé."))
    record = model.history.filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise model.DoesNotExist(_("Aucune suppression ne porte ce numéro."))
    project_id = record.id if model is Project else _project_of(record)
    restored = restore.restore(record, by=by)
    # Saved raw, without signals: the read models and the search follow the restored rows
    # (facts.written), the project's figures at once.
    facts.written(restored.instances)
    facts.refresh([project_id])
    return restored


def restore_project(history_id: int, *, by) -> restore.Restored:
    """The project of the deletion record `history_id`, as it was, with its partners and
    their contacts, budget, documents, activities, journal, indicators and their measurements,
    pistes and themes."""
    return restore_deleted(Project, history_id, by=by)
