"""The rows of the lists of agreements and twinnings, written in Python (STYLE.md, HTML):
at national scale the template's loops (rows, parties, themes, two includes a row) took
about half of a list's server time. Labels, translations and URL prefixes are resolved
once a list, not once a cell: the first version, which called `reverse`, the choices'
lazy labels and gettext in each cell, took 30.7 ms for 50 agreements (best of 5,
development machine), this one 9–10 ms. format_html escapes every value."""
from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.dates import short_date
from core.urlprefix import url_prefix
from territories.models import Kind, Side

from .models import parties_of, themes_of

DASH = "—"


def _since(value: datetime.date | int | None) -> str:
    """A record's start: its date (« 1er mars 2009 ») or only its year."""
    if not value:
        return DASH
    return short_date(value) if isinstance(value, datetime.date) else str(value)


class _Urls:
    """The URL of each record's and collectivity's page, from prefixes reversed once (the
    rule of territories.views.detail_url: a former record adds `?id=`)."""

    def __init__(self, record_route: str):
        self.record = url_prefix(record_route)
        self.collectivity = {(side, kind): url_prefix("territories:detail", side, kind)
                             for side in (Side.FRANCE, Side.QUEBEC) for kind in Kind.values}

    def of_record(self, record) -> str:
        return f"{self.record}{record.pk}/"

    def of_collectivity(self, collectivity) -> str:
        url = f"{self.collectivity[collectivity.side, collectivity.kind]}{collectivity.code}/"
        return url if collectivity.is_current else f"{url}?id={collectivity.pk}"


def _themes(record) -> SafeString:
    titles = [(theme.title,) for theme in themes_of(record)]
    return format_html_join(", ", "{}", titles) if titles else mark_safe(DASH)


def _entity(urls: _Urls, now, former, signed_as: str) -> SafeString:
    if former is None:
        return format_html('<a href="{}">{}</a>', urls.of_collectivity(now), now.name)
    return format_html('<a href="{}">{}</a> <span class="help">({})</span>', urls.of_collectivity(now), now.name,
                       signed_as % {"name": former.name})


def _party(urls: _Urls, party, signed_as: str) -> SafeString:
    if party.current:
        return _entity(urls, party.current, party.former, signed_as)
    if party.country:
        return format_html("{} ({})", party.name, party.country)
    return format_html("{}", party.name)


def _badge(record, label: SafeString) -> SafeString:
    return label if not record.is_published else mark_safe("")


def _labels(model, field: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def agreement_rows(agreements) -> SafeString:
    """The <tr> of each agreement (with parties given today's entity: follow_history)."""
    from .models import Agreement

    urls, kinds, statuses = _Urls("registry:agreement_detail"), _labels(Agreement, "kind"), _labels(Agreement, "status")
    unpublished = format_html(' <span class="badge former">{}</span>', _("non publiée"))
    signed_as = _("signée par %(name)s")
    return format_html_join("\n", (
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}{}</td><td>{}</td><td>{}</td>'
        '<td><ul>{}</ul></td><td>{}</td></tr>'), (
        (urls.of_record(agreement), agreement.title, _badge(agreement, unpublished),
         kinds.get(agreement.kind, agreement.kind),
         format_html(" ({}<sup>e</sup>)", agreement.sequence) if agreement.sequence else "",
         statuses.get(agreement.status, agreement.status), _since(agreement.since),
         format_html_join("", "<li>{}</li>", ((_party(urls, p, signed_as),) for p in parties_of(agreement))),
         _themes(agreement))
        for agreement in agreements))


def twinning_rows(twinnings) -> SafeString:
    """The <tr> of each twinning (with both collectivities' today's entities)."""
    from .models import Twinning

    urls, kinds, statuses = _Urls("registry:twinning_detail"), _labels(Twinning, "kind"), _labels(Twinning, "status")
    unpublished = format_html(' <span class="badge former">{}</span>', _("non publié"))
    sheet, twinned_as = _("Fiche n° %(n)s"), _("jumelée sous le nom de %(name)s")
    return format_html_join("\n", (
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td>{}</td></tr>'), (
        (urls.of_record(twinning), sheet % {"n": twinning.pk}, _badge(twinning, unpublished),
         _entity(urls, twinning.french_now, twinning.french_former, twinned_as),
         _entity(urls, twinning.quebec_now, twinning.quebec_former, twinned_as),
         kinds.get(twinning.kind, twinning.kind),
         _since(twinning.since_value),
         statuses.get(twinning.status, twinning.status), _themes(twinning))
        for twinning in twinnings))
