"""Forms of the import page: the upload, and the picks among the candidates of the
doubtful rows of a preview."""
from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import check_content

from .importing import ImportFileError, Line, read_rows

EXTENSIONS = (".csv", ".xlsx")
IGNORE = ""
# Django refuses a POST of more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields (1 000): beyond
# this many radio groups, the other doubtful rows are listed without a choice.
MAX_PICKS = 900


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier des jumelages et ententes"),
        help_text=gettext_lazy("CSV (séparé par des virgules ou des points-virgules, UTF-8) ou XLSX, "
                               "avec les colonnes du modèle."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        """The upload, readable as the import reads it; `self.data_bytes` holds its content."""
        upload = self.cleaned_data["file"]
        name = Path(upload.name).name
        extension = Path(name).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(_("« %(name)s » n'est ni un fichier CSV ni un classeur XLSX.") % {"name": name})
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(_("« %(name)s » dépasse la taille maximale de %(size)s.")
                                        % {"name": name, "size": filesizeformat(settings.MAX_UPLOAD_SIZE)})
        check_content(upload, name=name, extension=extension)
        self.data_bytes = upload.read()
        try:
            read_rows(self.data_bytes, name)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def doubtful_sides(line: Line) -> list[tuple[str, object]]:
    """The sides of a line the user chooses for: those not matched, when each has
    candidates (a line that no choice could complete, or with errors, has none)."""
    sides = [(side, res) for side, res in (("fr", line.french), ("qc", line.quebec)) if res.status != "matched"]
    if line.errors or not all(res.candidates for _side, res in sides):
        return []
    return sides


class PicksForm(forms.Form):
    """One radio group per doubtful side of each line: one of its candidates, or ignore
    the line (the default: nothing is ever guessed)."""

    def __init__(self, *args, lines: list[Line], labels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.capped = False
        side_names = {"fr": _("France"), "qc": _("Québec")}
        for line in lines:
            for side, res in doubtful_sides(line):
                if len(self.fields) >= MAX_PICKS:
                    self.capped = True
                    return
                written = line.row["collectivite_france" if side == "fr" else "collectivite_quebec"]
                self.fields[f"l{line.line}_{side}"] = forms.TypedChoiceField(
                    label=_("Ligne %(line)s, %(side)s : « %(name)s »")
                    % {"line": line.line, "side": side_names[side], "name": written},
                    choices=[*((str(pk), labels.get(pk, "?")) for pk in res.candidates),
                             (IGNORE, _("Aucune : ignorer cette ligne"))],
                    coerce=int, empty_value=None, required=False, initial=IGNORE,
                    widget=forms.RadioSelect,
                )

    def choices(self) -> dict:
        """The picks as importing.commit_preview reads them: {"<line>": {"fr": pk, …}}."""
        picks: dict[str, dict] = {}
        for name, value in self.cleaned_data.items():
            if value:
                line, side = name[1:].split("_")
                picks.setdefault(line, {})[side] = value
        return picks
