"""A project's dated history: its own historical records and those of everything that
belongs to it, merged, newest first, each with the fields it changed.

Bounded: two queries find the ids of the partners and indicators the project ever had,
then one query per historical table, whatever the number of records.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.collation import sort_key

from .models import Activity, BudgetLine, Contact, Document, Indicator, Measurement, Partner, Project, Update

# Bookkeeping fields whose changes say nothing to a reader.
IGNORED_FIELDS = {"created_at", "updated_at", "last_activity_at", "uploaded_at",
                  # Who asked for publication and when: the entry's own user and date.
                  "publication_requested_at", "publication_requested_by"}
ACTIONS = {"+": _("Ajout"), "~": _("Modification"), "-": _("Suppression")}
# The project's many-to-many fields kept with each of its history records, and what names
# their members: {field: (related model's field, label field)}.
M2M_TRACKED = {"pistes": ("piste", "code"), "themes": ("axis", "title")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    date: object
    user: object
    action: str
    kind: str
    label: str
    changes: list[Change] = field(default_factory=list)
    # Why, when the action gave a reason (history_change_reason): a decision of the
    # secretariat, approved values changed, a publication all partners asked for.
    reason: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


def _label(record) -> str:
    model = type(record.instance)
    if model is Partner:
        target = record.collectivity if record.collectivity_id else record.organisation
        return getattr(target, "name", "") or "?"
    if model is Update:
        return f"{record.date:%d/%m/%Y} — {record.text[:80]}"
    if model is Measurement:
        return f"{record.value} ({record.period_start:%d/%m/%Y}–{record.period_end:%d/%m/%Y})"
    if model is BudgetLine:
        return f"{record.source} : {record.amount} {record.currency}"
    for name in ("title", "name", "source"):
        if hasattr(record, name):
            return str(getattr(record, name))
    return str(record.pk)


def _display(model, field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    return str(value)


def _sources(project: Project):
    partner_ids = set(Partner.history.filter(project_id=project.pk).values_list("id", flat=True))
    indicator_ids = set(Indicator.history.filter(project_id=project.pk).values_list("id", flat=True))
    return [
        (Project, Q(id=project.pk), ()),
        (Partner, Q(project_id=project.pk), ("collectivity", "organisation")),
        (Contact, Q(partner_id__in=partner_ids), ()),
        (BudgetLine, Q(project_id=project.pk), ()),
        (Document, Q(project_id=project.pk), ()),
        (Activity, Q(project_id=project.pk), ()),
        (Update, Q(project_id=project.pk), ()),
        (Indicator, Q(project_id=project.pk), ()),
        (Measurement, Q(indicator_id__in=indicator_ids), ()),
    ]


def _m2m_snapshots(project: Project) -> dict[str, dict[int, set[str]]]:
    """For each tracked many-to-many field, the labels of its members at each history
    record of the project (one query per field)."""
    snapshots = {}
    for name, (target, label) in M2M_TRACKED.items():
        snapshot_model = getattr(Project.history.model, name).model
        by_record: dict[int, set[str]] = defaultdict(set)
        for history_id, value in snapshot_model.objects.filter(history__id=project.pk).values_list(
                "history_id", f"{target}__{label}"):
            by_record[history_id].add(value)
        snapshots[name] = by_record
    return snapshots


def _m2m_changes(snapshots, previous, record) -> list[Change]:
    changes = []
    for name, by_record in snapshots.items():
        old, new = by_record.get(previous.history_id, set()), by_record.get(record.history_id, set())
        if old != new:
            changes.append(Change(str(Project._meta.get_field(name).verbose_name),
                                  ", ".join(sorted(old, key=sort_key)) or "—",
                                  ", ".join(sorted(new, key=sort_key)) or "—"))
    return changes


def project_history(project: Project, limit: int = 500) -> tuple[list[Entry], bool]:
    """The newest `limit` entries and whether older ones were left out."""
    entries: list[Entry] = []
    snapshots = _m2m_snapshots(project)
    for model, condition, related in _sources(project):
        records = model.history.filter(condition).select_related("history_user", *related).order_by(
            "id", "history_date", "history_id")
        previous = None
        for record in records:
            changes = []
            if previous is not None and previous.id == record.id and record.history_type == "~":
                delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS | set(M2M_TRACKED))
                changes = [
                    Change(str(model._meta.get_field(c.field).verbose_name),
                           _display(model, c.field, c.old), _display(model, c.field, c.new))
                    for c in delta.changes
                ]
                if model is Project:
                    changes += _m2m_changes(snapshots, previous, record)
            previous = record
            if record.history_type == "~" and not changes and not record.history_change_reason:
                continue
            entries.append(Entry(record.history_date, record.history_user, record.history_type,
                                 str(model._meta.verbose_name), _label(record), changes,
                                 record.history_change_reason or ""))
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit], len(entries) > limit
