"""The filter form's selects (maillage.widgets.Select) write the markup of Django's templates."""
import pytest
from django import forms
from django.utils.translation import gettext_lazy

from dashboard.forms import DashboardFilterForm
from maillage.widgets import Select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["", "b", None])
def test_a_select_writes_what_djangos_templates_write(value):
    choices = [("", gettext_lazy("Tous")), ("a", "A & <b>"), ("b", 'Le "b"'), (3, "Trois")]
    attrs = {
        "id": "id_x", "aria-describedby": "id_x_helptext", "aria-invalid": "true", "required": False, "autofocus": True,
    }
    ours = Select(choices=choices).render("x", value, attrs=attrs)
    assert ours == forms.Select(choices=choices).render("x", value, attrs=attrs)
    assert "A &amp; &lt;b&gt;" in ours


def test_the_form_renders_its_selects_as_django_would(world):
    form = DashboardFilterForm({"side": "mars", "region": world.mauricie.pk, "plan": "2008-2010"})
    form.filters()
    for name in ["plan", "side", "region", "theme", "status"]:
        field = form[name]
        ours = str(field)
        field.field.widget = forms.Select(choices=field.field.widget.choices)
        assert ours == str(field), name
