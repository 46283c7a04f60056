from django import template

from ..views import detail_url

register = template.Library()


@register.filter
def collectivity_url(collectivity) -> str:
    """The page of this record: its code's page, or `?id=` for a former version."""
    return detail_url(collectivity)
