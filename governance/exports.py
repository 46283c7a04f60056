"""The columns of the governance's exports (CSV and XLSX through core.exports): the
meetings and events, and the action items with their computed status. Times are given in
UTC, and in Paris and Montréal time."""
from zoneinfo import ZoneInfo

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import ZONES


def _local(instant, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


MEETING_COLUMNS = [
    (_("Numéro"), lambda m: m.pk),
    (_("Intitulé"), lambda m: m.title),
    (_("Nature"), lambda m: m.get_kind_display()),
    (_("Instance"), lambda m: m.body.name if m.body_id else ""),
    (_("Début (UTC)"), lambda m: _local(m.starts_at, "UTC")),
    *[(format_lazy("{} ({})", _("Début"), label), lambda m, zone=zone: _local(m.starts_at, zone))
      for zone, label in ZONES],
    *[(format_lazy("{} ({})", _("Fin"), label), lambda m, zone=zone: _local(m.ends_at, zone)) for zone, label in ZONES],
    (_("Lieu"), lambda m: m.place),
    (_("Côté qui accueille"), lambda m: m.get_side_display()),
    (_("Publiée"), lambda m: str(_("oui")) if m.is_published else str(_("non"))),
]

ACTION_ITEM_COLUMNS = [
    (_("Numéro"), lambda i: i.pk),
    (_("Action"), lambda i: i.text),
    (_("Responsable"), lambda i: i.owner),
    (_("Échéance"), lambda i: i.due_date.isoformat()),
    (_("État"), lambda i: i.status_label),
    (_("Réunion"), lambda i: i.source_meeting.title),
    (_("Décision"), lambda i: i.decision.text if i.decision_id else ""),
]
