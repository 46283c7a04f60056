"""The rows of the lists of projects (the page /projets/ and the API), read as plain values.

A page of 25 projects with their pistes, themes, partners and budgets made about 250 model
instances through `for_list()`'s prefetches; these rows come from five `values` queries
whatever the page size (the page, then pistes, themes, partners and stored budgets of its
projects), in the same orders as the models' (Piste and Axis `Meta.ordering`, partners by
id). Exports keep `for_list()`: they stream model instances with `iterator()`.

Which projects make a page is decided on ProjectFacts (`ProjectRows`, `rows_of`): the count
and the page's ids read one narrow row per project through an index in the lists' order,
every filter a predicate on the row. Found through the links instead, a deep page of a
theme or a piste read every matching project before sorting them (150 000 projects:
53–93 ms for the page query, 2–24 ms now; bench/README.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape

from django.db.models import Sum
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

ROW_FIELDS = ("pk", "title", "summary", "status", "start_date", "end_date", "is_public", "is_demo")


@dataclass
class PartnerRow:
    side: str  # "fr", "qc" or "other" (an organisation)
    kind: str  # the collectivity's or the organisation's kind
    code: str | None  # the collectivity's official code; None for an organisation
    name: str
    role: str

    def __str__(self) -> str:
        return self.name


@dataclass
class ProjectRow:
    pk: int
    title: str
    summary: str
    status: str
    start_date: date
    end_date: date | None
    is_public: bool
    is_demo: bool
    pistes: list[str] = field(default_factory=list)  # codes
    themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    partners: list[PartnerRow] = field(default_factory=list)
    budget: dict[str, Decimal] = field(default_factory=dict)  # per currency, never added across

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def get_status_display(self) -> str:
        from .models import Project

        return Project.Status(self.status).label


def rows(projects) -> list[ProjectRow]:
    """ProjectRows of these projects (a queryset, sliced to a page), in its order."""
    from plan.models import Axis, Piste

    from .models import BudgetLine, Currency, Partner, ProjectFacts

    found = [ProjectRow(**values) for values in projects.values(*ROW_FIELDS)]
    if not found:
        return []
    by_pk = {row.pk: row for row in found}
    for project_id, code in Piste.objects.filter(projects__in=by_pk).values_list("projects", "code"):
        by_pk[project_id].pistes.append(code)
    for project_id, slug, title in Axis.objects.filter(themed_projects__in=by_pk).values_list(
            "themed_projects", "slug", "title"):
        by_pk[project_id].themes.append((slug, title))
    partners = Partner.objects.filter(project_id__in=by_pk).order_by("pk").values_list(
        "project_id", "role", "collectivity_id", "collectivity__side", "collectivity__kind", "collectivity__code",
        "collectivity__name", "organisation__kind", "organisation__name")
    for project_id, role, collectivity_id, side, kind, code, name, organisation_kind, organisation_name in partners:
        by_pk[project_id].partners.append(
            PartnerRow(side=side, kind=kind, code=code, name=name, role=role) if collectivity_id else
            PartnerRow(side="other", kind=organisation_kind, code=None, name=organisation_name, role=role))
    codes = [currency.lower() for currency in Currency.values]
    without_facts = set(by_pk)
    for facts in ProjectFacts.objects.filter(project_id__in=by_pk).only(
            "project_id", *codes, *(f"{code}_lines" for code in codes)):
        without_facts.discard(facts.project_id)
        by_pk[facts.project_id].budget = facts.budget_by_currency()
    if without_facts:  # facts not computed (written behind the signals' back): the lines
        lines = BudgetLine.objects.filter(project_id__in=without_facts).order_by("currency").values(
            "project_id", "currency").annotate(total=Sum("amount"))
        for line in lines:
            by_pk[line["project_id"]].budget[line["currency"]] = line["total"]
    return found


def rows_of(facts, start: int, stop: int) -> list[ProjectRow]:
    """ProjectRows of the projects from `start` to `stop` (excluded) of `facts`
    (ProjectFacts) in their LIST_ORDER. One query finds and reads the page's projects: the
    ids come from a subquery walking the facts' list index."""
    from .facts_models import LIST_ORDER
    from .models import Project

    page = facts.order_by(*LIST_ORDER).values("project_id")[start:stop]
    return rows(Project.objects.filter(pk__in=page).order_by("-start_date", "facts__title_key", "pk"))


class ProjectRows:
    """The projects of a list as a sequence a Paginator slices: `facts` (ProjectFacts,
    visible and filtered) gives the count and, in LIST_ORDER, the ids of the slice; only
    the slice's projects are read."""

    def __init__(self, facts):
        self.facts = facts

    def count(self) -> int:
        return self.facts.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[ProjectRow]:
        return rows_of(self.facts, page.start or 0, page.stop)


def rows_html(page: list[ProjectRow]) -> SafeString:
    """The `<tr>` of the list's table, one per project, written as strings: through the
    template engine (a lookup, a filter and an escape per value) the 25 rows took about as
    long as all the page's queries. Every text from the data is escaped."""
    from core.templatetags.money import money

    not_public, demo, other = escape(gettext("non publié")), escape(gettext("démo")), escape(gettext("Autre"))
    html = []
    for row in page:
        badges = (f' <span class="badge">{not_public}</span>' if not row.is_public else "") + (
            f' <span class="badge demo">{demo}</span>' if row.is_demo else "")
        themes = ", ".join(escape(title) for _slug, title in row.themes)
        about = escape(", ".join(row.pistes)) + (f" · {themes}" if themes else "")
        partners = "".join(
            f'<li><span class="badge {escape(partner.side)}">'
            f'{other if partner.side == "other" else escape(partner.side.upper())}</span> {escape(partner.name)}</li>'
            for partner in row.partners)
        end = f"{row.end_date.year:04d}" if row.end_date else "…"
        budget = "<br>".join(escape(money(total, currency)) for currency, total in row.budget.items())
        html.append(
            f'<tr>\n<td><a href="{escape(row.get_absolute_url())}">{escape(row.title)}</a>{badges}\n'
            f'<br><small>{about}</small></td>\n'
            f'<td><ul class="plain">{partners}</ul></td>\n'
            f'<td>{row.start_date.year:04d}–{end}</td>\n'
            f'<td>{escape(row.get_status_display())}</td>\n'
            f'<td class="num">{budget}</td>\n</tr>\n'
        )
    return mark_safe("".join(html))
