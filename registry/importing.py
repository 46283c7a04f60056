"""Import of the spreadsheets partners keep: read, preview, then commit on confirmation.

`read_rows` reads CSV (`,` or `;`, UTF-8 with or without BOM) or XLSX; `build_preview`
resolves every row's two names with territories.resolve and writes nothing; `commit_preview`
writes, in one transaction, the rows that matched (or whose candidate the user picked).
Each link carries an import_key (type and today's pair), so re-importing changes nothing
and several rows naming the same link make one record.
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from plan.models import Axis
from territories.models import Side
from territories.names import normalize
from territories.resolve import AMBIGUOUS, MATCHED, Resolution, Resolver

from .models import Agreement, AgreementParty, Twinning

COLUMNS = [
    "type", "collectivite_france", "code_france", "departement_france",
    "collectivite_quebec", "code_quebec", "region_quebec", "depuis", "jusqu_au",
    "statut", "themes", "notes",
]
REQUIRED = ("collectivite_france", "collectivite_quebec")
TYPES = {"jumelage": "jumelage", "entente": "entente", "partenariat": "partenariat",
         "pacte d amitie": "amitie", "amitie": "amitie", "": "jumelage"}
TWINNING_STATUS = {"": Twinning.Status.ACTIVE, "actif": Twinning.Status.ACTIVE,
                   "dormant": Twinning.Status.DORMANT, "en sommeil": Twinning.Status.DORMANT,
                   "termine": Twinning.Status.ENDED}
AGREEMENT_STATUS = {"": Agreement.Status.IN_FORCE, "en vigueur": Agreement.Status.IN_FORCE,
                    "echue": Agreement.Status.EXPIRED, "denoncee": Agreement.Status.DENOUNCED,
                    "en preparation": Agreement.Status.PREPARATION}


class ImportFileError(ValueError):
    """The file cannot be read at all (format, header)."""


def header_key(text: str) -> str:
    return normalize(text).replace(" ", "_")


def read_rows(data: bytes, filename: str) -> list[dict]:
    """The file's rows as dicts of the template's columns, each with its `line` number."""
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(data, filename)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("%(file)s : le fichier n'est pas en UTF-8 (octet %(pos)s).")
                                  % {"file": filename, "pos": error.start}) from None
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not table:
        raise ImportFileError(_("%(file)s : le fichier est vide.") % {"file": filename})
    header = [header_key(str(cell or "")) for cell in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(_("%(file)s, ligne 1 : colonne(s) manquante(s) : %(cols)s.")
                              % {"file": filename, "cols": ", ".join(missing)})
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: _cell(v) for h, v in zip(header, cells) if h in COLUMNS}
        if not any(values.values()):
            continue
        rows.append({"line": number, **{c: values.get(c, "") for c in COLUMNS}})
    return rows


def _read_xlsx(data: bytes, filename: str) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("%(file)s : ce n'est pas un classeur XLSX lisible.")
                              % {"file": filename}) from None
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_when(text: str) -> tuple[int | None, datetime.date | None]:
    """`1998`, `1998-05-12` or `12/05/1998` as (year, date); ValueError otherwise."""
    text = text.strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        return int(text), None
    match = _DMY.match(text)
    day = (datetime.date(int(match[3]), int(match[2]), int(match[1])) if match
           else datetime.date.fromisoformat(text))
    return day.year, day


@dataclass
class Line:
    line: int
    row: dict
    kind: str = ""
    french: Resolution | None = None
    quebec: Resolution | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if self.french.status == MATCHED and self.quebec.status == MATCHED:
            return MATCHED
        if AMBIGUOUS in (self.french.status, self.quebec.status):
            return AMBIGUOUS
        return "unmatched"


def build_preview(rows: list[dict], filename: str, resolvers: dict | None = None) -> list[Line]:
    """Each row resolved and checked; writes nothing."""
    resolvers = resolvers or {Side.FRANCE: Resolver(Side.FRANCE), Side.QUEBEC: Resolver(Side.QUEBEC)}
    lines = []
    for row in rows:
        line = Line(row["line"], row)
        where = {"file": filename, "line": row["line"]}
        for column in REQUIRED:
            if not row[column]:
                line.errors.append(_("%(file)s, ligne %(line)s, colonne %(col)s : nom manquant.")
                                   % {**where, "col": column})
        kind = TYPES.get(normalize(row["type"]))
        if kind is None:
            line.errors.append(_("%(file)s, ligne %(line)s, colonne type : « %(v)s » n'est pas "
                                 "jumelage, entente ni partenariat.") % {**where, "v": row["type"]})
        line.kind = kind or ""
        for column in ("depuis", "jusqu_au"):
            try:
                parse_when(row[column])
            except ValueError:
                line.errors.append(_("%(file)s, ligne %(line)s, colonne %(col)s : « %(v)s » n'est "
                                     "ni une année ni une date.") % {**where, "col": column, "v": row[column]})
        statuses = AGREEMENT_STATUS if kind == "entente" else TWINNING_STATUS
        if normalize(row["statut"]) not in statuses:
            line.errors.append(_("%(file)s, ligne %(line)s, colonne statut : « %(v)s » inconnu.")
                               % {**where, "v": row["statut"]})
        line.french = resolvers[Side.FRANCE].resolve(
            row["collectivite_france"], code=row["code_france"], area=row["departement_france"])
        line.quebec = resolvers[Side.QUEBEC].resolve(
            row["collectivite_quebec"], code=row["code_quebec"], area=row["region_quebec"])
        lines.append(line)
    return lines


def import_key(kind: str, french_id: int, quebec_id: int) -> str:
    return hashlib.sha256(f"{kind}:{french_id}:{quebec_id}".encode()).hexdigest()


@transaction.atomic
def commit_preview(lines: list[Line], *, choices: dict | None = None,
                   allowed_ids: set[int] | None = None, source: str = "") -> dict:
    """Writes the matched lines (and the doubtful ones whose candidates `choices` gives as
    {"<line>": {"fr": pk, "qc": pk}}); `allowed_ids`, when given, keeps only the lines
    involving one of those collectivities. Returns counts created / unchanged / skipped."""
    choices = choices or {}
    themes = {normalize(t): pk for pk, t in Axis.objects.filter(kind="theme").values_list("pk", "title")}
    counts = {"created": 0, "unchanged": 0, "skipped": 0}
    seen = set()
    for line in lines:
        picked = choices.get(str(line.line), {})
        pair = []
        for side, res in ((Side.FRANCE, line.french), (Side.QUEBEC, line.quebec)):
            pk = res.collectivity_id if res and res.status == MATCHED else None
            if picked.get(side) and res and int(picked[side]) in res.candidates:
                pk = int(picked[side])
            pair.append((pk, (res.former_id or pk) if res and pk == res.collectivity_id else pk))
        (fr_today, fr_named), (qc_today, qc_named) = pair
        if line.errors or not fr_today or not qc_today or (
            allowed_ids is not None and not {fr_today, qc_today, fr_named, qc_named} & allowed_ids
        ):
            counts["skipped"] += 1
            continue
        key = import_key(line.kind, fr_today, qc_today)
        if key in seen or _exists(line.kind, key):
            counts["unchanged"] += 1
            seen.add(key)
            continue
        seen.add(key)
        _create(line, key, fr_named, qc_named, themes, source)
        counts["created"] += 1
    return counts


def _exists(kind: str, key: str) -> bool:
    model = Agreement if kind == "entente" else Twinning
    return model.objects.filter(import_key=key).exists()


def _create(line: Line, key: str, french_id: int, quebec_id: int, themes: dict, source: str):
    row = line.row
    since_year, since = parse_when(row["depuis"])
    until_year, until = parse_when(row["jusqu_au"])
    theme_ids = [themes[k] for k in (normalize(t) for t in row["themes"].split(";")) if k in themes]
    if line.kind == "entente":
        record = Agreement.objects.create(
            title=f"{row['collectivite_france']} – {row['collectivite_quebec']}",
            status=AGREEMENT_STATUS[normalize(row["statut"])], since_year=since_year,
            signed_on=since, valid_until=until, until_year=until_year, notes=row["notes"],
            source=source, import_key=key,
        )
        AgreementParty.objects.bulk_create([
            AgreementParty(agreement=record, side=Side.FRANCE, collectivity_id=french_id),
            AgreementParty(agreement=record, side=Side.QUEBEC, collectivity_id=quebec_id),
        ])
    else:
        record = Twinning.objects.create(
            kind=line.kind, french_id=french_id, quebec_id=quebec_id, since_year=since_year,
            since=since, until_year=until_year, until=until,
            status=TWINNING_STATUS[normalize(row["statut"])], notes=row["notes"],
            source=source, import_key=key,
        )
    if theme_ids:
        record.themes.set(theme_ids)
