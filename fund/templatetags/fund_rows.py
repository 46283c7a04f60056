"""`{{ applications|application_rows }}`: the rows of a table of applications, written in
Python (STYLE.md, HTML): the lists of 50 (« Mes candidatures », every application) spent
most of their server time in the template's loop at national scale."""
from django import template
from django.utils.html import format_html_join
from django.utils.timezone import template_localtime

from core.dates import short_datetime
from core.urlprefix import url_prefix

register = template.Library()


@register.filter
def application_rows(applications):
    """<tr> per application read with Application.objects.for_list() (call and lead joined)."""
    from fund.models import Application
    from territories.models import Collectivity

    # The detail URL reversed once, its primary key put in each row; the choices' labels
    # translated once (their lazy labels cost a gettext a cell).
    detail = url_prefix("fund:application_detail")
    stages = {value: str(label) for value, label in Application._meta.get_field("stage").flatchoices}
    sides = {value: str(label) for value, label in Collectivity._meta.get_field("side").flatchoices}
    return format_html_join("\n", (
        '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{} <span class="badge {}">{}</span></td>'
        '<td>{}</td><td>{}</td></tr>'), (
        (detail, application.pk, application.title, application.call.title, application.lead.name,
         application.lead.side, sides.get(application.lead.side, application.lead.side),
         stages.get(application.stage, application.stage),
         short_datetime(template_localtime(application.submitted_at))
         if application.submitted_at else "—")
        for application in applications))
