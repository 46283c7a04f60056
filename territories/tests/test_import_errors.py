"""Malformed input stops the import with a French message naming the file, the line or
record and the field, and leaves the database exactly as it was."""

import copy
import gzip

import pytest
from django.core.management import CommandError, call_command

from territories.importers import ImportFailure, import_files
from territories.models import Collectivity, Link, Succession

from .importer_fixtures import (
    COMMUNES_2025,
    COMMUNES_2026,
    DEPARTEMENTS,
    EPCI_2025,
    EPCI_2026,
    REGIONS,
    mun_row,
    write_json,
    write_mun,
    write_vintage,
)

pytestmark = pytest.mark.django_db

UNKNOWN = "introuvable : importez aussi le fichier qui la décrit, ou un millésime cohérent"


def snapshot():
    return (
        list(Collectivity.objects.order_by("pk").values()),
        sorted(Link.objects.values_list("child_id", "parent_id")),
        sorted(Succession.objects.values_list("predecessor_id", "successor_id")),
    )


@pytest.fixture
def base(tmp_path):
    """A database holding the 2025 vintage and a few Québec municipalities."""
    import_files(write_vintage(tmp_path / "2025", COMMUNES_2025, EPCI_2025))
    import_files([write_mun(tmp_path, [mun_row("46005", "Abercorn")])])
    return snapshot()


def vintage_2026_with(tmp_path, *, communes=None, epcis=None):
    return write_vintage(tmp_path / "2026", communes or COMMUNES_2026, epcis or EPCI_2026)


def broken_communes(change):
    communes = copy.deepcopy(COMMUNES_2026)
    change(communes)
    return communes


def broken_epcis(change):
    epcis = copy.deepcopy(EPCI_2026)
    change(epcis)
    return epcis


JSON_CASES = {
    "missing code": (
        {"communes": broken_communes(lambda c: c[2].pop("code"))},
        "communes.json.gz, enregistrement 3, champ « code » : valeur manquante",
    ),
    "empty name": (
        {"communes": broken_communes(lambda c: c[1].update(nom=" "))},
        "communes.json.gz, enregistrement 2, champ « nom » : valeur manquante",
    ),
    "population not an integer": (
        {"communes": broken_communes(lambda c: c[1].update(population="beaucoup"))},
        "communes.json.gz, enregistrement 2, champ « population » : « beaucoup » n'est pas un nombre entier",
    ),
    "numeric code losing its leading zero": (
        {"communes": broken_communes(lambda c: c[0].update(code=1053))},
        "communes.json.gz, enregistrement 1, champ « code » : « 1053 » doit être un texte (zéros initiaux)",
    ),
    "unknown commune type": (
        {"communes": broken_communes(lambda c: c[3].update(type="commune-fantome"))},
        "communes.json.gz, enregistrement 4, champ « type » : « commune-fantome » n'est pas un type de commune connu",
    ),
    "bad zone": (
        {"communes": broken_communes(lambda c: c[0].update(zone="lune"))},
        "communes.json.gz, enregistrement 1, champ « zone » : « lune » n'est pas metro, drom ou com",
    ),
    "duplicate code": (
        {"communes": broken_communes(lambda c: c.insert(5, dict(c[0])))},
        (
            "communes.json.gz, enregistrement 6, champ « code » : « 01053 » figure déjà plus haut "
            "dans le fichier (enregistrement 1)"
        ),
    ),
    # Found only while writing, after the régions and départements of the same run.
    "unknown département": (
        {"communes": broken_communes(lambda c: c[1].update(departement="02"))},
        f"communes.json.gz, enregistrement 2, champ « departement » : département « 02 » {UNKNOWN}",
    ),
    "parent commune unknown": (
        {"communes": broken_communes(lambda c: c[3].update(chefLieu="01998"))},
        f"communes.json.gz, enregistrement 4, champ « chefLieu » : commune « 01998 » {UNKNOWN}",
    ),
    # Found after régions, départements and communes have been written.
    "EPCI member unknown": (
        {"epcis": broken_epcis(lambda e: e[1]["membres"].append({"code": "01998"}))},
        f"epci.json.gz, enregistrement 2, champ « membres » : commune « 01998 » {UNKNOWN}",
    ),
    "EPCI bad SIREN": (
        {"epcis": broken_epcis(lambda e: e[2].update(code="2000469"))},
        "epci.json.gz, enregistrement 3, champ « code » : « 2000469 » n'est pas un SIREN à 9 chiffres",
    ),
    "EPCI unknown type": (
        {"epcis": broken_epcis(lambda e: e[0].update(type="SIVOM"))},
        "epci.json.gz, enregistrement 1, champ « type » : « SIVOM » n'est pas CC, CA, CU, METRO ou MET69",
    ),
    "EPCI members not a list": (
        {"epcis": broken_epcis(lambda e: e[0].update(membres="01053"))},
        "epci.json.gz, enregistrement 1, champ « membres » : une liste de communes est attendue",
    ),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_malformed_json_record_changes_nothing(case, tmp_path, base):
    files, message = JSON_CASES[case]
    with pytest.raises(ImportFailure) as error:
        import_files(vintage_2026_with(tmp_path, **files))
    assert str(error.value) == message
    assert snapshot() == base


MUN_CASES = {
    "population": (
        {"population": "abc"},
        "ligne 4, champ « mpopul » : « abc » n'est pas un nombre entier",
    ),
    "negative population": (
        {"population": "-3"},
        "ligne 4, champ « mpopul » : « -3 » est négatif",
    ),
    "area": (
        {"area": "beaucoup"},
        "ligne 4, champ « msuperf » : « beaucoup » n'est pas un nombre",
    ),
    "date": (
        {"date": "25/06/1929"},
        "ligne 4, champ « mdatcons » : « 25/06/1929 » n'est pas une date AAAA-MM-JJ",
    ),
    "region": (
        {"region": "Estrie"},
        "ligne 4, champ « regadm » : « Estrie » n'a pas la forme « Nom (code) »",
    ),
    "missing region": ({"region": ""}, "ligne 4, champ « regadm » : valeur manquante"),
    "MRC": (
        {"mrc": "MRC Brome-Missisquoi"},
        "ligne 4, champ « mrc » : « MRC Brome-Missisquoi » n'a pas la forme « Nom (code) »",
    ),
    "same code, other name": (
        {"mrc": "MRC Acton (460)"},
        "ligne 4, champ « mrc » : le code « 460 » désigne « Brome-Missisquoi » plus haut, et ici « Acton »",
    ),
}


@pytest.mark.parametrize("case", MUN_CASES)
def test_malformed_mun_row_changes_nothing(case, tmp_path, base):
    fields, message = MUN_CASES[case]
    mun = write_mun(
        tmp_path,
        [
            mun_row("46005", "Abercorn", population="400"),
            mun_row("46010", "Bedford"),
            mun_row("46017", "Bolton-Ouest", **fields),
        ],
    )
    french = vintage_2026_with(tmp_path)
    with pytest.raises(ImportFailure) as error:
        import_files([mun, *french])  # the French files are applied first, then MUN.csv fails
    assert str(error.value) == f"MUN.csv, {message}"
    assert snapshot() == base


def test_mun_row_with_missing_fields_is_refused(tmp_path, base):
    mun = write_mun(tmp_path, [mun_row("46005", "Abercorn"), '"46010","Bedford"\n'])
    with pytest.raises(ImportFailure) as error:
        import_files([mun])
    assert str(error.value) == "MUN.csv, ligne 3 : 2 champs au lieu de 12"
    assert snapshot() == base


def test_the_command_raises_command_error_with_the_message(tmp_path, base):
    mun = write_mun(tmp_path, [mun_row("46005", "Abercorn", population="abc")])
    with pytest.raises(CommandError) as error:
        call_command("import_territories", str(mun))
    assert (
        str(error.value)
        == "MUN.csv, ligne 2, champ « mpopul » : « abc » n'est pas un nombre entier"
    )
    assert snapshot() == base


def test_unknown_format_names_the_file(tmp_path, base):
    notes = tmp_path / "notes.txt"
    notes.write_text("Liste des communes jumelées\nLyon, Montréal\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as error:
        import_files([*vintage_2026_with(tmp_path), notes])
    assert str(error.value).startswith(
        "« notes.txt » : format non reconnu (attendu : un fichier JSON"
    )
    assert snapshot() == base


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "communes.json",
            b'[{"code": "01053",',
            "« communes.json » : JSON invalide (ligne 1, colonne 19)",
        ),
        ("vide.json", b"  \n", "« vide.json » : fichier vide"),
        ("objet.json", b'{"code": "01053"}', "« objet.json » : format non reconnu"),
        (
            "communes.json.gz",
            gzip.compress(b"[]")[:12],
            "« communes.json.gz » : fichier gzip endommagé ou incomplet",
        ),
        (
            "liste.json",
            b'["01053"]',
            "« liste.json », enregistrement 1 : ce n'est pas un objet JSON",
        ),
    ],
)
def test_unreadable_files_are_refused(tmp_path, base, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailure) as error:
        import_files([path])
    assert str(error.value).startswith(message)
    assert snapshot() == base


def test_missing_file_is_named(tmp_path, base):
    with pytest.raises(ImportFailure) as error:
        import_files([tmp_path / "absent.json"])
    assert str(error.value) == f"« {tmp_path / 'absent.json'} » : fichier introuvable"


def test_the_command_needs_a_file_or_reference(db):
    with pytest.raises(CommandError, match="Indiquez au moins un fichier"):
        call_command("import_territories")


def test_json_without_known_keys_is_not_guessed(tmp_path, base):
    path = write_json(tmp_path, "regions.json", [{"id": 1, "label": "Bretagne"}])
    with pytest.raises(ImportFailure, match="« regions.json » : format non reconnu"):
        import_files([path])
    assert snapshot() == base
    # The real régions file under a misleading name is recognised by its content.
    import_files(
        [
            write_json(tmp_path, "export (1).txt", REGIONS),
            write_json(tmp_path, "d.txt", DEPARTEMENTS),
        ]
    )
    assert Collectivity.objects.filter(kind="departement", code="69").exists()
