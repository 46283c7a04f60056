"""The page of suggestions: /partenaires/suggestions/?side=fr&code=… or ?side=fr&text=…"""
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from territories.models import Side

from . import suggestions


class SuggestionForm(forms.Form):
    side = forms.ChoiceField(label=_("Côté qui cherche"), choices=[(Side.FRANCE, _("France")), (Side.QUEBEC, _("Québec"))])
    code = forms.CharField(label=_("Code officiel de la collectivité"), max_length=20, required=False)
    text = forms.CharField(label=_("Ou une idée de projet"), max_length=2000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    include_linked = forms.BooleanField(label=_("Inclure les partenaires déjà liés"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("code")) == bool((data.get("text") or "").strip()):
            raise forms.ValidationError(_("Donnez soit le code d'une collectivité, soit une idée de projet."))
        return data


@login_not_required
@require_GET
def suggestion_list(request):
    form = SuggestionForm(request.GET or None)
    found, unknown = None, False
    if form.is_valid():
        data = form.cleaned_data
        try:
            found = (suggestions.for_text(data["side"], data["text"], limit=20) if data["text"].strip() else
                     suggestions.for_collectivity(data["side"], data["code"], limit=20,
                                                  include_linked=data["include_linked"]))
        except suggestions.UnknownCollectivity:
            unknown = True
    status = 404 if unknown else 200
    return render(request, "matching/suggestion_list.html",
                  {"form": form, "suggestions": found, "unknown": unknown}, status=status)
