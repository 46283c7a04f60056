"""Finding a collectivity by its name, in every picker and filter: the text typed (a
name, accents and case ignored, or an official code) is resolved on the server, so the
pickers work without JavaScript; with it, a <datalist> offers the matching names as one
types (htmx asks `territories:choices`). Each choice reads « Lyon — Commune, Rhône
(fr:69123) »: the département or the MRC tells homonyms apart, and the trailing reference
is what the form reads back when a choice is taken."""
from __future__ import annotations

import re

from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Collectivity, Kind, Link, Side, is_code_query
from .names import normalize

SHOWN = 10
CANDIDATES = 8
# A trailing « (fr:69123) », « (qc:mrc:371) », or the reference alone.
REFERENCE = re.compile(r"(?:^|\()\s*(fr|qc|other):(?:([a-z_]{1,30}):)?([0-9A-Za-z]{1,20})\s*\)?\s*$")
AREA_KINDS = (Kind.DEPARTEMENT, Kind.MRC)


def with_area(collectivities):
    """`collectivities` annotated with the name of their département or MRC (`area_name`)."""
    areas = Link.objects.filter(child=OuterRef("pk"), parent__kind__in=AREA_KINDS).order_by("parent__kind")
    return collectivities.annotate(area_name=Subquery(areas.values("parent__name")[:1]))


def label(collectivity) -> str:
    """« Lyon — Commune, Rhône (fr:69123) »; the area when `with_area` read it."""
    area = getattr(collectivity, "area_name", None)
    where = f"{collectivity.kind_label}, {area}" if area else collectivity.kind_label
    return f"{collectivity.name} — {where} ({reference(collectivity)})"


def reference(collectivity) -> str:
    """`côté:code`, with the type where régions and départements share codes (`fr:region:84`
    is Auvergne-Rhône-Alpes, `fr:departement:84` Vaucluse)."""
    if collectivity.kind in (Kind.REGION, Kind.DEPARTEMENT):
        return f"{collectivity.side}:{collectivity.kind}:{collectivity.code}"
    return f"{collectivity.side}:{collectivity.code}"


def choice_reference(value: str) -> str:
    """A picker's choice (« Lyon — Commune, Rhône (fr:69123) ») as its `côté:code`; any
    other text as it is."""
    found = REFERENCE.search(value)
    if found and value.endswith(")"):
        side, kind, code = found.groups()
        return f"{side}:{kind}:{code}" if kind else f"{side}:{code}"
    return value


def choices(query: str, side: str = "") -> list[str]:
    """The labels of the current collectivities whose name matches `query` (or whose code
    it is), the most relevant first."""
    query = query.strip()
    if len(query) < 2:
        return []
    rows = Collectivity.objects.current()
    if side in Side.values:
        rows = rows.filter(side=side)
    rows = with_area(rows.find(query).only("side", "kind", "code", "name", "region_id", "valid_until"))
    return [label(collectivity) for collectivity in rows[:SHOWN]]


def resolve(value: str, *, side: str = "", current: bool = True) -> Collectivity:
    """The collectivity `value` names: a choice's label, `côté:code` (`côté:type:code`),
    an official code, or a name (exact, accents and case ignored; else the only one whose
    name starts so). Several: a French error listing the candidates to choose from."""
    value = " ".join(value.split())
    rows = Collectivity.objects.current() if current else Collectivity.objects.all()
    if side:
        rows = rows.filter(side=side)
    reference = REFERENCE.search(value)
    if reference:
        found_side, kind, code = reference.groups()
        if side and found_side != side:
            raise forms.ValidationError(_("« %(value)s » n'est pas du côté attendu.") % {"value": value})
        matches = rows.filter(Q(code=code) | Q(code=code.upper()), side=found_side)
        if kind:
            matches = matches.filter(kind=kind)
    else:
        matches = rows.filter(Q(code=value) | Q(code=value.upper())) if is_code_query(value) else rows.none()
        if not matches.exists():
            matches = rows.filter(search_name=normalize(value))
            if not matches.exists():
                matches = rows.find(value)
    found = list(with_area(matches.only("side", "kind", "code", "name", "region_id", "valid_until"))
                 .order_by("side", "kind", "name", "pk")[:CANDIDATES + 1])
    if not found:
        raise forms.ValidationError(_("Aucune collectivité ne correspond à « %(value)s » : écrivez son nom "
                                      "(les accents sont facultatifs) ou son code officiel.") % {"value": value})
    if len(found) > 1:
        listed = " ; ".join(label(c) for c in found[:CANDIDATES])
        more = _(" (et d'autres)") if len(found) > CANDIDATES else ""
        raise forms.ValidationError(_("Plusieurs collectivités correspondent à « %(value)s » : %(listed)s%(more)s. "
                                      "Recopiez l'une de ces lignes, ou précisez le nom.")
                                    % {"value": value, "listed": listed, "more": more})
    return found[0]


class PickerInput(forms.TextInput):
    """A text input whose <datalist> htmx fills with the matching names as one types."""

    template_name = "territories/widgets/picker.html"

    def __init__(self, *, side: str = "", attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.side = side

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-choix"
        query = f"?field={name}" + (f"&side={self.side}" if self.side else "")
        widget["attrs"].update({
            "list": list_id, "hx-get": reverse("territories:choices") + query,
            "hx-trigger": "input changed delay:250ms", "hx-target": f"#{list_id}", "hx-swap": "innerHTML",
        })
        widget["list_id"] = list_id
        return context


class CollectivityPickerField(forms.CharField):
    """A collectivity found by name (or code) with a PickerInput; cleans to the Collectivity."""

    def __init__(self, *, side: str = "", current: bool = True, **kwargs):
        self.side, self.current = side, current
        kwargs.setdefault("help_text", _("Tapez son nom (accents facultatifs) ; le département ou la MRC "
                                         "départage les homonymes. Son code officiel convient aussi."))
        kwargs.setdefault("widget", PickerInput(side=side))
        super().__init__(max_length=300, **kwargs)

    def prepare_value(self, value):
        return label(value) if isinstance(value, Collectivity) else value

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        return resolve(value, side=self.side, current=self.current) if value else None
