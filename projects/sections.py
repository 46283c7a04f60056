"""The projects' section on each collectivity's page (territories.sections): the most
recent projects it is a partner of that the reader may read, their count, and the link
to the whole filtered list. Two queries: the count and the few rows."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from territories.sections import Section, SectionLink

from .models import Partner, Project

SHOWN = 5


def projects_section(collectivity, user) -> Section:
    rows = Project.objects.visible_to(user).filter(
        pk__in=Partner.objects.filter(collectivity=collectivity).values("project_id"))
    count = rows.count()
    recent = rows.order_by("-start_date", "title").only("pk", "title", "start_date", "status")[:SHOWN] if count else []
    items = [SectionLink(project.title, project.get_absolute_url(), _("depuis le %(date)s — %(status)s") % {
        "date": date_format(project.start_date, "DATE_FORMAT"), "status": project.get_status_display()})
        for project in recent]
    query = "?" + urlencode({"collectivity": f"{collectivity.side}:{collectivity.code}"})
    links = [SectionLink(_("Tous ses projets (%(n)s)") % {"n": count}, reverse("projects:list") + query)
             ] if count > SHOWN else []
    return Section(_("Projets"), links, items, _("Aucun projet de coopération enregistré avec cette collectivité."))
