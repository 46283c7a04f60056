"""HTML forms of projects: validation only; the writes are in actions.py."""
import datetime
import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.dates import short_date
from core.locking import VersionedForm
from core.uploads import check_content
from core.widgets import Select
from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Side, is_code_query
from territories.picker import CollectivityPickerField, PickerInput, resolve

from .access import acts_as_secretariat
from .models import (
    CHECKS,
    Activity, BudgetLine, Contact, Document, Indicator, Measurement, Organisation, Partner, Project, ProjectFacts,
    Update,
)

SIDE_CODE = re.compile(r"(fr|qc|other):[0-9A-Za-z]{1,20}")

# Each one's content is checked by core.uploads; the size limit is settings.MAX_UPLOAD_SIZE.
DOCUMENT_EXTENSIONS = {".pdf", ".odt", ".ods", ".odp", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
                       ".txt", ".csv", ".png", ".jpg", ".jpeg"}


def clean_document(upload):
    """The checks of an uploaded document, here and in the fund's forms: an accepted
    extension, the size limit, a content that matches the extension."""
    if not upload:
        return upload
    name = Path(upload.name).name
    extension = Path(upload.name).suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise forms.ValidationError(_("Le type de fichier « %(ext)s » n'est pas accepté (PDF, bureautique, image, texte).")
                                    % {"ext": extension or "?"})
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise forms.ValidationError(_("« %(name)s » dépasse la taille maximale de %(size)s.")
                                    % {"name": name, "size": filesizeformat(settings.MAX_UPLOAD_SIZE)})
    if isinstance(upload, UploadedFile):  # a new file, not the one already stored
        check_content(upload, name=name, extension=extension)
    return upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CollectivityCodeField(CollectivityPickerField):
    """A current collectivity found by its name as one types (accents ignored, the
    département or MRC shown) or by its official code ("69123", "qc:23027"):
    territories.picker."""


def piste_label(code: str, text: str) -> str:
    """A piste as the pickers show it: its code and the start of its text."""
    text = " ".join(text.split())
    return f"{code} — {text if len(text) <= 90 else text[:89].rstrip() + '…'}"


def grouped_by_axis(rows) -> list:
    """(value, axis title, label) rows, in their order, as <optgroup> choices per axis."""
    groups: dict[str, list] = {}
    for value, axis, label in rows:
        groups.setdefault(axis, []).append((value, label))
    return list(groups.items())


class ProjectForm(VersionedForm, forms.ModelForm):
    pistes = forms.ModelMultipleChoiceField(
        label=_("Pistes de coopération"), required=False,
        queryset=Piste.objects.select_related("axis").order_by("axis__plan__start_year", "axis__position", "position"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), required=False, queryset=Axis.objects.filter(kind=Axis.Kind.THEME),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        # Not `is_public`: publication is asked for and decided apart (PublicationRequestForm).
        fields = ["title", "summary", "description", "pistes", "themes", "start_date", "end_date", "status"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "summary": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pistes"].label_from_instance = lambda piste: piste_label(piste.code, piste.text)
        # Grouped by axis, each piste with its text (the field validates on its queryset).
        self.fields["pistes"].widget.choices = grouped_by_axis(
            (piste.pk, piste.axis.title, piste_label(piste.code, piste.text)) for piste in self.fields["pistes"].queryset)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin (%(end)s) précède le début (%(start)s).") % {
                "end": short_date(end), "start": short_date(start)})
        return data

    def action_fields(self) -> dict:
        return dict(self.cleaned_data)


class ProjectCreateForm(ProjectForm):
    """A new project, created for one of the user's collectivities (the secretariat
    types any collectivity's code)."""

    role = forms.ChoiceField(label=_("Rôle de votre collectivité"), choices=Partner.Role.choices,
                             initial=Partner.Role.LEAD)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if acts_as_secretariat(user):
            self.fields["collectivity"] = CollectivityCodeField(label=_("Collectivité porteuse"))
        else:
            self.fields["collectivity"] = forms.ModelChoiceField(
                label=_("Collectivité porteuse"), empty_label=None,
                queryset=Collectivity.objects.filter(pk__in=user.editable_collectivity_ids()).order_by(french("name")),
            )
        self.order_fields(["collectivity", "role"])


class PlanItemCodesField(forms.Field):
    """Pistes or themes named as the API names them: by code (`dd-1`, `tourisme`), or as
    `plan:code` (`2008-2010:dd-1`) where plans share a code."""

    def __init__(self, *, queryset, code_lookup: str, plan_lookup: str, **kwargs):
        self.queryset, self.code_lookup, self.plan_lookup = queryset, code_lookup, plan_lookup
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        found = []
        for name in value or []:
            plan, _sep, code = str(name).rpartition(":")
            matches = self.queryset.filter(**({self.plan_lookup: plan} if plan else {}))
            matches = list(matches.filter(**{self.code_lookup: code})[:2])
            if not matches:
                raise forms.ValidationError(_("« %(name)s » ne désigne aucun élément d'un plan d'action.")
                                            % {"name": name})
            if len(matches) > 1:
                raise forms.ValidationError(_("« %(name)s » désigne un élément de plusieurs plans : "
                                              "précisez le plan (« plan:code », par exemple 2008-2010:dd-1).")
                                            % {"name": name})
            found.append(matches[0])
        return found


class ProjectApiForm(ProjectForm):
    """ProjectForm as the API fills it: pistes by code and themes by slug, as its answers
    name them."""

    pistes = PlanItemCodesField(label=_("Pistes de coopération"), queryset=Piste.objects.all(),
                                code_lookup="code", plan_lookup="axis__plan__slug")
    themes = PlanItemCodesField(label=_("Thèmes"), queryset=Axis.objects.filter(kind=Axis.Kind.THEME),
                                code_lookup="slug", plan_lookup="plan__slug")


class ProjectCreateApiForm(ProjectApiForm):
    """A new project through the API: the carrying collectivity by its code for everyone
    (actions.create_project refuses, 403, one the caller does not edit)."""

    collectivity = CollectivityCodeField(label=_("Collectivité porteuse"))
    role = forms.ChoiceField(label=_("Rôle de votre collectivité"), choices=Partner.Role.choices)


class PartnerForm(forms.Form):
    collectivity = CollectivityCodeField(label=_("Collectivité"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("ou une organisation déjà enregistrée"), required=False,
        queryset=Organisation.objects.none(),
    )
    new_organisation = forms.CharField(label=_("ou une nouvelle organisation : nom"), required=False, max_length=200)
    new_organisation_kind = forms.ChoiceField(label=_("type de la nouvelle organisation"), required=False,
                                              choices=[("", "—")] + Organisation.Kind.choices)
    new_organisation_country = forms.CharField(label=_("pays de la nouvelle organisation (code ISO, par exemple FR, CA, SN)"),
                                               required=False, max_length=2)
    role = forms.ChoiceField(label=_("Rôle"), choices=Partner.Role.choices, initial=Partner.Role.PARTNER)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations `user` may see: never a partner of a project hidden from them.
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(french("name")).only("name")

    def clean(self):
        data = super().clean()
        given = [bool(data.get("collectivity")), bool(data.get("organisation")), bool(data.get("new_organisation"))]
        if sum(given) != 1:
            raise forms.ValidationError(_("Indiquez une seule collectivité ou une seule organisation."))
        if data.get("new_organisation"):
            country = (data.get("new_organisation_country") or "").upper()
            if not data.get("new_organisation_kind"):
                self.add_error("new_organisation_kind", _("Choisissez le type de la nouvelle organisation."))
            if len(country) != 2 or not country.isalpha():
                self.add_error("new_organisation_country", _("Le pays s'écrit en deux lettres (FR, CA, BE…)."))
            data["organisation"] = Organisation(name=data["new_organisation"], kind=data.get("new_organisation_kind"),
                                                country=country)
        return data

    def action_fields(self) -> dict:
        return {"collectivity": self.cleaned_data.get("collectivity"),
                "organisation": self.cleaned_data.get("organisation"), "role": self.cleaned_data["role"]}


class PublicationRequestForm(forms.Form):
    """What an editor asks for their collectivity: publish (or approve), unpublish, withdraw."""

    wish = forms.ChoiceField(choices=Partner.Publication.choices, required=False)


class PublicationDecisionForm(forms.Form):
    """The secretariat's decision."""

    decision = forms.ChoiceField(choices=[("publish", _("Publier")), ("unpublish", _("Dépublier"))])

    def is_public(self) -> bool:
        return self.cleaned_data["decision"] == "publish"


class PartnerRoleForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["role"]


class ProjectItemForm(VersionedForm, forms.ModelForm):
    """A thing that belongs to a project; choices of partners and territories come from
    that project only."""

    def __init__(self, *args, project: Project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        if hasattr(self.instance, "project_id") and not self.instance.project_id:
            self.instance.project = project


class ContactForm(ProjectItemForm):
    class Meta:
        model = Contact
        fields = ["partner", "name", "kind", "role", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_list().filter(project=self.project)
        self.fields["partner"].label = _("Partenaire")


class BudgetLineForm(ProjectItemForm):
    class Meta:
        model = BudgetLine
        fields = ["source", "funder", "amount", "currency", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Partner.objects.for_list().filter(project=self.project)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Le montant doit être positif."))
        return amount


class DocumentFileInput(forms.ClearableFileInput):
    """Links the current file through the access-checked download view, never to MEDIA_URL."""
    template_name = "projects/widgets/document_file_input.html"
    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        context["widget"]["file_name"] = Path(value.name).name if self.is_initial(value) else ""
        return context


class DocumentForm(ProjectItemForm):
    class Meta:
        model = Document
        fields = ["title", "file"]
        widgets = {"file": DocumentFileInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.download_url = reverse(
                "projects:document_download", args=[self.instance.project_id, self.instance.pk])

    def clean_file(self):
        return clean_document(self.cleaned_data["file"])


class ActivityForm(ProjectItemForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "start_date", "end_date", "status"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("La fin précède la date de début."))
        return data


class IndicatorForm(ProjectItemForm):
    class Meta:
        model = Indicator
        fields = ["name", "category", "unit", "baseline", "target", "territory"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Collectivity.objects.filter(
            project_partners__project=self.project).order_by("side", french("name"))
        self.fields["territory"].help_text = _("Le territoire d'un des partenaires où la retombée est mesurée.")


class UpdateForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Update
        fields = ["date", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("Une entrée du journal ne peut pas être datée dans le futur."))
        return date


class MeasurementForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["period_start", "period_end", "value"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("La fin de la période précède son début."))
        return data


class ProjectFilterForm(forms.Form):
    """The list's filters; invalid values are ignored field by field (and shown)."""

    q = forms.CharField(label=_("Recherche"), required=False,
                        help_text=_("Mots du titre ou du résumé, avec ou sans accents"))
    piste = forms.ChoiceField(label=_("Piste"), required=False, widget=Select)
    theme = forms.ChoiceField(label=_("Thème"), required=False, widget=Select)
    status = forms.ChoiceField(label=_("État"), required=False, widget=Select, choices=[("", _("Tous"))] + Project.Status.choices)
    side = forms.ChoiceField(label=_("Côté"), required=False, widget=Select,
                             choices=[("", _("Les deux")), (Side.FRANCE, Side.FRANCE.label), (Side.QUEBEC, Side.QUEBEC.label)])
    collectivity = forms.CharField(label=_("Collectivité partenaire"), required=False, max_length=300,
                                   widget=PickerInput(), help_text=_(
                                       "Son nom (accents facultatifs) ou son code, par exemple 69123 ou qc:37067."))
    year = forms.IntegerField(label=_("Actif en"), required=False, min_value=1900, max_value=2200)
    axis = forms.ChoiceField(label=_("Axe"), required=False, widget=Select)
    region = forms.ModelChoiceField(
        label=_("Région d'un partenaire"), required=False, empty_label=_("Toutes"), widget=Select,
        queryset=Collectivity.objects.current().filter(kind=Kind.REGION).only("name", "side", "kind", "code").order_by("side", french("name")),
    )
    check = forms.ChoiceField(
        label=_("Point d'attention"), required=False, widget=Select,
        choices=[("", _("Aucun"))] + [(check.field, check.label) for check in CHECKS],
    )

    def __init__(self, *args, pistes, themes, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piste"].choices = [("", _("Toutes")), *grouped_by_axis(
            (code, axis, piste_label(code, text)) for code, text, axis in pistes)]
        self.fields["theme"].choices = [("", _("Tous"))] + list(themes)
        self.fields["axis"].choices = [("", _("Tous"))] + list(axes)

    def clean_collectivity(self) -> str:
        """A code (`69123`, `qc:37067`) as typed; a name, or a picker's choice, as the
        `côté:code` of the collectivity it names (territories.picker)."""
        value = " ".join(self.cleaned_data["collectivity"].split())
        if not value or is_code_query(value) or SIDE_CODE.fullmatch(value):
            return value
        found = resolve(value)
        return f"{found.side}:{found.code}"

    def filter_data(self) -> dict:
        """The valid filters (an invalid one is left out, and shown with its error)."""
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


def listed_facts(user, data: dict):
    """The ProjectFacts of the projects `filter_projects(Project.objects.visible_to(user),
    data)` lists: the lists count them and read their page's ids from them (one narrow row
    per project, every filter a predicate on its columns, an index in the lists' order)."""
    return filter_projects(ProjectFacts.objects.visible_to(user), data)


def filter_projects(queryset, data: dict):
    """Apply the list/API filters present in `data` (already validated)."""
    if data.get("q"):
        queryset = queryset.search(data["q"])
    if data.get("piste"):
        queryset = queryset.for_piste(data["piste"])
    if data.get("theme"):
        queryset = queryset.for_theme(data["theme"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("side"):
        queryset = queryset.for_side(data["side"])
    if data.get("collectivity"):
        queryset = queryset.for_collectivity(data["collectivity"].strip())
    if data.get("year"):
        queryset = queryset.active_in_year(data["year"])
    if data.get("axis"):
        queryset = queryset.for_axis(data["axis"])
    if data.get("region"):
        queryset = queryset.in_region(data["region"].pk)
    if data.get("check"):
        queryset = queryset.failing(data["check"])
    return queryset
