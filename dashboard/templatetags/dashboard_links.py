"""Links from a dashboard figure to the list of the projects behind it."""
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from dashboard.tables import ListLinks

register = template.Library()


@register.simple_tag(takes_context=True)
def projects_link(context, **params) -> str:
    """`{% projects_link piste="dd-1" status="en_cours" %}`: /projets/ with the dashboard's
    current filters and these ones (an empty value removes a filter)."""
    # The list's address and the filters' parameters are worked out once per page.
    if "_projects_links" not in context.render_context:
        context.render_context["_projects_links"] = ListLinks(context["filters"])
    return context.render_context["_projects_links"].href(**params)


@register.simple_tag(takes_context=True)
def export_link(context, table: str, fmt: str) -> str:
    """The download of one dashboard table with the current filters."""
    query = urlencode(context["filters"].as_params())
    url = reverse("dashboard:export", kwargs={"table": table, "fmt": fmt})
    return f"{url}?{query}" if query else url


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def in_eur(amounts, rate):
    """`{{ amounts|in_eur:rate }}`: the converted total, through the one conversion rule."""
    return amounts.in_eur(rate)
