"""The fund's calendar (iCalendar) and exports."""
from django.urls import path

from . import calendar, exports

urlpatterns = [
    path("calendrier.ics", calendar.calendar_feed, name="calendar"),
    path("export/demandes.<str:fmt>", exports.export_applications, name="export_applications"),
    path("export/enveloppes.<str:fmt>", exports.export_envelopes, name="export_envelopes"),
    path("export/bilan-appels.<str:fmt>", exports.export_calls_report, name="export_calls_report"),
    path("export/taux-de-reussite.<str:fmt>", exports.export_success_rates, name="export_success_rates"),
]
