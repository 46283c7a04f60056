"""Forms of the registry: the list's filters, and what an editor maintains about their collectivity."""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import VersionedForm

from .facets import tally
from .models import KIND_LABELS_BY_SIDE, Collectivity, Kind, PopulationBand, Side

# The filters counted as facets, each under the other active filters.
FACETS = ("kind", "region", "population")

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
        self.regions = regions
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

    def _matching(self, *, facets: bool = True) -> QuerySet:
        """The collectivities the filters keep (those of the facets too, if `facets`), unordered."""
        data = getattr(self, "cleaned_data", {})
        qs = Collectivity.objects.all()
        if not data.get("include_former"):
            qs = qs.current()
        if data.get("side"):
            qs = qs.filter(side=data["side"])
        if facets:
            if data.get("kind"):
                qs = qs.filter(kind=data["kind"])
            if data.get("region"):
                qs = qs.filter(region_id=data["region"])
            if data.get("population"):
                qs = qs.in_population_band(data["population"])
        if data.get("q", "").strip():
            qs = qs.named(data["q"])
        return qs

    def results(self) -> QuerySet:
        """The matching collectivities in list order; call after is_valid()."""
        qs = self._matching().for_list()
        data = getattr(self, "cleaned_data", {})
        if data.get("q", "").strip():
            return qs.find(data["q"])
        return qs.by_population()

    def facets(self) -> "Facets":
        """Each facet's values with their counts under the other active filters, and the
        count of the results, summed here from the counts by kind × région × population
        band of the rows the other filters keep: the stored ones (territories.facets), or
        for a search one grouped query of the rows it finds. Call after is_valid()."""
        data = getattr(self, "cleaned_data", {})
        chosen = {"kind": data.get("kind") or None, "region": data.get("region"),
                  "population": data.get("population") or None}
        if data.get("q", "").strip():
            cube = (self._matching(facets=False).order_by().values_list("kind", "region_id", "population_band")
                    .annotate(n=Count("pk")))
        else:
            cube = [(*key, n) for key, n in tally(side=data.get("side") or "",
                                                  include_former=bool(data.get("include_former"))).items()]
        counts = {name: Counter() for name in FACETS}
        total = 0
        for kind, region, band, n in cube:
            values = {"kind": kind, "region": region, "population": band}
            # A row missed by the filters of other facets only is counted in that facet.
            missed = [name for name in FACETS if chosen[name] is not None and values[name] != chosen[name]]
            if not missed:
                total += n
            for name in FACETS:
                if not missed or missed == [name]:
                    counts[name][values[name]] += n
        return Facets(total=total, groups=[
            self._facet("kind", _("Type"), chosen["kind"], counts["kind"], self._kind_labels(counts["kind"])),
            self._facet("region", _("Région"), chosen["region"], counts["region"], self._region_labels()),
            self._facet("population", _("Population"), chosen["population"], counts["population"],
                        dict(PopulationBand.choices), ordered=True),
        ])

    def _kind_labels(self, kinds) -> dict:
        side = self.chosen_side
        return {kind: str(KIND_LABELS_BY_SIDE.get((side, kind), Kind(kind).label)) for kind in kinds}

    def _region_labels(self) -> dict:
        return {pk: name for pk, side, name in self.regions if not self.chosen_side or side == self.chosen_side}

    def _facet(self, name: str, title, chosen, counts: Counter, labels: dict, *, ordered: bool = False):
        """A facet's values with a count (or the one chosen), most frequent first unless `ordered`."""
        values = [value for value in labels if counts[value] or value == chosen]
        if not ordered:
            values.sort(key=lambda value: (-counts[value], labels[value]))
        return FacetGroup(name=name, title=title, values=[
            FacetValue(label=labels[value], count=counts[value], active=value == chosen,
                       query=self._toggled(name, None if value == chosen else value)) for value in values])

    def _toggled(self, name: str, value) -> str:
        """The list's query with filter `name` set to `value` (removed when None), from page 1."""
        query = self.data.copy() if hasattr(self.data, "copy") else {}
        for dropped in (name, "page", "format"):
            query.pop(dropped, None)
        if value is not None:
            query[name] = value
        return query.urlencode() if hasattr(query, "urlencode") else ""


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    active: bool
    query: str  # the list's query string that adds this value, or removes it when active


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str
    values: list


@dataclass(frozen=True)
class Facets:
    total: int  # the number of results (every filter applied)
    groups: list


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
