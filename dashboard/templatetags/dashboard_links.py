"""Links from a dashboard figure to the list of the projects behind it."""
from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def projects_link(context, **params) -> str:
    """`{% projects_link piste="dd-1" status="en_cours" %}`: /projets/ with the dashboard's
    current filters and these ones (an empty value removes a filter)."""
    # The list's address and the filters' parameters are worked out once per page: the
    # page has hundreds of figures.
    if "_projects_link_base" not in context.render_context:
        context.render_context["_projects_link_base"] = (
            reverse("projects:list"), context["filters"].project_list_params()
        )
    url, base = context.render_context["_projects_link_base"]
    query = dict(base)
    for key, value in params.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return f"{url}?{urlencode(query)}" if query else url


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
