"""Forms of the registry: the list's filters, and what an editor maintains about their collectivity."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import VersionedForm

from .models import Collectivity, Kind, PopulationBand, Side

KIND_GROUPS = [
    (_("France et Québec"), [Kind.REGION]),
    (
        _("France"),
        [
            Kind.DEPARTEMENT, Kind.COMMUNE, Kind.COMMUNE_DELEGUEE, Kind.COMMUNE_ASSOCIEE,
            Kind.ARRONDISSEMENT_MUNICIPAL, Kind.EPCI, Kind.EPT, Kind.STATUT_PARTICULIER,
            Kind.OUTRE_MER,
        ],
    ),
    (
        _("Québec"),
        [
            Kind.MRC, Kind.MUNICIPALITE, Kind.ARRONDISSEMENT, Kind.COMMUNAUTE_METROPOLITAINE,
            Kind.ADMINISTRATION_REGIONALE, Kind.CRE,
        ],
    ),
    (_("Ailleurs"), [Kind.FOREIGN]),
]


class CollectivityFilterForm(forms.Form):
    """The facets of the registry list. Invalid values are reported and ignored."""

    q = forms.CharField(
        label=_("Nom ou code"),
        required=False,
        max_length=100,
        help_text=_("Accents et majuscules indifférents : « levis » trouve Lévis, « st-jean » "
                    "trouve Saint-Jean-… Un code INSEE, SIREN ou géographique est cherché tel quel."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    side = forms.ChoiceField(
        label=_("Côté"),
        required=False,
        choices=[("", _("Tous"))] + Side.choices,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Tous les types"))]
        + [(group, [(kind.value, kind.label) for kind in kinds]) for group, kinds in KIND_GROUPS],
    )
    region = forms.TypedChoiceField(label=_("Région"), required=False, coerce=int, empty_value=None)
    population = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=[("", _("Toutes les tailles"))] + PopulationBand.choices,
    )
    include_former = forms.BooleanField(
        label=_("Inclure les anciennes collectivités (fusionnées, renommées, supprimées)"),
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # One query: every current région; the list shows those of the chosen side.
        regions = list(
            Collectivity.objects.current()
            .filter(kind=Kind.REGION)
            .order_by("side", french("name"))
            .values_list("pk", "side", "name")
        )
        self.region_sides = {pk: side for pk, side, _name in regions}
        self.chosen_side = (data or {}).get("side") if (data or {}).get("side") in Side.values else ""
        field = self.fields["region"]
        field.choices = [(pk, name) for pk, _side, name in regions]
        shown = [(pk, name) for pk, side, name in regions if side == self.chosen_side]
        if not self.chosen_side:
            shown = [
                (label, [(pk, name) for pk, side, name in regions if side == value])
                for value, label in Side.choices
                if value in self.region_sides.values()
            ]
        field.widget.choices = [("", _("Toutes les régions"))] + shown

    def clean(self):
        cleaned = super().clean()
        region, side = cleaned.get("region"), cleaned.get("side")
        # A région of the other side is left over from a change of side: drop it.
        if region and side and self.region_sides[region] != side:
            cleaned["region"] = None
        return cleaned

    def results(self) -> QuerySet:
        """The matching collectivities in list order; call after is_valid()."""
        data = getattr(self, "cleaned_data", {})
        qs = Collectivity.objects.for_list()
        if not data.get("include_former"):
            qs = qs.current()
        if data.get("side"):
            qs = qs.filter(side=data["side"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("region"):
            qs = qs.filter(region_id=data["region"])
        if data.get("population"):
            qs = qs.in_population_band(data["population"])
        if data.get("q", "").strip():
            return qs.find(data["q"])
        return qs.by_population()


class CollectivityEditForm(VersionedForm, forms.ModelForm):
    """What a collectivity maintains about itself."""

    website = forms.URLField(
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Adresse complète, par exemple https://www.lyon.fr"),
    )

    class Meta:
        model = Collectivity
        fields = ["website"]
