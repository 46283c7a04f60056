"""The dashboard's filters, shared by the page, its exports and the API."""
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import Select
from plan.models import Axis, Plan
from projects.models import Project
from territories.models import Collectivity, Kind, Side

from .aggregates import Filters

SIDE_CHOICES = [("", _("Les deux côtés")), (Side.FRANCE.value, _("France")), (Side.QUEBEC.value, _("Québec"))]


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, as the page shows it: its field's label, its value's label, and
    the dashboard's query string without it."""

    name: str
    label: str
    value: str
    query_without: str


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} ({region.get_side_display()})"


class DashboardFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        Plan.objects.order_by("-start_year"), to_field_name="slug", required=False,
        label=_("Plan d'action"), empty_label=_("Le plus récent"), widget=Select,
    )
    year = forms.IntegerField(
        label=_("Année"), required=False, min_value=1990, max_value=2100,
        help_text=_("Projets actifs cette année-là."),
    )
    side = forms.ChoiceField(
        label=_("Côté"), choices=SIDE_CHOICES, required=False, widget=Select,
        help_text=_("Projets ayant un partenaire de ce côté."),
    )
    region = RegionChoiceField(
        # Only what the options and the filters read: a région's other columns are wide.
        Collectivity.objects.current().filter(kind=Kind.REGION).only("pk", "name", "side", "code").order_by("side", "name"),
        label=_("Région"), required=False, empty_label=_("Toutes"), widget=Select,
        help_text=_("Région ou région administrative d'une collectivité partenaire."),
    )
    theme = forms.ChoiceField(label=_("Thème"), required=False, widget=Select)
    status = forms.ChoiceField(
        label=_("État du projet"), choices=[("", _("Tous"))] + list(Project.Status.choices), required=False,
        widget=Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Axis.objects.filter(kind=Axis.Kind.THEME).order_by("title").values_list("slug", "title")
        self.fields["theme"].choices = [("", _("Tous"))] + list(dict(themes).items())

    def filters(self) -> Filters:
        """The valid filters; an invalid field is left out (the form shows its error)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        plan = data.get("plan") or self.fields["plan"].queryset.first()
        return Filters(
            plan=plan,
            year=data.get("year"),
            side=data.get("side") or None,
            region=data.get("region"),
            theme=data.get("theme") or None,
            status=data.get("status") or None,
        )

    def active_filters(self, filters: Filters) -> list[ActiveFilter]:
        """The filters the reader chose (the default plan is none), in the form's order,
        each with the query string of the page without it. No query: the values are those
        `filters` holds."""
        given = {key for key, value in self.data.items() if value} if self.is_bound else set()
        params = {key: value for key, value in filters.as_params().items() if key in given}
        values = {
            "plan": filters.plan.title if filters.plan else "",
            "year": str(filters.year),
            "side": str(dict(SIDE_CHOICES).get(filters.side, filters.side)),
            "region": self.fields["region"].label_from_instance(filters.region) if filters.region else "",
            "theme": str(dict(self.fields["theme"].choices).get(filters.theme, filters.theme)),
            "status": str(Project.Status(filters.status).label) if filters.status else "",
        }
        return [
            ActiveFilter(
                name=name, label=str(self.fields[name].label), value=values[name],
                query_without=urlencode({key: value for key, value in params.items() if key != name}),
            )
            for name in self.fields if name in params
        ]
