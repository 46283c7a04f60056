"""HTML forms of the fund: validation only; the writes are in fund/actions.py."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import VersionedForm
from core.widgets import Select
from projects.forms import CollectivityCodeField, DateInput, clean_document
from territories.models import Collectivity

from .models import AMOUNT, Application, Call, DocumentKind, FundSide, Report, Review, Stage
from .money import CURRENCY_OF_SIDE

MAX_AMOUNT = Decimal("999999999999.99")


def amount_field(label, **kwargs) -> forms.DecimalField:
    """An amount in one currency: a Decimal with cents, never negative."""
    return forms.DecimalField(label=label, min_value=Decimal("0"), max_value=MAX_AMOUNT,
                              decimal_places=AMOUNT["decimal_places"], max_digits=AMOUNT["max_digits"], **kwargs)


# Drafts.

class ApplicationCreateForm(forms.Form):
    """A new draft for one of the user's collectivities (the secretariat types any
    collectivity's code, to record an application of a past call)."""

    title = forms.CharField(label=_("Titre du projet"), max_length=250)
    summary = forms.CharField(label=_("Résumé"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, secretariat: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if secretariat:
            self.fields["lead"] = CollectivityCodeField(label=_("Collectivité cheffe de file"))
        else:
            self.fields["lead"] = forms.ModelChoiceField(
                label=_("Collectivité cheffe de file"), empty_label=None,
                queryset=Collectivity.objects.filter(pk__in=user.editable_collectivity_ids()).order_by(french("name")))
        self.order_fields(["lead", "title", "summary"])


class DraftForm(VersionedForm, forms.ModelForm):
    """The draft's own fields; it carries the version it was read at (core.locking)."""

    class Meta:
        model = Application
        fields = ["title", "summary", "themes"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "themes": forms.CheckboxSelectMultiple}
        labels = {"themes": _("Thèmes de l'appel")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = self.instance.call.themes.order_by("position", "pk")
        self.fields["themes"].required = False


class CoApplicantForm(forms.Form):
    collectivity = CollectivityCodeField(label=_("Collectivité partenaire"))


class YearForm(forms.Form):
    """One year of the schedule (created, or replaced if already there)."""

    year = forms.IntegerField(label=_("Année"), min_value=1900, max_value=2200)
    fund_eur = amount_field(_("Demandé au Fonds, côté France (EUR)"), initial=0)
    own_eur = amount_field(_("Apport des collectivités françaises (EUR)"), initial=0)
    fund_cad = amount_field(_("Demandé au Fonds, côté Québec (CAD)"), initial=0)
    own_cad = amount_field(_("Apport des collectivités québécoises (CAD)"), initial=0)

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = _("De %(first)s à %(last)s pour cet appel ; une année déjà saisie est "
                                          "remplacée.") % {"first": call.first_year, "last": call.last_year}


class LocationForm(forms.Form):
    side = forms.ChoiceField(label=_("Côté"), choices=FundSide.choices)
    place = forms.CharField(label=_("Lieu de l'activité"), max_length=250)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Pièce"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Titre (facultatif)"), max_length=200, required=False)
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, bureautique, image ou texte."))

    def clean_file(self):
        return clean_document(self.cleaned_data["file"])


# The steps after submission.

class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (facultative)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    """A step without input (submission, the eligibility check): the CSRF token only."""


class EndorseForm(forms.Form):
    territory = forms.ChoiceField(label=_("Territoire"), widget=Select)
    note = forms.CharField(label=_("Note (facultative)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [(t.pk, t.name) for t in territories]
        self.territories = {str(t.pk): t for t in territories}

    def clean_territory(self):
        return self.territories[self.cleaned_data["territory"]]


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(label=_("Évaluateurs"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class SelectionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision du comité"), widget=forms.RadioSelect,
                                 choices=[("select", _("Retenir")), ("not_select", _("Ne pas retenir"))])
    note = forms.CharField(label=_("Motifs ou note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    """One side's decision on its own share: an amount per year of the schedule, or a
    refusal with its reasons."""

    granted = forms.ChoiceField(label=_("Décision"), widget=forms.RadioSelect,
                                choices=[("yes", _("Accorder")), ("no", _("Refuser"))])
    reasons = forms.CharField(label=_("Motifs (obligatoires pour un refus)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, side: str, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        self.side, self.years = side, [row.year for row in schedule]
        currency = CURRENCY_OF_SIDE[side]
        for row in schedule:
            self.fields[f"amount_{row.year}"] = amount_field(
                _("Montant accordé pour %(year)s (%(currency)s)") % {"year": row.year, "currency": currency},
                required=False, help_text=_("Demandé : %(requested)s") % {"requested": row.fund(side)})
        self.order_fields(["granted", *[f"amount_{year}" for year in self.years], "reasons"])

    def clean(self):
        data = super().clean()
        if data.get("granted") == "no" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Un refus donne ses motifs."))
        if data.get("granted") == "yes" and not any(data.get(f"amount_{year}") for year in self.years):
            self.add_error(None, _("Indiquez le montant accordé pour au moins une année, ou choisissez « Refuser »."))
        return data

    def amounts(self) -> dict[int, Decimal]:
        if self.cleaned_data["granted"] != "yes":
            return {}
        return {year: self.cleaned_data[f"amount_{year}"] for year in self.years
                if self.cleaned_data.get(f"amount_{year}")}


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Signée le"), widget=DateInput(), initial=timezone.localdate)


class DisbursementForm(forms.Form):
    side = forms.ChoiceField(label=_("Côté"), choices=FundSide.choices)
    year = forms.TypedChoiceField(label=_("Année"), coerce=int)
    amount = amount_field(_("Montant (dans la devise du côté : EUR pour la France, CAD pour le Québec)"))
    paid_on = forms.DateField(label=_("Versé le"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapport"), choices=Report.Kind.choices)
    received_on = forms.DateField(label=_("Reçu le"), widget=DateInput(), initial=timezone.localdate)
    sender = forms.ChoiceField(label=_("Envoyé par (collectivité coordinatrice)"), required=False, widget=Select)
    sender_name = forms.CharField(label=_("ou un autre organisme coordinateur : nom"), required=False,
                                  max_length=250)
    file = forms.FileField(label=_("Fichier (facultatif)"), required=False)

    def __init__(self, *args, kinds, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, label) for kind, label in Report.Kind.choices if kind in kinds]
        self.fields["sender"].choices = [("", "—")] + [(c.pk, c.name) for c in applicants]
        self.applicants = {str(c.pk): c for c in applicants}

    def clean_sender(self):
        return self.applicants.get(self.cleaned_data["sender"])

    def clean_file(self):
        return clean_document(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not data.get("sender") and not (data.get("sender_name") or "").strip():
            self.add_error("sender", _("Indiquez l'organisme coordinateur qui envoie le rapport."))
        return data


# Reviews.

class ReviewForm(VersionedForm, forms.ModelForm):
    """A score for each criterion of the call's grid, and the appreciation."""

    class Meta:
        model = Review
        fields = ["comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(label)s (sur %(max)s points)") % {"label": criterion.label, "max": criterion.max_points},
                min_value=0, max_value=criterion.max_points)
        self.order_fields([f"criterion_{criterion.pk}" for criterion in self.criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class ConflictForm(forms.Form):
    conflict_note = forms.CharField(label=_("Nature du conflit d'intérêts"), max_length=300)


# Lists.

class ApplicationFilterForm(forms.Form):
    """The secretariat's list: invalid values are ignored (and shown)."""

    stage = forms.ChoiceField(label=_("Étape"), required=False, widget=Select,
                              choices=[("", _("Toutes"))] + Stage.choices)
    call = forms.TypedChoiceField(label=_("Appel"), required=False, coerce=int, empty_value=None, widget=Select)

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", _("Tous"))] + [(call.pk, call.title) for call in calls]

    def filter_data(self) -> dict:
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
