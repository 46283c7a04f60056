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
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plan.models import Axis
from projects import facts
from territories.models import Side
from territories.names import normalize
from territories.resolve import AMBIGUOUS, MATCHED, Resolution, Resolver

from .models import Agreement, AgreementParty, ImportRun, Twinning

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
BATCH = 500  # rows per INSERT and ids per IN (…): under SQLite's limit on variables


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


# The preview kept between the upload and the confirmation (ImportRun.rows).

def line_to_dict(line: Line) -> dict:
    """A preview line as JSON (ImportRun.rows): what `line_from_dict` reads back."""
    return {"line": line.line, "row": line.row, "kind": line.kind, "errors": line.errors,
            "french": asdict(line.french) if line.french else None,
            "quebec": asdict(line.quebec) if line.quebec else None}


def line_from_dict(data: dict) -> Line:
    return Line(data["line"], data["row"], data["kind"],
                Resolution(**data["french"]) if data["french"] else None,
                Resolution(**data["quebec"]) if data["quebec"] else None, list(data["errors"]))


def start_run(data: bytes, filename: str, *, user) -> ImportRun:
    """Reads and resolves the file, keeps its preview for `user` to confirm; writes
    nothing to the registry. Raises ImportFileError when the file cannot be read."""
    lines = build_preview(read_rows(data, filename), filename)
    return ImportRun.objects.create(user=user, filename=filename[:255], rows=[line_to_dict(l) for l in lines])


@transaction.atomic
def confirm_run(run: ImportRun, *, by, choices: dict, allowed_ids: set[int] | None) -> dict | None:
    """Commits the run's preview with the user's `choices`, in one transaction, once: the
    run is claimed first (`committed_at` set where it was empty), so of two confirmations,
    even concurrent, one commits and the other gets None and writes nothing."""
    claimed = ImportRun.objects.filter(pk=run.pk, committed_at__isnull=True).update(
        committed_at=timezone.now(), choices=choices)
    if not claimed:
        return None
    return commit_preview([line_from_dict(data) for data in run.rows], choices=choices,
                          allowed_ids=allowed_ids, source=run.filename, by=by)


# The commit.

def chosen_pair(line: Line, picked: dict) -> tuple[tuple[int | None, int | None], ...]:
    """((today's, named) French id, (today's, named) Québec id) of a line: the matched
    collectivity (named as its former record when the file named that one), or the
    candidate the user picked among the line's own candidates; None ids otherwise."""
    pair = []
    for side, res in ((Side.FRANCE, line.french), (Side.QUEBEC, line.quebec)):
        pk = res.collectivity_id if res and res.status == MATCHED else None
        if picked.get(side) and res and int(picked[side]) in res.candidates:
            pk = int(picked[side])
        pair.append((pk, (res.former_id or pk) if res and pk == res.collectivity_id else pk))
    return tuple(pair)


@transaction.atomic
def commit_preview(lines: list[Line], *, choices: dict | None = None,
                   allowed_ids: set[int] | None = None, source: str = "", by=None) -> dict:
    """Writes the matched lines (and the doubtful ones whose candidates `choices` gives as
    {"<line>": {"fr": pk, "qc": pk}}); `allowed_ids`, when given, keeps only the lines
    involving one of those collectivities. Returns counts created / unchanged / skipped.

    In bulk, whatever the number of lines: a few queries to find what exists already, then
    bulk inserts of the records, their parties, themes and history (by `by`)."""
    choices = choices or {}
    counts = {"created": 0, "unchanged": 0, "skipped": 0}
    seen, wanted = set(), []
    for line in lines:
        (fr_today, fr_named), (qc_today, qc_named) = chosen_pair(line, choices.get(str(line.line), {}))
        if line.errors or not fr_today or not qc_today or (
            allowed_ids is not None and not {fr_today, qc_today, fr_named, qc_named} & allowed_ids
        ):
            counts["skipped"] += 1
            continue
        key = import_key(line.kind, fr_today, qc_today)
        if key in seen:
            counts["unchanged"] += 1
            continue
        seen.add(key)
        wanted.append((line, key, fr_named, qc_named))
    fresh = _not_existing(wanted)
    counts["unchanged"] += len(wanted) - len(fresh)
    counts["created"] = len(fresh)
    if fresh:
        _create_all(fresh, source=source, by=by)
    return counts


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _not_existing(wanted: list[tuple]) -> list[tuple]:
    """The wanted links no record holds yet: none with their import key, and for a
    twinning none of the same kind and pair (recorded by hand: the unique constraint)."""
    keys = [key for _line, key, *_ids in wanted]
    found = set()
    for model in (Agreement, Twinning):
        for chunk in _chunks(keys):
            found.update(model.objects.filter(import_key__in=chunk).values_list("import_key", flat=True))
    french = sorted({fr for line, _key, fr, _qc in wanted if line.kind != "entente"})
    pairs = set()
    for chunk in _chunks(french):
        pairs.update(Twinning.objects.filter(french_id__in=chunk).values_list("kind", "french_id", "quebec_id"))
    fresh = []
    for line, key, fr, qc in wanted:
        triple = (line.kind, fr, qc)
        if key in found or (line.kind != "entente" and triple in pairs):
            continue
        pairs.add(triple)
        fresh.append((line, key, fr, qc))
    return fresh


def _create_all(fresh: list[tuple], *, source: str, by) -> None:
    themes = {normalize(t): pk for pk, t in Axis.objects.filter(kind="theme").values_list("pk", "title")}
    twinnings, agreements, theme_ids = [], [], {}
    for line, key, fr, qc in fresh:
        record = _record(line, key, fr, qc, source)
        (agreements if isinstance(record, Agreement) else twinnings).append(record)
        theme_ids[key] = sorted({themes[k] for k in (normalize(t) for t in line.row["themes"].split(";"))
                                 if k in themes})
    reason = _("Import de %(file)s") % {"file": source} if source else _("Import")
    when = timezone.now()
    # Read models (the places, matching's index, the search) follow records through
    # signals, which bulk inserts do not send: once everything is written, the new rows are
    # announced (projects.facts.written: post_save for each, history already written)
    # inside projects.facts.batched(), so each read model refreshes once for the import.
    with facts.batched():
        Twinning.objects.bulk_create(twinnings, batch_size=BATCH)
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        parties = [AgreementParty(agreement=agreement, side=side, collectivity_id=pk)
                   for agreement in agreements for side, pk in zip((Side.FRANCE, Side.QUEBEC), agreement.party_ids)]
        AgreementParty.objects.bulk_create(parties, batch_size=BATCH)
        for model, records in ((Twinning, twinnings), (Agreement, agreements)):
            Link = model.themes.through
            links = Link.objects.bulk_create(
                [Link(**{f"{model._meta.model_name}_id": r.pk}, axis_id=axis)
                 for r in records for axis in theme_ids[r.import_key]], batch_size=BATCH)
            historical = model.history.bulk_history_create(
                records, batch_size=BATCH, default_user=by, default_change_reason=reason, default_date=when)
            _link_history(model, links, {h.id: h for h in historical})
        AgreementParty.history.bulk_history_create(
            parties, batch_size=BATCH, default_user=by, default_change_reason=reason, default_date=when)
        facts.written([*twinnings, *agreements, *parties])


def _link_history(model, links: list, historical: dict) -> None:
    """The themes of each new record in its first historical record (as simple_history
    writes them when the themes are set one record at a time)."""
    History = model.history.model.themes.model
    column = f"{model._meta.model_name}_id"
    History.objects.bulk_create([
        History(history=historical[getattr(link, column)], id=link.id, axis_id=link.axis_id,
                **{column: getattr(link, column)})
        for link in links], batch_size=BATCH)


def _record(line: Line, key: str, french_id: int, quebec_id: int, source: str) -> Agreement | Twinning:
    """The unsaved record of a line; an agreement carries its two parties' ids in
    `party_ids` until they are written."""
    row = line.row
    since_year, since = parse_when(row["depuis"])
    until_year, until = parse_when(row["jusqu_au"])
    if line.kind == "entente":
        record = Agreement(
            title=f"{row['collectivite_france']} – {row['collectivite_quebec']}"[:300],
            status=AGREEMENT_STATUS[normalize(row["statut"])], since_year=since_year,
            signed_on=since, valid_until=until, until_year=until_year, notes=row["notes"],
            source=source[:200], import_key=key,
        )
        record.party_ids = (french_id, quebec_id)
        return record
    return Twinning(
        kind=line.kind, french_id=french_id, quebec_id=quebec_id, since_year=since_year,
        since=since, until_year=until_year, until=until,
        status=TWINNING_STATUS[normalize(row["statut"])], notes=row["notes"],
        source=source[:200], import_key=key,
    )
