"""Forms of the registry's records: the filters of the lists, an agreement with its
parties, a twinning with its committees. They validate input; the rules that span
several records (both sides present, who may name whom) live in registry/actions.py and
come back into these forms as errors."""
from __future__ import annotations

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import VersionedForm
from core.widgets import Select
from plan.models import Axis, Piste
from projects.forms import DateInput, PlanItemCodesField, clean_document
from territories.models import Collectivity, Kind, Side
from territories.names import normalize
from territories.picker import PickerInput, choice_reference, resolve

from .models import Agreement, AgreementParty, Twinning, TwinningCommittee, collectivities_coded, region_coded

ANY = [("", _("Tous"))]


def coded(collectivity: Collectivity | None) -> str:
    return f"{collectivity.side}:{collectivity.code}" if collectivity else ""


class CollectivityField(forms.CharField):
    """A collectivity typed as `côté:code` (`fr:69123`, `qc:37067`, `fr:82` for the former
    Rhône-Alpes) or its exact name. Today's collectivities come first; a former one is
    found when no current one bears that code or name (what was signed before a merger
    names the entity that signed)."""

    def __init__(self, *, side: str | None = None, **kwargs):
        self.side = side
        kwargs.setdefault("help_text", _("Côté et code officiel (fr:69123 pour Lyon, qc:37067 pour Trois-Rivières, "
                                         "fr:82 pour l'ancienne région Rhône-Alpes) ou nom exact."))
        kwargs.setdefault("widget", PickerInput(side=side or ""))
        super().__init__(max_length=300, **kwargs)

    def prepare_value(self, value):
        return coded(value) if isinstance(value, Collectivity) else value

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        value = choice_reference(value)
        if ":" in value:
            found = collectivities_coded(value)
        else:
            rows = Collectivity.objects.filter(search_name=normalize(value))
            if self.side:
                rows = rows.filter(side=self.side)
            found = list(rows.order_by(F("valid_until").desc(nulls_first=True), "kind")[:6])
            current = [c for c in found if c.valid_until is None]
            found = current or found[:1]
            if not found:  # not an exact name: today's whose names start so, or the candidates
                found = [resolve(value, side=self.side or "")]
        if self.side:
            found = [c for c in found if c.side == self.side]
        if not found:
            raise forms.ValidationError(_("Aucune collectivité ne correspond à « %(value)s ».") % {"value": value})
        if len(found) > 1:
            names = ", ".join(f"{c.side}:{c.kind}:{c.code} ({c.name}, {c.kind_label})" for c in found[:5])
            raise forms.ValidationError(_("Plusieurs collectivités correspondent à « %(value)s » : %(names)s. "
                                          "Écrivez l'une de ces formes.") % {"value": value, "names": names})
        return found[0]


# Filters of the lists.

def filter_options() -> dict:
    """What the lists' filters offer, as plain values (two queries): the current régions of
    both sides by side, `(side:code, name)`, and the themes, `(slug, title)`. The lists keep
    them in the cache until the data version moves (registry.views._list)."""
    regions = Collectivity.objects.current().filter(kind=Kind.REGION, side__in=(Side.FRANCE, Side.QUEBEC)).only(
        "side", "code", "name").order_by("side", french("name"))
    groups = {Side.FRANCE: [], Side.QUEBEC: []}
    for region in regions:
        groups[region.side].append((coded(region), region.name))
    themes = {}
    for slug, title in Axis.objects.filter(kind=Axis.Kind.THEME).order_by("plan__start_year", "position").values_list(
            "slug", "title"):
        themes.setdefault(slug, title)
    return {"regions": {str(side): rows for side, rows in groups.items()}, "themes": list(themes.items())}


def region_choices(options: dict) -> list:
    """The régions of `options` (filter_options), grouped by side."""
    return [("", _("Toutes")), (_("Régions de France"), options["regions"][Side.FRANCE]),
            (_("Régions administratives du Québec"), options["regions"][Side.QUEBEC])]


def theme_choices(options: dict) -> list:
    return [("", _("Tous")), *options["themes"]]


class RecordFilterForm(forms.Form):
    """The filters of a list: values that are not valid are left out (and shown)."""

    side = forms.ChoiceField(label=_("Côté"), required=False, widget=Select,
                             choices=ANY + [(Side.FRANCE, _("France")), (Side.QUEBEC, _("Québec")),
                                            (Side.OTHER, _("Autre pays"))])
    region = forms.ChoiceField(label=_("Région"), required=False, widget=Select,
                               help_text=_("Région française ou région administrative du Québec, "
                                           "collectivités d'aujourd'hui comprises."))
    collectivity = forms.CharField(label=_("Collectivité"), required=False, max_length=300, widget=PickerInput(),
                                   help_text=_("Son nom (accents facultatifs), ou côté et code : fr:69123, "
                                               "qc:37067, fr:84."))
    theme = forms.ChoiceField(label=_("Thème"), required=False, widget=Select)
    status = forms.ChoiceField(label=_("Statut"), required=False, widget=Select)
    kind = forms.ChoiceField(label=_("Nature"), required=False, widget=Select)

    def __init__(self, *args, model, options: dict | None = None, **kwargs):
        """`options`: filter_options(), when the caller has them already (from the cache)."""
        super().__init__(*args, **kwargs)
        options = options or filter_options()
        self.fields["region"].choices = region_choices(options)
        self.fields["theme"].choices = theme_choices(options)
        self.fields["status"].choices = ANY + model.Status.choices
        self.fields["kind"].choices = ANY + model.Kind.choices
        if model is Twinning:
            self.fields["status"].label = _("Activité")
            self.fields["side"].help_text = _("Chaque jumelage joint les deux côtés.")
        else:
            self.fields["side"].help_text = _("A une partie de ce côté : collectivité, gouvernement ou organisation.")

    def clean_region(self):
        value = self.cleaned_data["region"]
        return region_coded(value) if value else None

    def clean_collectivity(self):
        value = choice_reference(self.cleaned_data["collectivity"].strip())
        if not value:
            return None
        if ":" not in value:
            named = resolve(value)
            value = f"{named.side}:{named.kind}:{named.code}"
        found = collectivities_coded(value)
        if not found:
            raise forms.ValidationError(_("Aucune collectivité ne correspond à « %(value)s » (écrivez côté:code, "
                                          "par exemple fr:69123).") % {"value": value})
        return found

    def filters(self) -> dict:
        """The valid filters, for QuerySet.matching()."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}


# An agreement and its parties.

class AgreementForm(VersionedForm, forms.ModelForm):
    renews = forms.ModelChoiceField(
        label=_("Renouvelle l'entente n°"), required=False, queryset=Agreement.objects.all(),
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("Le numéro de l'entente précédente de la même suite (affiché sur sa fiche), "
                    "par exemple le 7e plan d'action pour le 8e."),
        error_messages={"invalid_choice": _("Aucune entente ne porte ce numéro.")})
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), required=False, queryset=Axis.objects.filter(kind=Axis.Kind.THEME).order_by("position"),
        widget=forms.CheckboxSelectMultiple)
    pistes = forms.ModelMultipleChoiceField(
        label=_("Pistes du plan servies"), required=False,
        queryset=Piste.objects.select_related("axis").order_by("axis__plan__start_year", "axis__position", "position"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."))

    class Meta:
        model = Agreement
        fields = ["title", "kind", "status", "signed_on", "since_year", "valid_from", "valid_until", "until_year",
                  "renews", "sequence", "themes", "pistes", "summary", "notes", "document", "is_published", "source"]
        widgets = {"signed_on": DateInput(), "valid_from": DateInput(), "valid_until": DateInput(),
                   "summary": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pistes"].label_from_instance = lambda piste: f"{piste.code} — {piste.text[:90]}"
        self.fields["renews"].widget.attrs["min"] = 1

    def clean_document(self):
        return clean_document(self.cleaned_data.get("document"))

    def action_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if not data.get("document") and self.instance.pk:
            # Left empty: the stored document stays (a checkbox of the widget clears it).
            data["document"] = self.instance.document if data.get("document") is None else ""
        return data


class PartyForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Nature"), choices=AgreementParty.Kind.choices, widget=Select,
                             initial=AgreementParty.Kind.COLLECTIVITY)
    collectivity = CollectivityField(label=_("Collectivité signataire"), required=False)
    side = forms.ChoiceField(label=_("Côté"), required=False, widget=Select,
                             choices=[("", _("— celui de la collectivité —"))] + Side.choices,
                             help_text=_("Pour un gouvernement ou une organisation."))
    name = forms.CharField(label=_("Nom du gouvernement ou de l'organisation"), required=False, max_length=200)
    country = forms.CharField(label=_("Pays (code ISO)"), required=False, max_length=2,
                              help_text=_("Pour une partie d'un autre pays, par exemple BE."))
    signatory = forms.CharField(label=_("Signataire"), required=False, max_length=200)
    signatory_title = forms.CharField(label=_("Qualité du signataire"), required=False, max_length=200)

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("collectivity") or data.get("name") or data.get("id"))


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self) -> list[dict]:
        """The parties kept (a deleted or empty row is left out)."""
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()]


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=2, can_delete=True, max_num=30)


def party_initial(agreement: Agreement) -> list[dict]:
    return [{"id": p.pk, "kind": p.kind, "collectivity": coded(p.collectivity) if p.collectivity_id else "",
             "side": p.side if not p.collectivity_id else "", "name": p.name, "country": p.country,
             "signatory": p.signatory, "signatory_title": p.signatory_title} for p in agreement.parties.all()]


# A twinning and its committees.

class TwinningForm(VersionedForm, forms.ModelForm):
    french = CollectivityField(label=_("Collectivité française"), side=Side.FRANCE,
                               help_text=_("Code (fr:69123) ou nom exact ; une ancienne commune ou une commune "
                                           "déléguée se nomme telle qu'elle a signé."))
    quebec = CollectivityField(label=_("Collectivité québécoise"), side=Side.QUEBEC,
                               help_text=_("Code (qc:37067) ou nom exact ; une ancienne municipalité (Chicoutimi) "
                                           "se nomme telle qu'elle a signé."))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), required=False, queryset=Axis.objects.filter(kind=Axis.Kind.THEME).order_by("position"),
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Twinning
        fields = ["kind", "french", "quebec", "since_year", "since", "until_year", "until", "status",
                  "last_exchange", "themes", "notes", "is_published", "source"]
        widgets = {"since": DateInput(), "until": DateInput(), "last_exchange": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["french"] = coded(self.instance.french)
            self.initial["quebec"] = coded(self.instance.quebec)

    def action_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CommitteeForm(forms.ModelForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    side = forms.ChoiceField(label=_("Côté"), choices=[(Side.FRANCE, _("France")), (Side.QUEBEC, _("Québec"))],
                             widget=Select)
    name = forms.CharField(label=_("Nom du comité ou de l'association"), max_length=200, required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")

    class Meta:
        model = TwinningCommittee
        fields = ["side", "name", "contact_name", "email", "phone", "website"]


class BaseCommitteeFormSet(forms.BaseFormSet):
    def committees(self) -> list[dict]:
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("name") or form.cleaned_data.get("id"))]


CommitteeFormSet = forms.formset_factory(CommitteeForm, formset=BaseCommitteeFormSet, extra=2, can_delete=True,
                                         max_num=10)


def committee_initial(twinning: Twinning) -> list[dict]:
    return [{"id": c.pk, "side": c.side, "name": c.name, "contact_name": c.contact_name, "email": c.email,
             "phone": c.phone, "website": c.website} for c in twinning.committees.all()]


# The API's writes (registry/api.py): the pages' forms, filled from JSON.

class AgreementApiForm(AgreementForm):
    """AgreementForm as the API fills it: themes by slug and pistes by code, as its answers
    name them; no document (a JSON body carries no file: the stored one stays)."""

    themes = PlanItemCodesField(label=_("Thèmes"), queryset=Axis.objects.filter(kind=Axis.Kind.THEME),
                                code_lookup="slug", plan_lookup="plan__slug")
    pistes = PlanItemCodesField(label=_("Pistes du plan servies"), queryset=Piste.objects.all(),
                                code_lookup="code", plan_lookup="axis__plan__slug")

    class Meta(AgreementForm.Meta):
        fields = [name for name in AgreementForm.Meta.fields if name != "document"]


class TwinningApiForm(TwinningForm):
    """TwinningForm as the API fills it: themes by slug."""

    themes = PlanItemCodesField(label=_("Thèmes"), queryset=Axis.objects.filter(kind=Axis.Kind.THEME),
                                code_lookup="slug", plan_lookup="plan__slug")
