"""Optimistic locking: an edited record carries a `version`, and a save says which version
it was read at.

- A versioned model declares `version = version_field()`.
- A form that edits it mixes in `VersionedForm`: a hidden `version` field carries the
  version the form was read at.
- The write calls `claim_version(instance, read_version)` inside its transaction, before
  saving: one `UPDATE … SET version = version + 1 WHERE pk = … AND version = read_version`.
  Of two saves read at the same version exactly one updates the row (the database locks it
  for the length of the first transaction); the other gets `VersionConflict`, a
  ValidationError whose French messages say what changed meanwhile (field: value then →
  value now, from the history when the model has one, else from the values the form was
  rendered with) and who changed it when the history knows.
- `save_form(form, by=…)` does both for a plain ModelForm; actions call `claim_version`
  themselves. An API write does the same with an integer `version` in its schema, passed
  to `claim_version`, and answers VersionConflict with 409 and its messages.

A save that says no version (code, the demo, a client that omits the field) is not checked
but still moves the version on, so that forms opened before it become stale.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import connection, models
from django.db import transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.collation import sort_key
from core.dates import long_datetime, short_date, short_datetime

VERSION = "version"
LONGEST_VALUE = 120


def version_field() -> models.PositiveIntegerField:
    """The column of a versioned model (not editable: only `claim_version` moves it)."""
    return models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)


def history_of(model):
    """The django-simple-history manager of `model` if its history keeps the version, else None."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    if name is None:
        return None
    history = getattr(model, name)
    return history if any(f.name == VERSION for f in history.model._meta.fields) else None


@dataclass(frozen=True)
class Change:
    label: str
    then: str
    now: str


class VersionConflict(Exception):
    """The record changed since `read_version`. `messages` says so in French; `current` is
    the record as stored now and `current_version` its version (a deliberate second save
    sends it)."""

    def __init__(self, *, current, read_version: int, changes: list[Change], authors: list[str],
                 count: int, changed_at: datetime.datetime | None):
        self.current = current
        self.current_version = current.version
        self.read_version = read_version
        self.changes = changes
        self.authors = authors
        self.changed_at = changed_at
        if authors:
            header = ngettext(
                "Depuis que vous avez ouvert ce formulaire, une modification a été enregistrée par "
                "%(who)s le %(when)s :",
                "Depuis que vous avez ouvert ce formulaire, %(count)d modifications ont été enregistrées par "
                "%(who)s, la dernière le %(when)s :", count,
            ) % {"count": count, "who": ", ".join(authors),
                 "when": long_datetime(timezone.localtime(changed_at))}
        else:
            header = _("Depuis que vous avez ouvert ce formulaire, une modification a été enregistrée :")
        lines = [_("%(field)s : « %(then)s » → « %(now)s »") % {"field": c.label, "then": c.then, "now": c.now}
                 for c in changes] or [_("aucun des champs de ce formulaire n'a changé.")]
        footer = _("Vos saisies sont conservées ci-dessous : vérifiez-les, puis enregistrez à nouveau "
                   "pour remplacer ces valeurs par les vôtres.")
        self.messages = [header, *lines, footer]
        super().__init__(" ".join(self.messages))


def claim_version(instance: models.Model, read_version: int | None, *, fields=None,
                  read_values: dict | None = None) -> None:
    """Move the stored version of `instance` on by one, if it still is `read_version`
    (compare-and-swap), and set `instance.version` to the new one; else raise
    VersionConflict describing `fields` (default: the model's editable fields).
    `read_values` are the values the client read, for models without a versioned history.
    Runs inside the caller's transaction, so that the save that follows is covered."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("claim_version runs inside the write's transaction.")
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if read_version is None:
        rows.update(version=F(VERSION) + 1)
        instance.version = rows.values_list(VERSION, flat=True).get()
    elif rows.filter(version=read_version).update(version=F(VERSION) + 1):
        instance.version = read_version + 1
    else:
        raise _conflict(instance, read_version, fields, read_values or {})


def _default_fields(model) -> list[str]:
    names = [f.name for f in model._meta.concrete_fields
             if f.editable and not f.primary_key and not getattr(f, "auto_now", False)
             and not getattr(f, "auto_now_add", False)]
    return names + [f.name for f in model._meta.many_to_many]


def _conflict(instance, read_version: int, fields, read_values: dict) -> VersionConflict:
    model = type(instance)
    current = model._base_manager.get(pk=instance.pk)
    history = history_of(model)
    then, later = None, []
    if history is not None:
        records = history.filter(**{model._meta.pk.attname: instance.pk})
        then = records.filter(version=read_version).order_by("history_date", "history_id").last()
        later = list(records.filter(version__gt=read_version).select_related("history_user")
                     .order_by("history_date", "history_id"))
    changes = []
    for name in fields or _default_fields(model):
        field = model._meta.get_field(name)
        if then is not None and (field.many_to_many or hasattr(then, field.attname)):
            old = _m2m_ids(then, field) if field.many_to_many else getattr(then, field.attname)
            if field.many_to_many and old is None:
                continue
        elif name in read_values:
            old = read_values[name]
            if isinstance(old, models.Model):
                old = old.pk
        else:
            continue
        new = set(getattr(current, name).values_list("pk", flat=True)) if field.many_to_many else getattr(
            current, field.attname)
        if _comparable(old) != _comparable(new):
            changes.append(Change(str(field.verbose_name).capitalize(), display(field, old), display(field, new)))
    authors = []
    for record in later:
        user = record.history_user
        name = (user.get_full_name() or user.get_username()) if user else _("une personne inconnue")
        if name not in authors:
            authors.append(name)
    return VersionConflict(current=current, read_version=read_version, changes=changes, authors=authors,
                           count=len(later), changed_at=later[-1].history_date if later else None)


def _m2m_ids(record, field) -> set | None:
    """The members of a many-to-many field kept with a history record (None if not kept)."""
    if field.name not in {f.name for f in getattr(record, "_history_m2m_fields", ())}:
        return None
    target = field.m2m_reverse_field_name()
    return set(getattr(record, field.name).values_list(f"{target}_id", flat=True))


def _comparable(value):
    return value.name if isinstance(value, FieldFile) else value


def display(field, value) -> str:
    """`value` of `field` as a reader knows it: a choice's label, a related record's name,
    a date or number in the reader's format."""
    value = _comparable(value)
    if value is None or value == "" or (field.many_to_many and not value):
        return "—"
    if field.many_to_many:
        text = ", ".join(sorted((str(o) for o in field.related_model._base_manager.filter(pk__in=value)), key=sort_key))
    elif field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        text = str(related) if related is not None else _("n° %(pk)s (supprimé)") % {"pk": value}
    elif field.choices:
        text = str(dict(field.flatchoices).get(value, value))
    elif isinstance(value, bool):
        text = _("oui") if value else _("non")
    elif isinstance(value, datetime.datetime):
        text = short_datetime(timezone.localtime(value))
    elif isinstance(value, datetime.date):
        text = short_date(value)
    elif isinstance(value, (Decimal, int, float)):
        text = formats.number_format(value, force_grouping=True)
    else:
        text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE - 1] + "…"


class VersionedForm:
    """Mix into a ModelForm of a versioned model, before forms.ModelForm. Editing an
    existing record, the form carries the version it was read at in a hidden field; when the
    model's history does not keep versions, it also carries the values it showed (Django's
    hidden initial values), to say what changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        if history_of(type(self.instance)) is None:
            for field in self.fields.values():
                field.show_hidden_initial = True
        unreadable = gettext_lazy("La version de ce formulaire est illisible : rechargez la page.")
        self.fields[VERSION] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, initial=self.instance.version,
            error_messages={"invalid": unreadable, "min_value": unreadable})

    def clean(self):
        data = super().clean()
        # A hidden field's error would not show beside it: the form shows it.
        if VERSION in self._errors:
            self.add_error(None, self._errors.pop(VERSION))
        return data

    @property
    def read_version(self) -> int | None:
        return self.cleaned_data.get(VERSION) if VERSION in self.fields else None

    def edited_fields(self) -> list[str]:
        """The model fields this form changes (what a conflict describes)."""
        names = {f.name for f in self.instance._meta.get_fields()}
        return [name for name in self.fields if name in names and name != VERSION]

    def read_values(self) -> dict:
        """The values this form was rendered with, when it carries them (see the class)."""
        values = {}
        for name in self.edited_fields():
            field = self.fields[name]
            if field.show_hidden_initial and self.add_initial_prefix(name) in self.data:
                try:
                    values[name] = field.to_python(self.data[self.add_initial_prefix(name)])
                except forms.ValidationError:
                    continue
        return values

    def show_conflict(self, conflict: VersionConflict) -> None:
        """Show `conflict` above the fields, keep the user's input, and carry the current
        version (and values) so that submitting again, deliberately, overwrites."""
        self.add_error(None, conflict.messages)
        data = self.data.copy()
        data[self.add_prefix(VERSION)] = str(conflict.current_version)
        for name in self.edited_fields():
            field = self.fields[name]
            if field.show_hidden_initial:
                current = getattr(conflict.current, name)
                data[self.add_initial_prefix(name)] = field.prepare_value(
                    current.pk if isinstance(current, models.Model) else current)
        self.data = data


def save_form(form, *, by=None) -> bool:
    """Save a valid VersionedForm in one transaction, through `claim_version`. Returns
    False, the conflict shown in the form, if the record changed since the form was read."""
    try:
        with transaction.atomic():
            claim_version(form.instance, form.read_version, fields=form.edited_fields(),
                          read_values=form.read_values())
            if by is not None:
                form.instance._history_user = by
            form.save()
    except VersionConflict as conflict:
        form.show_conflict(conflict)
        return False
    return True
