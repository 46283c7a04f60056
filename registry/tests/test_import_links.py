"""Import of a realistic spreadsheet: what matches, what stays doubtful, nothing wrong."""
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from registry.importing import build_preview, commit_preview, read_rows
from registry.models import Agreement, Twinning
from territories.tests.test_resolve import places  # noqa: F401  (fixture)

HEADER = "Type;Collectivité_France;Code_France;Département_France;Collectivité_Québec;Code_Québec;Région_Québec;Depuis;Jusqu_au;Statut;Thèmes;Notes"
ROWS = [
    "jumelage;ANNECY LE VIEUX;;;Ville de Chicoutimi;;;1985;;actif;;",   # 2 former names, accents lost
    "jumelage;St Martin;;;Saguenay;;;1990;;;;",                        # 3 homonyms without département
    "jumelage;St-Martin;;Isère;Saguenay;;;1990;;;;",                   # 4 told apart
    "jumelage;Nantes;74010;;Nantes;;;2001;;;;",                        # 5 code contradicts the name
    "jumelage;Saguenay;;;Nantes;;;2001;;;;",                           # 6 Québec place in French column
    "jumelage;;;;Saguenay;;;2001;;;;",                                 # 7 empty French name
    "jumelage;Nantes;;;Sagenay;;;soixante;;;;",                        # 8 typo + bad date
    "jumelage;Annecy;;;Saguenay;;;1985;;;;",                           # 9 same link as line 2
    "entente;Region Rhone-Alpes;;;Saguenay;;;2005;;en vigueur;;",      # 10 pre-2016 région
]


def csv_bytes(delimiter=";", bom=True):
    text = "\n".join([HEADER, *ROWS]).replace(";", delimiter)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def xlsx_bytes():
    workbook = Workbook()
    for line in [HEADER, *ROWS]:
        workbook.active.append(line.split(";"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data,name", [
    (csv_bytes(";", True), "liens.csv"), (csv_bytes(",", False), "liens.csv"),
    (xlsx_bytes(), "liens.xlsx"),
])
def test_preview_matches_what_it_can_and_never_guesses(places, data, name):  # noqa: F811
    lines = {l.line: l for l in build_preview(read_rows(data, name), name)}
    p = places
    assert (lines[2].status, lines[2].french.collectivity_id, lines[2].french.former_id) == (
        "matched", p["annecy"].pk, p["annecy_le_vieux"].pk)
    assert lines[2].quebec.former_id == p["chicoutimi"].pk
    assert lines[3].status == "ambiguous"
    assert set(lines[3].french.candidates) == {p["sm1"].pk, p["sm2"].pk}
    assert lines[4].french.collectivity_id == p["sm2"].pk
    assert lines[5].status == "ambiguous" and "74010" in lines[5].french.messages[0]
    assert lines[6].status == "unmatched" and lines[6].french.candidates == []
    assert "colonne collectivite_france" in lines[7].errors[0]
    assert f"{name}, ligne 8, colonne depuis" in lines[8].errors[0]
    assert lines[8].quebec.candidates == [p["saguenay"].pk]
    assert lines[10].french.collectivity_id == p["ara"].pk
    assert Twinning.objects.count() == Agreement.objects.count() == 0


def test_commit_writes_matched_once_and_reimport_changes_nothing(places):  # noqa: F811
    lines = build_preview(read_rows(csv_bytes(), "l.csv"), "l.csv")
    assert commit_preview(lines) == {"created": 3, "unchanged": 1, "skipped": 5}
    twinnings = {(t.french_id, t.quebec_id) for t in Twinning.objects.all()}
    assert twinnings == {(places["annecy_le_vieux"].pk, places["chicoutimi"].pk),
                         (places["sm2"].pk, places["saguenay"].pk)}
    assert Agreement.objects.get().parties.count() == 2
    # The registry's read model (places, signers of today, links nearby with their themes)
    # is what a rebuild from scratch gives: the import's bulk writes refreshed it.
    from registry import places as read_model
    from registry.models import LinkPlace, NearbyLink

    def stored():
        return [sorted(model.objects.values_list(*fields), key=str) for model, fields in (
            (LinkPlace, ("agreement", "twinning", "side", "area", "is_region")),
            (NearbyLink, ("agreement", "twinning", "area", "is_region", "axis", "partner", "is_published")))]

    written = stored()
    assert NearbyLink.objects.filter(twinning__isnull=False).exists() and NearbyLink.objects.filter(
        agreement__isnull=False).exists()
    read_model.refresh_all()
    assert stored() == written
    again = build_preview(read_rows(csv_bytes(), "l.csv"), "l.csv")
    assert commit_preview(again) == {"created": 0, "unchanged": 4, "skipped": 5}


def test_a_picked_candidate_is_written(places):  # noqa: F811
    lines = build_preview(read_rows(csv_bytes(), "l.csv"), "l.csv")
    commit_preview(lines, choices={"3": {"fr": places["sm1"].pk}})
    assert Twinning.objects.filter(french=places["sm1"]).exists()


def test_command_previews_without_writing(places, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "liens.csv"
    path.write_bytes(csv_bytes())
    call_command("import_links", str(path))
    out = capsys.readouterr().out
    assert "ligne 3 : ambiguous" in out and "Saint-Martin ; Saint-Martin" in out
    assert Twinning.objects.count() == 0
    call_command("import_links", str(path), "--commit")
    assert Twinning.objects.count() == 2
