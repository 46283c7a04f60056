"""HTML forms of the matchmaking: validation only; the writes are in matching/actions.py."""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.dates import short_date
from core.locking import VersionedForm
from core.widgets import Select
from plan.models import Axis, Piste
from projects.forms import CollectivityCodeField, DateInput, PlanItemCodesField
from projects.models import Organisation
from territories.models import Collectivity, Side

from .models import Posting, Profile, StaffExchange

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def themes_queryset():
    return Axis.objects.filter(kind=Axis.Kind.THEME).order_by("plan__start_year", "position", "pk")


def clean_languages(value: str) -> str:
    """ISO 639-1 codes separated by commas, lower-cased, each once: "EN, es" → "en, es"."""
    codes = []
    for code in (part.strip().lower() for part in value.split(",")):
        if not code:
            continue
        if not LANGUAGE_CODE.match(code):
            raise forms.ValidationError(_("« %(code)s » n'est pas un code de langue ISO 639-1 (deux lettres, "
                                          "par exemple en ou es).") % {"code": code})
        if code not in codes:
            codes.append(code)
    return ", ".join(codes)


class ModelFields:
    """The cleaned values of the model's own fields (what an action receives)."""

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class ProfileForm(ModelFields, VersionedForm, forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["themes", "pistes", "offers", "seeks", "excellence", "languages", "is_open",
                  "elected_name", "elected_title", "elected_email", "staff_name", "staff_title", "staff_email",
                  "is_published"]
        widgets = {"themes": forms.CheckboxSelectMultiple, "pistes": forms.CheckboxSelectMultiple,
                   "offers": forms.Textarea(attrs={"rows": 4}), "seeks": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"is_published": _("Un profil publié est visible de tous ; les contacts ne sont montrés "
                                        "qu'aux partenaires dont vous acceptez l'intérêt.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes_queryset()
        self.fields["pistes"].queryset = Piste.objects.order_by("axis__plan__start_year", "axis__position", "position")

    def clean_languages(self):
        return clean_languages(self.cleaned_data["languages"])


class ProfileCreateForm(ProfileForm):
    """A new profile: an editor chooses one of their collectivities still without one; the
    secretariat types any collectivity's code or chooses an organisation."""

    def __init__(self, *args, user, secretariat: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.secretariat = secretariat
        if secretariat:
            self.fields["collectivity"] = CollectivityCodeField(label=_("Collectivité"), required=False)
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("ou organisation"), required=False, widget=Select,
                queryset=Organisation.objects.filter(cooperation_profile__isnull=True).order_by(french("name")),
                help_text=_("Entreprise, centre de recherche, association : son profil est tenu par le secrétariat."))
            self.order_fields(["collectivity", "organisation"])
        else:
            self.fields["collectivity"] = forms.ModelChoiceField(
                label=_("Collectivité"), empty_label=None, widget=Select,
                queryset=Collectivity.objects.filter(pk__in=user.editable_collectivity_ids(),
                                                     cooperation_profile__isnull=True).order_by(french("name")))
            self.order_fields(["collectivity"])

    def clean(self):
        data = super().clean()
        if self.secretariat and not self.errors and bool(data.get("collectivity")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Indiquez une collectivité ou une organisation (l'une des deux)."))
        return data

    def owner(self) -> dict:
        return {"collectivity": self.cleaned_data.get("collectivity"),
                "organisation": self.cleaned_data.get("organisation")}


class PostingForm(ModelFields, VersionedForm, forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["kind", "title", "text", "themes", "horizon", "status", "is_published"]
        widgets = {"kind": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple,
                   "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"text": _("Quelques phrases : l'idée de projet ou le besoin, ce que vous apportez, "
                                "ce que vous cherchez.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes_queryset()


class PostingApiForm(PostingForm):
    """PostingForm as the API fills it: themes by slug, as its answers name them."""

    themes = PlanItemCodesField(label=_("Thèmes"), queryset=themes_queryset(), code_lookup="slug",
                                plan_lookup="plan__slug")


class ExchangeForm(ModelFields, VersionedForm, forms.ModelForm):
    duration_weeks = forms.IntegerField(label=_("Durée (semaines)"), min_value=1, max_value=104)

    class Meta:
        model = StaffExchange
        fields = ["kind", "post", "description", "themes", "duration_weeks", "available_from", "available_until",
                  "languages", "status", "is_published"]
        widgets = {"kind": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4}),
                   "available_from": DateInput(), "available_until": DateInput()}
        help_texts = {"languages": _("Codes ISO 639-1 séparés par des virgules : en, es…")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes_queryset()

    def clean_languages(self):
        return clean_languages(self.cleaned_data["languages"])

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("La fin de la période précède son début (%(start)s).") % {
                "start": short_date(start)})
        return data


class InterestForm(forms.Form):
    sender = forms.ModelChoiceField(label=_("Au nom de"), queryset=Profile.objects.none(), empty_label=None,
                                    widget=Select)
    message = forms.CharField(label=_("Votre message"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Ce que vous proposez, ce qui vous intéresse chez ce partenaire."))
    posting = forms.ModelChoiceField(queryset=Posting.objects.none(), required=False, widget=forms.HiddenInput)
    staff_exchange = forms.ModelChoiceField(queryset=StaffExchange.objects.none(), required=False,
                                            widget=forms.HiddenInput)

    def __init__(self, *args, senders, recipient: Profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = senders
        self.fields["posting"].queryset = Posting.objects.filter(profile=recipient)
        self.fields["staff_exchange"].queryset = StaffExchange.objects.filter(profile=recipient)

    def clean(self):
        data = super().clean()
        # A hidden field's error would not show beside it.
        for name in ("posting", "staff_exchange"):
            if name in self._errors:
                self.add_error(None, _("L'offre ou l'échange visé n'est plus celui de ce partenaire : rechargez la page."))
                self._errors.pop(name)
        return data


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Votre réponse"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accepter : nos contacts sont partagés")), ("decline", _("Décliner"))])
    answer = forms.CharField(label=_("Message (facultatif)"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class _Filters(forms.Form):
    """The lists' filters: invalid values are ignored (and shown)."""

    side = forms.ChoiceField(label=_("Côté"), required=False, widget=Select,
                             choices=[("", _("Les deux"))] + [(s.value, s.label) for s in (Side.FRANCE, Side.QUEBEC)])
    theme = forms.TypedChoiceField(label=_("Thème"), required=False, coerce=int, empty_value=None, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous"))] + [
            (theme.pk, theme.title) for theme in themes_queryset().only("title")]

    def filter_data(self) -> dict:
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class ProfileFilterForm(_Filters):
    open_only = forms.BooleanField(label=_("Ouvertes à de nouveaux partenaires seulement"), required=False)


class PostingFilterForm(_Filters):
    kind = forms.ChoiceField(label=_("Nature"), required=False, widget=Select,
                             choices=[("", _("Offres et demandes"))] + Posting.Kind.choices)


class ExchangeFilterForm(_Filters):
    kind = forms.ChoiceField(label=_("Nature"), required=False, widget=Select,
                             choices=[("", _("Offres et demandes"))] + StaffExchange.Kind.choices)

