"""Reading a file as its publisher distributes it and recognising its format from its content.

Names are not trusted: users rename downloads (`communes (1).json`, `MUN_2026.csv`). A file
is recognised by what it holds: a JSON list whose records have the keys of one of the
@etalab/decoupage-administratif files, or a CSV file whose header is INSEE's COG or the
MAMH's Répertoire des municipalités.
"""

import csv
import gzip
import io
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import france, quebec
from .records import Batch, ImportFailure, Options


@dataclass(frozen=True)
class CsvTable:
    header: list[str]  # lower-cased column names
    rows: list[tuple[int, dict]]  # (line where the row starts, column → value)


@dataclass(frozen=True)
class Format:
    label: str
    order: int  # files are applied in this order whatever the command line says
    read: Callable[[str, object, Options], Batch]


FORMATS = {
    "etalab_regions": Format(
        _lazy("régions (@etalab/decoupage-administratif)"), 10, france.read_etalab_regions
    ),
    "cog_regions": Format(_lazy("régions (COG de l'INSEE, CSV)"), 11, france.read_cog_regions),
    "etalab_departements": Format(
        _lazy("départements (@etalab/decoupage-administratif)"), 20, france.read_etalab_departements
    ),
    "cog_departements": Format(
        _lazy("départements (COG de l'INSEE, CSV)"), 21, france.read_cog_departements
    ),
    "etalab_arrondissements": Format(
        _lazy("arrondissements départementaux (@etalab/decoupage-administratif)"),
        25,
        france.read_ignored,
    ),
    "etalab_communes": Format(
        _lazy("communes (@etalab/decoupage-administratif)"), 30, france.read_etalab_communes
    ),
    "cog_communes": Format(_lazy("communes (COG de l'INSEE, CSV)"), 31, france.read_cog_communes),
    "etalab_epci": Format(
        _lazy("EPCI à fiscalité propre (@etalab/decoupage-administratif)"),
        40,
        france.read_etalab_epci,
    ),
    "etalab_ept": Format(
        _lazy("établissements publics territoriaux (@etalab/decoupage-administratif)"),
        41,
        france.read_etalab_ept,
    ),
    "mamh_mun": Format(_lazy("municipalités (MAMH, MUN.csv)"), 50, quebec.read_mun),
    "mamh_arr": Format(_lazy("arrondissements (MAMH, ARR.csv)"), 51, quebec.read_arr),
}

EXPECTED = _lazy(
    "attendu : un fichier JSON de @etalab/decoupage-administratif (régions, départements, "
    "communes, EPCI, EPT), un CSV du Code officiel géographique de l'INSEE "
    "(v_region, v_departement, v_commune) ou MUN.csv / ARR.csv du MAMH"
)


def read_batch(path: Path, options: Options) -> tuple[Format, Batch]:
    """Reads and validates one file completely, before anything is written."""
    name = path.name
    text = _read_text(path)
    key, content = _recognise(name, text)
    fmt = FORMATS[key]
    batch = fmt.read(name, content, options)
    batch.format_label = fmt.label
    batch.order = fmt.order
    return fmt, batch


def _read_text(path: Path) -> str:
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure(_("« {path} » : fichier introuvable").format(path=path)) from None
    except IsADirectoryError:
        raise ImportFailure(
            _("« {path} » : c'est un dossier, pas un fichier").format(path=path)
        ) from None
    except OSError as error:
        raise ImportFailure(
            _("« {path} » : lecture impossible ({reason})").format(path=path, reason=error.strerror)
        ) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error):
            raise ImportFailure(
                _("« {name} » : fichier gzip endommagé ou incomplet").format(name=name)
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # INSEE published the COG in Windows-1252 until 2018.
        return raw.decode("cp1252", errors="replace")


def _recognise(name: str, text: str) -> tuple[str, object]:
    stripped = text.lstrip()
    if not stripped:
        raise ImportFailure(_("« {name} » : fichier vide").format(name=name))
    if stripped[0] in "[{":
        return _recognise_json(name, text)
    return _recognise_csv(name, text)


def _recognise_json(name: str, text: str) -> tuple[str, list]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailure(
            _("« {name} » : JSON invalide (ligne {line}, colonne {column})").format(
                name=name, line=error.lineno, column=error.colno
            )
        ) from None
    if not isinstance(data, list) or not data:
        raise ImportFailure(
            _("« {name} » : format non reconnu ({expected})").format(name=name, expected=EXPECTED)
        )
    first = data[0]
    if not isinstance(first, dict):
        raise ImportFailure(
            _("« {name} », enregistrement 1 : ce n'est pas un objet JSON").format(name=name)
        )
    keys = set(first)
    if "membres" in keys:
        return ("etalab_ept" if first.get("type") == "EPT" else "etalab_epci"), data
    if "type" in keys and str(first.get("type", "")) in france.COMMUNE_TYPES:
        return "etalab_communes", data
    if {"code", "nom", "chefLieu"} <= keys:
        if "departement" in keys:
            return "etalab_arrondissements", data
        if "region" in keys:
            return "etalab_departements", data
        return "etalab_regions", data
    raise ImportFailure(
        _("« {name} » : format non reconnu ({expected})").format(name=name, expected=EXPECTED)
    )


CSV_SIGNATURES = (
    ("cog_communes", {"typecom", "com", "reg", "dep", "libelle", "comparent"}),
    ("cog_departements", {"dep", "reg", "cheflieu", "libelle"}),
    ("cog_regions", {"reg", "cheflieu", "libelle"}),
    ("mamh_mun", {"mcode", "munnom", "regadm"}),
    ("mamh_arr", {"arrcod", "arrnom", "arrcode"}),
)


def _recognise_csv(name: str, text: str) -> tuple[str, CsvTable]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except csv.Error:
        raise ImportFailure(
            _("« {name} » : format non reconnu ({expected})").format(name=name, expected=EXPECTED)
        ) from None
    for key, columns in CSV_SIGNATURES:
        if columns <= set(header):
            return key, CsvTable(header, _csv_rows(name, reader, header))
    raise ImportFailure(
        _("« {name} » : format non reconnu ({expected})").format(name=name, expected=EXPECTED)
    )


def _csv_rows(name: str, reader, header: list[str]) -> list[tuple[int, dict]]:
    rows = []
    start = reader.line_num + 1
    try:
        for values in reader:
            if values and any(value.strip() for value in values):
                if len(values) != len(header):
                    raise ImportFailure(
                        _("{name}, ligne {start} : {count} champs au lieu de {expected}").format(
                            name=name, start=start, count=len(values), expected=len(header)
                        )
                    )
                rows.append((start, dict(zip(header, values))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailure(
            _("{name}, ligne {start} : CSV illisible ({error})").format(
                name=name, start=start, error=error
            )
        ) from None
    return rows
