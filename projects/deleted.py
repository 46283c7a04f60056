"""The bin: deleted projects, and the deleted items of a project, that the secretariat may
restore (projects.actions.restore_deleted, core/restore.py)."""
from dataclasses import dataclass

from core.restore import deleted_records, label

from .models import Activity, BudgetLine, Contact, Document, Indicator, Measurement, Partner, Project, Update

# The URL segment of each kind of item (as in the item pages), in the order shown.
ITEM_KINDS = {
    "partenaires": Partner, "contacts": Contact, "budget": BudgetLine, "documents": Document,
    "activites": Activity, "journal": Update, "indicateurs": Indicator, "mesures": Measurement,
}
MODELS = {"projets": Project, **ITEM_KINDS}


@dataclass
class Deleted:
    kind: str
    record: object

    @property
    def label(self) -> str:
        return label(self.record)

    @property
    def kind_label(self) -> str:
        return str(self.record.instance_type._meta.verbose_name)


def deleted_projects():
    """Deleted projects, latest deletion first, with who deleted them."""
    return deleted_records(Project).select_related("history_user").order_by("-history_date", "-history_id")


def deleted_items(project: Project) -> list[Deleted]:
    """What was deleted from `project` and does not exist now, latest first: one query per
    kind (contacts and measurements are found through the partners and indicators the
    project ever had, in a subquery)."""
    partner_ids = Partner.history.filter(project_id=project.pk).values("id")
    indicator_ids = Indicator.history.filter(project_id=project.pk).values("id")
    items = []
    for kind, model in ITEM_KINDS.items():
        records = deleted_records(model).select_related("history_user")
        if model is Contact:
            records = records.filter(partner_id__in=partner_ids)
        elif model is Measurement:
            records = records.filter(indicator_id__in=indicator_ids)
        else:
            records = records.filter(project_id=project.pk)
        items += [Deleted(kind, record) for record in records]
    return sorted(items, key=lambda item: item.record.history_date, reverse=True)


def project_id_of(instance) -> int:
    """The project a restored project or item belongs to."""
    if isinstance(instance, Project):
        return instance.pk
    if isinstance(instance, Contact):
        return Partner.objects.values_list("project_id", flat=True).get(pk=instance.partner_id)
    if isinstance(instance, Measurement):
        return Indicator.objects.values_list("project_id", flat=True).get(pk=instance.indicator_id)
    return instance.project_id
