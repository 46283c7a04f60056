"""Form widgets shared by the apps."""
from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: True writes the name alone, False nothing.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


class Select(forms.Select):
    """Django's Select, written out in Python instead of through its templates.

    The same markup, byte for byte, as django/forms/widgets/select.html, select_option.html
    and attrs.html, with the same escaping (django.utils.html.escape is html.escape), from
    the same context (`get_context`). The filter forms of the lists and the dashboard hold
    about 100 options; through the templates each option is two includes, and the project
    list's form took 7 ms of a 35 ms page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(str(widget["name"]))}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(str(group_name))}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
                f'{escape(str(option["label"]))}</option>\n'
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
