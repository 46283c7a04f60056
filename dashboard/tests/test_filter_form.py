"""The filter form's selects (core.widgets.Select) write the markup of Django's templates."""
import pytest
from django import forms

from dashboard.forms import DashboardFilterForm

pytestmark = pytest.mark.django_db


def test_the_form_renders_its_selects_as_django_would(world):
    form = DashboardFilterForm({"side": "mars", "region": world.mauricie.pk, "plan": "2008-2010"})
    form.filters()
    for name in ["plan", "side", "region", "theme", "status"]:
        field = form[name]
        ours = str(field)
        field.field.widget = forms.Select(choices=field.field.widget.choices)
        assert ours == str(field), name
