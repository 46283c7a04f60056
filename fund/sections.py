"""The fund's section on each collectivity's page (territories.sections): the
applications it leads or joins that the reader may read (Application.visible_to: none for
the public, whose view of the fund is the projects it funded), at their stage. No section
for visitors who are not logged in (no query then): they may read none."""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from territories.sections import Section, SectionLink

from .models import Application, CoApplicant

SHOWN = 5


def fund_section(collectivity, user) -> Section | None:
    if not user.is_authenticated:
        return None
    rows = Application.objects.visible_to(user).filter(
        Q(lead=collectivity) | Q(pk__in=CoApplicant.objects.filter(collectivity=collectivity).values("application_id")))
    found = list(rows.select_related("call").order_by("-call__opens_at", "-pk")
                 .only("pk", "title", "stage", "call__title", "call__opens_at")[:SHOWN])
    items = [SectionLink(application.title, reverse("fund:application_detail", args=[application.pk]),
                         f"{application.call.title}, {application.get_stage_display().lower()}")
             for application in found]
    return Section(_("Fonds franco-québécois"), [], items,
                   _("Aucune demande au Fonds que vous puissiez lire, comme cheffe de file ou partenaire."))
