"""core.widgets.Select writes the markup of Django's own Select templates."""
import pytest
from django import forms

from core.widgets import Select

CHOICES = [
    ("", "Toutes"),
    ("dd-1", "Piste <b>un</b> & \"deux\""),
    ("Régions", [("84", "Auvergne-Rhône-Alpes"), ("qc:03", "Capitale-Nationale l'été")]),
    (7, "Sept"),
]


@pytest.mark.parametrize("value", [None, "", "dd-1", "84", "7", "inconnue"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_piste", "aria-invalid": True, "aria-describedby": "x y",
                                          "disabled": False, "data-x": "<\"'>", "data-none": None}])
def test_the_same_markup_as_djangos_templates(value, attrs):
    ours = Select(choices=CHOICES).render("piste", value, attrs=attrs)
    djangos = forms.Select(choices=CHOICES).render("piste", value, attrs=attrs)
    assert ours == djangos


def test_values_labels_and_attributes_are_escaped():
    html = Select(choices=CHOICES).render("piste", "dd-1", attrs={"title": '"><script>'})
    assert "<script>" not in html and "<b>" not in html
    assert '<option value="dd-1" selected>Piste &lt;b&gt;un&lt;/b&gt; &amp; &quot;deux&quot;</option>' in html
    assert '<optgroup label="Régions">' in html
    assert 'title="&quot;&gt;&lt;script&gt;"' in html
