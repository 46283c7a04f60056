"""The published projects as IATI 2.03 activities (`iati-activities`), with the money of
the Fonds franco-québécois (FFQCD) granted to the applications linked to them.

One `iati-activity` per published project, its identifier the reporting organisation's
(settings.IATI_REPORTING_ORG_REF) followed by the project's id, so that it never changes.
Every text is French (`xml:lang="fr"`). Money stays in its currency: one budget per
currency and year, each transaction in its side's currency, never a sum across them.

What each field is made of:
- participating-org: each partner, with the role its part gives (IATI OrganisationRole:
  the lead 2 accountable, the partners and regional coordinators 4 implementing, a funder
  and every partner funding a budget line 1 funding) and its type (OrganisationType: 11
  for a collectivity, a local government; the organisations' kinds below); the fund, as
  funder (1), when it committed money to the project. No `ref`: the collectivities' codes
  (INSEE, Québec's geographic codes) have no agency in IATI's list.
- activity-status and activity-date: from the project's status and dates (actual dates
  only once they have passed).
- recipient-country: the countries of its collectivity partners (FR, CA…), shares equal;
  location: each collectivity partner, at its région's place (opendata/places.py).
- sector: vocabulary 1 (OECD DAC, five digits): 15112 (decentralisation and support to
  subnational government) for every project, with the DAC sector of each of its themes
  (THEME_SECTORS); vocabulary 99 (the reporting organisation's): the plan's themes
  themselves. Shares are equal within a vocabulary and add up to 100.
- budget: the budget lines per currency and year (a line without a year over the
  project's dates), original (1) and indicative (1).
- transaction: the fund's commitments (2, outgoing commitment: the decisions' amounts)
  and disbursements (3) of the applications linked to the project.
- result: each outcome indicator (outcome, 2), its baseline at the project's start, and
  per approved measurement a period with the target and the value measured (drafts are
  never published); an indicator not measured yet has its target over the project's dates.

Queries: a fixed number, whatever the number of projects (`published_projects`)."""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.models import Application, Commitment, Disbursement
from plan.models import Axis
from projects.models import BudgetLine, Indicator, Measurement, Organisation, Partner, Project
from territories.models import COUNTRY_OF_SIDE, Side

from .places import region_places

VERSION = "2.03"
CONTENT_TYPE = "application/xml; charset=utf-8"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# OrganisationRole.
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
ROLE_OF_PARTNER = {
    Partner.Role.LEAD: ACCOUNTABLE,
    Partner.Role.PARTNER: IMPLEMENTING,
    Partner.Role.REGIONAL_COORDINATOR: IMPLEMENTING,
    Partner.Role.FUNDER: FUNDING,
}
# OrganisationType: a collectivity is a local government (11); the other partners by kind.
GOVERNMENT, LOCAL_GOVERNMENT = "10", "11"
TYPE_OF_ORGANISATION = {
    Organisation.Kind.ENTERPRISE: "70",  # private sector
    Organisation.Kind.RESEARCH: "80",  # academic, training and research
    Organisation.Kind.ASSOCIATION: "22",  # national NGO
    Organisation.Kind.PUBLIC: "15",  # other public sector
    Organisation.Kind.FOREIGN: "90",  # other
    Organisation.Kind.OTHER: "90",
}
# ActivityStatus.
STATUS_OF_PROJECT = {
    Project.Status.PLANNED: "1",  # pipeline/identification
    Project.Status.ONGOING: "2",  # implementation
    Project.Status.SUSPENDED: "6",
    Project.Status.DONE: "4",  # closed
    Project.Status.ABANDONED: "5",  # cancelled
}
# ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# Sector vocabularies: OECD DAC five-digit codes, and the reporting organisation's own.
DAC, OWN_VOCABULARY = "1", "99"
DECENTRALISATION = "15112"  # decentralisation and support to subnational government
# The DAC sector of each theme of the plans (plan/data), by slug.
THEME_SECTORS = {
    "tourisme": "33210",  # tourism policy and administrative management
    "ruralite": "43040",  # rural development
    "francophonie": "16061",  # culture and recreation
    "creneaux-excellence-poles-competitivite": "32110",  # industrial policy and administrative management
}
# TransactionType.
COMMITMENT, DISBURSEMENT = "2", "3"
ORIGINAL, INDICATIVE = "1", "1"  # BudgetType, BudgetStatus
OUTCOME = "2"  # ResultType
UNIT = "1"  # IndicatorMeasure
WEB_PAGE = "A12"  # DocumentCategory: activity web page

AbsoluteUrl = Callable[[str], str]


def published_projects():
    """The published projects with everything an activity shows, in a fixed number of
    queries: the projects, their partners (with their collectivity or organisation), themes,
    budget lines, indicators (with their territory) and approved measurements, the
    applications to the fund linked to them and those applications' commitments and
    disbursements (nine), then the partners' régions (places.py, one more)."""
    return Project.objects.visible_to(None).order_by("pk").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("collectivity", "organisation").order_by("pk")),
        Prefetch("themes", queryset=Axis.objects.only("slug", "title").order_by("position", "pk")),
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("currency", "year", "pk")),
        Prefetch("indicators", queryset=Indicator.objects.select_related("territory").order_by("category", "pk")),
        Prefetch("indicators__measurements", queryset=Measurement.objects.approved().order_by("period_start", "pk")),
        Prefetch("fund_applications", queryset=Application.objects.select_related("lead").only(
            "title", "project_id", "lead", "lead__name", "lead__side").order_by("pk")),
        Prefetch("fund_applications__commitments", queryset=Commitment.objects.order_by("side", "year", "pk")),
        Prefetch("fund_applications__disbursements", queryset=Disbursement.objects.order_by("paid_on", "pk")),
    )


def response(document: ET.Element) -> HttpResponse:
    body = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type=CONTENT_TYPE)


def activities(absolute: AbsoluteUrl, now: datetime.datetime | None = None) -> ET.Element:
    """The `iati-activities` document of every published project. With none published it
    holds no activity (the XSD asks for one at least: there is then nothing to report)."""
    now = now or timezone.now()
    projects = list(published_projects())
    located = region_places(p.collectivity for project in projects for p in project.partners.all()
                            if p.collectivity_id)
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": _datetime(now)})
    for project in projects:
        root.append(_activity(project, absolute=absolute, located=located, today=timezone.localdate(now)))
    ET.indent(root)
    return root


def identifier(project: Project) -> str:
    return f"{settings.IATI_REPORTING_ORG_REF}-{project.pk}"


def _activity(project: Project, *, absolute: AbsoluteUrl, located: dict, today: datetime.date) -> ET.Element:
    activity = ET.Element("iati-activity", {
        "last-updated-datetime": _datetime(project.updated_at), LANG: "fr"})
    ET.SubElement(activity, "iati-identifier").text = identifier(project)
    reporting = ET.SubElement(activity, "reporting-org", {
        "ref": settings.IATI_REPORTING_ORG_REF, "type": settings.IATI_REPORTING_ORG_TYPE})
    _narrative(reporting, settings.IATI_REPORTING_ORG_NAME)
    _narrative(ET.SubElement(activity, "title"), project.title)
    text = "\n\n".join(part for part in (project.summary, project.description) if part.strip())
    _narrative(ET.SubElement(activity, "description", {"type": "1"}), text or project.title)
    _participants(activity, project)
    ET.SubElement(activity, "activity-status", {"code": STATUS_OF_PROJECT[project.status]})
    _dates(activity, project, today)
    _places(activity, project, located)
    _sectors(activity, project, absolute)
    _budgets(activity, project)
    _transactions(activity, project)
    link = ET.SubElement(activity, "document-link", {
        "url": absolute(project.get_absolute_url()), "format": "text/html"})
    _narrative(ET.SubElement(link, "title"), _("Fiche du projet sur Maillage"))
    ET.SubElement(link, "category", {"code": WEB_PAGE})
    _results(activity, project)
    return activity


def _narrative(parent: ET.Element, text: str) -> ET.Element:
    narrative = ET.SubElement(parent, "narrative", {LANG: "fr"})
    narrative.text = xml_text(text)
    return parent


# The characters XML 1.0 forbids, which ElementTree writes as they are (a pasted text may
# hold a vertical tab or a form feed): the document would not parse.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", str(text))


def _datetime(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def _participants(activity: ET.Element, project: Project) -> None:
    funding = {line.funder_id for line in project.budget_lines.all() if line.funder_id}
    for partner in project.partners.all():
        roles = [ROLE_OF_PARTNER[partner.role]]
        if partner.pk in funding and FUNDING not in roles:
            roles.append(FUNDING)
        if partner.collectivity_id:
            name, kind = partner.collectivity.name, LOCAL_GOVERNMENT
        else:
            name, kind = partner.organisation.name, TYPE_OF_ORGANISATION[partner.organisation.kind]
        for role in roles:
            _narrative(ET.SubElement(activity, "participating-org", {"role": role, "type": kind}), name)
    if any(application.commitments.all() for application in project.fund_applications.all()):
        _narrative(ET.SubElement(activity, "participating-org", {"role": FUNDING, "type": GOVERNMENT}),
                   _fund_name())


def _fund_name() -> str:
    return _("Fonds franco-québécois pour la coopération décentralisée (FFQCD)")


def _dates(activity: ET.Element, project: Project, today: datetime.date) -> None:
    def date(kind: str, value: datetime.date) -> None:
        ET.SubElement(activity, "activity-date", {"type": kind, "iso-date": value.isoformat()})

    date(PLANNED_START, project.start_date)
    if project.status != Project.Status.PLANNED and project.start_date <= today:
        date(ACTUAL_START, project.start_date)
    if project.end_date:
        date(PLANNED_END, project.end_date)
        if project.status == Project.Status.DONE and project.end_date <= today:
            date(ACTUAL_END, project.end_date)


def _shares(count: int) -> list[Decimal]:
    """`count` equal percentages with two decimals, adding up to exactly 100."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _places(activity: ET.Element, project: Project, located: dict) -> None:
    collectivities = [partner.collectivity for partner in project.partners.all() if partner.collectivity_id]
    countries = [code for code in dict.fromkeys(COUNTRY_OF_SIDE.get(c.side, c.country).upper()
                                                for c in collectivities) if code]
    for country, share in zip(countries, _shares(len(countries)) if countries else []):
        ET.SubElement(activity, "recipient-country", {"code": country, "percentage": str(share)})
    for collectivity in collectivities:
        location = ET.SubElement(activity, "location", {
            "ref": f"{identifier(project)}-{collectivity.side}-{collectivity.kind}-{collectivity.code}"})
        _narrative(ET.SubElement(location, "name"), collectivity.name)
        _narrative(ET.SubElement(location, "description"), collectivity.kind_label)
        place = located.get(collectivity.pk)
        if place:
            point = ET.SubElement(location, "point", {"srsName": WGS84})
            ET.SubElement(point, "pos").text = f"{place.latitude:.2f} {place.longitude:.2f}"


def _sectors(activity: ET.Element, project: Project, absolute: AbsoluteUrl) -> None:
    themes = list(project.themes.all())
    codes = list(dict.fromkeys([DECENTRALISATION, *(THEME_SECTORS[t.slug] for t in themes if t.slug in THEME_SECTORS)]))
    for code, share in zip(codes, _shares(len(codes))):
        ET.SubElement(activity, "sector", {"vocabulary": DAC, "code": code, "percentage": str(share)})
    own = list({theme.slug: theme for theme in themes}.values())
    for theme, share in zip(own, _shares(len(own)) if own else []):
        sector = ET.SubElement(activity, "sector", {
            "vocabulary": OWN_VOCABULARY, "vocabulary-uri": absolute(reverse("plan:list")), "code": theme.slug,
            "percentage": str(share)})
        _narrative(sector, theme.title)


def _period(parent: ET.Element, start: datetime.date, end: datetime.date) -> None:
    ET.SubElement(parent, "period-start", {"iso-date": start.isoformat()})
    ET.SubElement(parent, "period-end", {"iso-date": end.isoformat()})


def _project_end(project: Project) -> datetime.date:
    """The project's end, or the end of its first year when it has none."""
    return project.end_date or datetime.date(project.start_date.year, 12, 31)


def _value(parent: ET.Element, amount: Decimal, currency: str, on: datetime.date) -> None:
    ET.SubElement(parent, "value", {"currency": currency, "value-date": on.isoformat()}).text = f"{amount:f}"


def _budgets(activity: ET.Element, project: Project) -> None:
    totals: dict[tuple[str, int | None], Decimal] = defaultdict(Decimal)
    for line in project.budget_lines.all():
        totals[line.currency, line.year] += line.amount
    for (currency, year), amount in sorted(totals.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        if year:
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        else:
            start, end = project.start_date, _project_end(project)
        budget = ET.SubElement(activity, "budget", {"type": ORIGINAL, "status": INDICATIVE})
        _period(budget, start, end)
        _value(budget, amount, currency, start)


def _transactions(activity: ET.Element, project: Project) -> None:
    for application in project.fund_applications.all():
        rows = [(COMMITMENT, c, timezone.localdate(c.committed_at)) for c in application.commitments.all()]
        rows += [(DISBURSEMENT, d, d.paid_on) for d in application.disbursements.all()]
        for kind, money, on in rows:
            transaction = ET.SubElement(activity, "transaction")
            ET.SubElement(transaction, "transaction-type", {"code": kind})
            ET.SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
            _value(transaction, money.amount, money.currency, on)
            text = (_("Engagement du Fonds, côté %(side)s, pour %(year)s : demande « %(title)s »") if kind == COMMITMENT
                    else _("Versement du Fonds, côté %(side)s, pour %(year)s : demande « %(title)s »"))
            _narrative(ET.SubElement(transaction, "description"), text % {
                "side": Side(money.side).label, "year": money.year, "title": application.title})
            _narrative(ET.SubElement(transaction, "provider-org", {"type": GOVERNMENT}), _fund_name())
            _narrative(ET.SubElement(transaction, "receiver-org", {"type": LOCAL_GOVERNMENT}), application.lead.name)


def _results(activity: ET.Element, project: Project) -> None:
    for indicator in project.indicators.all():
        result = ET.SubElement(activity, "result", {"type": OUTCOME})
        _narrative(ET.SubElement(result, "title"), indicator.name)
        _narrative(ET.SubElement(result, "description"), _("Retombée %(category)s sur %(territory)s") % {
            "category": indicator.get_category_display().lower(), "territory": indicator.territory.name})
        measure = ET.SubElement(result, "indicator", {"measure": UNIT, "ascending": "1"})
        _narrative(ET.SubElement(measure, "title"), f"{indicator.name} ({indicator.unit})")
        ET.SubElement(measure, "baseline", {
            "year": str(project.start_date.year), "iso-date": project.start_date.isoformat(),
            "value": f"{indicator.baseline:f}"})
        measurements = list(indicator.measurements.all())
        periods = [(m.period_start, m.period_end, m.value) for m in measurements] or [
            (project.start_date, _project_end(project), None)]
        for start, end, value in periods:
            period = ET.SubElement(measure, "period")
            _period(period, start, end)
            ET.SubElement(period, "target", {"value": f"{indicator.target:f}"})
            if value is not None:
                ET.SubElement(period, "actual", {"value": f"{value:f}"})
