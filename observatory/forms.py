from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedForm
from plan.models import Axis, Piste
from projects.forms import CollectivityCodeField, clean_document
from territories.models import Side

from .access import is_secretariat
from .models import THEME_KINDS, Practice, editor_ids


class PracticeForm(VersionedForm, forms.ModelForm):
    collectivity_codes = forms.CharField(
        label=_("Collectivités à l'origine de la pratique"), max_length=1000,
        help_text=_("Codes officiels ou noms exacts, séparés par des virgules (par exemple 69123, qc:37067)."))

    class Meta:
        model = Practice
        fields = ["title", "summary", "body", "theme", "piste", "results", "figures", "worked", "to_avoid",
                  "document", "contact_name", "contact_email"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["theme"].queryset = Axis.objects.filter(kind__in=THEME_KINDS).order_by("position")
        self.fields["piste"].queryset = Piste.objects.select_related("axis").order_by("axis__position", "position")
        self.fields["piste"].label_from_instance = lambda p: f"{p.code} — {p.heading or p.text[:80]}"
        initial = self.initial.get("collectivities") or (
            list(self.instance.collectivities.all()) if self.instance.pk else [])
        self.fields["collectivity_codes"].initial = ", ".join(f"{c.side}:{c.code}" for c in initial)

    def clean_document(self):
        return clean_document(self.cleaned_data.get("document"))

    def clean_collectivity_codes(self):
        field = CollectivityCodeField()
        found = []
        for code in self.cleaned_data["collectivity_codes"].replace(";", ",").split(","):
            if code.strip():
                try:
                    found.append(field.clean(code))
                except forms.ValidationError as error:
                    raise forms.ValidationError(error.messages) from None
        if not found:
            raise forms.ValidationError(_("Indiquez au moins une collectivité."))
        if not is_secretariat(self.user) and not {c.pk for c in found} & editor_ids(self.user):
            raise forms.ValidationError(_("Indiquez au moins une des collectivités dont vous êtes éditeur."))
        return list(dict.fromkeys(found))

    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def save(self, commit=True):
        practice = super().save(commit)
        if commit:
            practice.collectivities.set(self.cleaned_data["collectivity_codes"])
        return practice


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("Ce qu'il faut reprendre"), widget=forms.Textarea(attrs={"rows": 3}))


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class PracticeFilterForm(forms.Form):
    theme = forms.ModelChoiceField(Axis.objects.filter(kind__in=THEME_KINDS).order_by("position"), required=False,
                                   to_field_name="slug", label=_("Thème"))
    piste = forms.CharField(required=False, label=_("Piste (code)"), max_length=20)
    side = forms.ChoiceField(choices=[("", _("Les deux côtés"))] + [(v, l) for v, l in Side.choices if v != "other"],
                             required=False, label=_("Côté"))
    region = forms.IntegerField(required=False, min_value=1, label=_("Région (numéro)"), widget=forms.HiddenInput)

    def filter(self, practices):
        data = self.cleaned_data
        if data.get("theme"):
            practices = practices.for_theme(data["theme"].slug)
        if data.get("piste"):
            practices = practices.for_piste(data["piste"])
        if data.get("side"):
            practices = practices.for_side(data["side"])
        if data.get("region"):
            practices = practices.in_region(data["region"])
        return practices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False)
    kind = forms.ChoiceField(required=False, label=_("Nature"), choices=[
        ("", _("Toutes")), ("practice", _("Bonnes pratiques")), ("project", _("Projets")),
        ("agreement", _("Ententes")), ("profile", _("Profils de coopération"))])
    theme = forms.IntegerField(required=False, min_value=1, label=_("Thème"))
    side = forms.ChoiceField(required=False, label=_("Côté"), choices=[
        ("", _("Les deux")), ("fr", _("France")), ("qc", _("Québec"))])
    region = forms.IntegerField(required=False, min_value=1, label=_("Région"))
    page = forms.IntegerField(required=False, min_value=1, max_value=500, label=_("Page"))
