"""Restoring a deleted record, with what was deleted with it, from its django-simple-history
records.

Deleting a record deletes what depends on it (ON DELETE CASCADE), and each deleted row gets
a deletion record ("-") a moment before its parent's, by the same user. `restore(record)`
recreates the row of a deletion record with its primary key and its values at deletion,
then, through each CASCADE foreign key of a model with a history, the rows deleted with it
(deletion records pointing at it, by the same user, within CASCADE_WINDOW before its own),
and so on down; the many-to-many links it had before its deletion (when its history keeps
them); all in one transaction, each row with a new history record ("+") whose
`history_change_reason` says who restored it. A foreign key to a row that no longer exists
refuses the restoration (SET_NULL ones become empty, as deleting the target would have made
them); a file the storage no longer holds is said in `Restored.notes`.

The rule of who restores is `can_restore`; each domain's action checks it and refreshes
what it derives from the restored rows.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

# Rows deleted by one cascade get their deletion records within this time of the parent's.
CASCADE_WINDOW = datetime.timedelta(seconds=10)
REASON_LENGTH = 100  # django-simple-history's history_change_reason


@dataclass
class Restored:
    instances: list[models.Model] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, model) -> int:
        return sum(1 for instance in self.instances if type(instance) is model)


def can_restore(user) -> bool:
    """The secretariat restores deleted records."""
    return bool(user and user.is_authenticated and (user.is_secretariat or user.is_superuser))


def history_manager(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def deleted_records(model):
    """The deletion record of each row of `model` that does not exist now, the latest one
    when it was deleted more than once (a row restored and deleted again)."""
    history = history_manager(model)
    pk = model._meta.pk.attname
    later = history.model.objects.filter(**{pk: OuterRef(pk)}, history_date__gt=OuterRef("history_date"))
    return history.filter(history_type="-").exclude(**{f"{pk}__in": model._base_manager.values("pk")}).filter(
        ~Exists(later))


def label(record) -> str:
    try:
        return str(record.instance)
    except models.ObjectDoesNotExist:  # its __str__ reads a row that is gone
        return f"{record.instance_type._meta.verbose_name} n° {record.pk}"


def restore(record, *, by, window: datetime.timedelta = CASCADE_WINDOW) -> Restored:
    """Recreate the row of the deletion record `record` and what was deleted with it (see
    the module). ValidationError, in French, when it cannot be: the row exists again,
    a later deletion record exists, or a row it points to is gone."""
    model = record.instance_type
    pk = model._meta.pk.attname
    with transaction.atomic():
        # Locked: two restorations of the same record run one after the other.
        record = type(record).objects.select_for_update().get(history_id=record.history_id)
        name = label(record)
        if record.history_type != "-":
            raise ValidationError(_("« %(name)s » : cet enregistrement de l'historique n'est pas une suppression.")
                                  % {"name": name})
        if model._base_manager.filter(pk=getattr(record, pk)).exists():
            raise ValidationError(_("« %(name)s » existe déjà : il n'y a rien à restaurer (déjà restauré ?).")
                                  % {"name": name})
        if history_manager(model).filter(**{pk: getattr(record, pk)}, history_date__gt=record.history_date).exists():
            raise ValidationError(_("« %(name)s » a été supprimé de nouveau depuis : restaurez la dernière "
                                    "suppression.") % {"name": name})
        reason = (_("Restauré par %(user)s") % {"user": by.get_full_name() or by.get_username()})[:REASON_LENGTH]
        restored = Restored()
        _restore(model, record, by=by, reason=reason, window=window, now=timezone.now(), restored=restored)
    return restored


def _restore(model, record, *, by, reason, window, now, restored: Restored) -> None:
    instance = record.instance
    name = label(record)
    for column in model._meta.concrete_fields:
        value = getattr(instance, column.attname)
        if not column.is_relation or value is None:
            continue
        if column.related_model._base_manager.filter(pk=value).exists():
            continue
        if column.null and column.remote_field.on_delete is models.SET_NULL:
            setattr(instance, column.attname, None)
            continue
        raise ValidationError(_("Impossible de restaurer « %(name)s » : %(target)s n° %(pk)s n'existe plus "
                                "(à restaurer d'abord).") % {
            "name": name, "target": column.related_model._meta.verbose_name, "pk": value})
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        raise ValidationError(_("Impossible de restaurer « %(name)s » : %(reason)s") % {
            "name": name, "reason": " ".join(error.messages)}) from None
    # raw: the row as it was (its creation date too), without the signals of a new one.
    instance.save_base(raw=True, force_insert=True)
    links = _restore_links(model, record, instance, restored)
    history = history_manager(model)
    instance._history_user = by
    instance._change_reason = reason
    (created,) = history.bulk_history_create([instance], default_date=now)
    for m2m_history, rows in links:
        m2m_history.objects.bulk_create([m2m_history(history=created, **row) for row in rows])
    restored.instances.append(instance)
    for column in model._meta.concrete_fields:
        stored = getattr(instance, column.attname)
        if isinstance(column, models.FileField) and stored and not column.storage.exists(str(stored)):
            restored.notes.append(_("Le fichier de « %(name)s » (%(file)s) n'existe plus : seules ses informations "
                                    "sont restaurées.") % {"name": name, "file": str(stored).rsplit("/", 1)[-1]})
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.on_delete is not models.CASCADE or history_manager(child) is None:
            continue
        children = deleted_records(child).filter(**{
            relation.field.attname: instance.pk, "history_user_id": record.history_user_id,
            "history_date__gte": record.history_date - window, "history_date__lte": record.history_date,
        }).order_by("history_date", "history_id")
        for child_record in children:
            _restore(child, child_record, by=by, reason=reason, window=window, now=now, restored=restored)


def _restore_links(model, record, instance, restored: Restored) -> list:
    """Recreate the many-to-many links the history kept with the last record before the
    deletion (the deletion's own record sees them gone). Returns, per field, the rows of the
    history's link table to write with the new record."""
    history = history_manager(model)
    tracked = getattr(history.model, "_history_m2m_fields", ())
    if not tracked:
        return []
    pk = model._meta.pk.attname
    before = history.filter(**{pk: instance.pk}, history_id__lt=record.history_id).order_by("-history_id").first()
    links = []
    for m2m in tracked:
        source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        m2m_history = getattr(history.model, m2m.name).model
        # The link rows as they were, their own ids included.
        wanted = dict(m2m_history.objects.filter(history=before).values_list("id", target)) if before else {}
        existing = set(m2m.related_model._base_manager.filter(pk__in=wanted.values()).values_list("pk", flat=True))
        for gone in sorted(set(wanted.values()) - existing):
            restored.notes.append(_("%(kind)s n° %(pk)s n'existe plus : son lien n'est pas restauré.") % {
                "kind": str(m2m.related_model._meta.verbose_name).capitalize(), "pk": gone})
        through = m2m.remote_field.through
        rows = through.objects.bulk_create([
            through(**{through._meta.pk.attname: link, source: instance.pk, target: pk_})
            for link, pk_ in wanted.items() if pk_ in existing])
        links.append((m2m_history, [{"id": row.pk, source: instance.pk, target: getattr(row, target)}
                                    for row in rows]))
    return links
