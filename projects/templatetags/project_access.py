"""Template side of projects/access.py: whether to offer a change the server would refuse."""
from django import template

from projects.access import can_change_item

register = template.Library()


@register.filter
def changeable_by(item, user) -> bool:
    """`{% if item|changeable_by:user %}`, for a user who may change the item's project:
    the same rule as the 403 of the edit and delete pages (access.item_change_refusal)."""
    return bool(user and user.is_authenticated) and can_change_item(user, item)
