from django import forms
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import VersionedForm
from core.widgets import Select
from projects.access import acts_as_secretariat
from projects.forms import CollectivityCodeField, DateInput
from territories.models import Collectivity, Kind, Side

from .models import AGE_BANDS, FIRST_YEAR, LAST_YEAR, SEXES, Direction, Exchange, ExchangeKind, Target, editor_ids


class Fieldset:
    """A group of a form's visible fields under one legend; iterates over its bound fields,
    so that templates/form_fieldsets.html renders it as it renders a form."""

    def __init__(self, form, legend, names, description=""):
        self.legend, self.description = legend, description
        self.fields = [form[name] for name in names]

    def __iter__(self):
        return iter(self.fields)

    @property
    def errors(self) -> bool:
        return any(field.errors for field in self.fields)


class ExchangeForm(VersionedForm, forms.ModelForm):
    sending_collectivity = CollectivityCodeField(label=_("Collectivité d'envoi"), required=False)
    host_collectivity = CollectivityCodeField(label=_("Collectivité d'accueil"), required=False)

    class Meta:
        model = Exchange
        fields = ["title", "kind", "direction", "sending_collectivity", "sending_body", "host_collectivity",
                  "host_body", "start_date", "end_date", "participants", *AGE_BANDS, *SEXES]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    # The legends of the form's groups, with the fields each holds, in order.
    FIELDSETS = (
        (_("L'échange"), ("title", "kind", "direction"), ""),
        (_("Envoi"), ("sending_collectivity", "sending_body"),
         _("Une collectivité ou, à défaut, un organisme.")),
        (_("Accueil"), ("host_collectivity", "host_body"),
         _("Une collectivité ou, à défaut, un organisme.")),
        (_("Dates"), ("start_date", "end_date"), _("L'année du bilan est celle du début.")),
        (_("Nombre de participants"), ("participants",), ""),
        (_("Par tranche d'âge (facultatif)"), AGE_BANDS, _("Laissez vide ce que vous ne savez pas.")),
        (_("Par sexe (facultatif)"), SEXES, _("Laissez vide ce que vous ne savez pas.")),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in (*AGE_BANDS, *SEXES):
            self.fields[name].help_text = ""  # said once, by their group
        for role in ("sending", "host"):
            collectivity = getattr(self.instance, f"{role}_collectivity", None) if self.instance.pk else None
            if collectivity is not None:
                self.initial[f"{role}_collectivity"] = f"{collectivity.side}:{collectivity.code}"

    def clean(self):
        data = super().clean()
        if not acts_as_secretariat(self.user):
            chosen = {c.pk for c in (data.get("sending_collectivity"), data.get("host_collectivity")) if c}
            if not chosen & editor_ids(self.user):
                self.add_error(None, _("Indiquez comme collectivité d'envoi ou d'accueil une des collectivités "
                                       "dont vous êtes éditeur."))
        return data

    def fieldsets(self) -> list[Fieldset]:
        return [Fieldset(self, legend, names, description) for legend, names, description in self.FIELDSETS]

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class TargetForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["max_imbalance", "min_per_direction", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("max_imbalance") is None and data.get("min_per_direction") is None:
            raise forms.ValidationError(_("Fixez un écart maximal, un minimum par sens, ou les deux."))
        return data


class ExchangeFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Année"))
    kind = forms.ChoiceField(choices=[("", _("Toutes"))] + ExchangeKind.choices, required=False,
                             label=_("Nature"), widget=Select)
    direction = forms.ChoiceField(choices=[("", _("Les deux sens"))] + Direction.choices, required=False,
                                  label=_("Sens"), widget=Select)
    region = forms.ModelChoiceField(
        Collectivity.objects.current().filter(kind=Kind.REGION, side__in=[Side.FRANCE, Side.QUEBEC])
        .order_by("side", french("name")), required=False, label=_("Région"), empty_label=_("Toutes"), widget=Select)

    def filter(self, exchanges):
        data = self.cleaned_data
        if data.get("year"):
            exchanges = exchanges.for_year(data["year"])
        if data.get("kind"):
            exchanges = exchanges.for_kind(data["kind"])
        if data.get("direction"):
            exchanges = exchanges.for_direction(data["direction"])
        if data.get("region"):
            exchanges = exchanges.in_region(data["region"].pk)
        return exchanges


class BalanceForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Année"))
