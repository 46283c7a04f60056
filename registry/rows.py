"""The rows of the lists of agreements and twinnings, written in Python (STYLE.md, HTML):
at national scale the template's loops (rows, parties, themes, two includes a row) took
about half of a list's 50 rows' server time, measured with cProfile on the development
machine; format_html escapes every value as the template did."""
from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from territories.views import detail_url

DASH = "—"


def _themes(record) -> SafeString:
    themes = [theme.title for theme in record.themes.all()]
    return format_html_join(", ", "{}", ((title,) for title in themes)) if themes else mark_safe(DASH)


def _entity(now, former, signed_as: str) -> SafeString:
    link = format_html('<a href="{}">{}</a>', detail_url(now), now.name)
    if former is None:
        return link
    return format_html('{} <span class="help">({})</span>', link, signed_as % {"name": former.name})


def _party(party) -> SafeString:
    if party.current:
        return _entity(party.current, party.former, _("signée par %(name)s"))
    if party.country:
        return format_html("{} ({})", party.name, party.country)
    return format_html("{}", party.name)


def _unpublished(record, label: str) -> SafeString:
    return format_html(' <span class="badge former">{}</span>', label) if not record.is_published else mark_safe("")


def agreement_rows(agreements) -> SafeString:
    """The <tr> of each agreement (with parties given today's entity: follow_history)."""
    unpublished = _("non publiée")
    return format_html_join("\n", (
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}{}</td><td>{}</td><td>{}</td>'
        '<td><ul>{}</ul></td><td>{}</td></tr>'), (
        (agreement.get_absolute_url(), agreement.title, _unpublished(agreement, unpublished),
         agreement.get_kind_display(),
         format_html(" ({}<sup>e</sup>)", agreement.sequence) if agreement.sequence else "",
         agreement.get_status_display(), localize(agreement.since) if agreement.since else DASH,
         format_html_join("", "<li>{}</li>", ((_party(p),) for p in agreement.parties.all())),
         _themes(agreement))
        for agreement in agreements))


def twinning_rows(twinnings) -> SafeString:
    """The <tr> of each twinning (with both collectivities' today's entities)."""
    unpublished, sheet, twinned_as = _("non publié"), _("Fiche n° %(n)s"), _("jumelée sous le nom de %(name)s")
    return format_html_join("\n", (
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td>{}</td></tr>'), (
        (twinning.get_absolute_url(), sheet % {"n": twinning.pk}, _unpublished(twinning, unpublished),
         _entity(twinning.french_now, twinning.french_former, twinned_as),
         _entity(twinning.quebec_now, twinning.quebec_former, twinned_as),
         twinning.get_kind_display(), localize(twinning.since_value) if twinning.since_value else DASH,
         twinning.get_status_display(), _themes(twinning))
        for twinning in twinnings))
