"""The form of the complementarity view: a collectivity or territory (side and code), or a
theme."""
from django import forms
from django.utils.translation import gettext_lazy as _

from plan.models import Axis
from territories.models import Collectivity, Side


class ComplementarityForm(forms.Form):
    side = forms.ChoiceField(
        label=_("Côté"), required=False,
        choices=[("", _("—")), (Side.FRANCE, Side.FRANCE.label), (Side.QUEBEC, Side.QUEBEC.label)],
    )
    code = forms.CharField(
        label=_("Code de la collectivité ou du territoire"), required=False, max_length=20,
        help_text=_("Code INSEE ou géographique : 69123, 84 (région), 69 (département), 371 (MRC)."),
    )
    theme = forms.ModelChoiceField(
        label=_("ou un thème"), required=False, queryset=Axis.objects.filter(kind="theme").order_by("title"),
        empty_label=_("—"),
    )

    def clean(self):
        data = super().clean()
        code, side, theme = data.get("code", "").strip(), data.get("side"), data.get("theme")
        if not code and not theme:
            raise forms.ValidationError(_("Choisissez une collectivité, un territoire ou un thème."))
        if code and theme:
            raise forms.ValidationError(_("Choisissez une collectivité ou un thème, pas les deux."))
        if code:
            if not side:
                self.add_error("side", _("Précisez le côté (France ou Québec) du code %(code)s.") % {"code": code})
                return data
            found = list(Collectivity.objects.filter(side=side, code=code.upper(), valid_until=None)
                         .select_related("region")[:2])
            if not found:
                self.add_error("code", _("Aucune collectivité actuelle n'a le code %(code)s de ce côté.") % {"code": code})
            else:
                # A code may name two kinds at once (a Québec MRC and a municipality, a
                # French région and a département): the territory is the one meant.
                found.sort(key=lambda c: c.kind not in ("region", "departement", "mrc"))
                data["collectivity"] = found[0]
        return data
