"""Québec: the MAMH's Répertoire des municipalités (MUN.csv) and its boroughs (ARR.csv).

MUN.csv has one row per municipal entity (ville, municipalité, paroisse, canton, TNO,
réserve, village nordique…). The régions administratives, MRC, communautés
métropolitaines and the Administration régionale Kativik have no file of their own: they
appear in columns as "Nom (code)" and are built from there.
"""

import re

from django.utils.translation import gettext as _

from ..models import Kind, Side
from .records import (
    Batch,
    ImportFailure,
    Options,
    Record,
    parse_date,
    parse_decimal,
    parse_int,
    row_error,
)

MAMH_PUBLISHER = "MAMH, Répertoire des municipalités"
QC = Side.QUEBEC
NAME_AND_CODE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>[0-9A-Za-z]+)\)$")


def _source(file: str, options: Options) -> str:
    text = f"{MAMH_PUBLISHER} — {file}"
    return f"{text} ({options.vintage})" if options.vintage else text


def _name_and_code(value: str, file: str, where: str, column: str) -> tuple[str, str] | None:
    value = (value or "").strip()
    if not value:
        return None
    match = NAME_AND_CODE.match(value)
    if not match:
        raise row_error(
            file,
            where,
            column,
            _("« {value} » n'a pas la forme « Nom (code) »").format(value=value),
        )
    return match["name"], match["code"]


def _text(row: dict, file: str, line: int, column: str, *, required: bool = True) -> str:
    value = (row.get(column) or "").strip()
    if required and not value:
        raise row_error(file, _("ligne {line}").format(line=line), column, _("valeur manquante"))
    return value


def _website(value: str, file: str, where: str, column: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    if len(value) > 200 or " " in value:
        raise row_error(
            file,
            where,
            column,
            _("« {value} » n'est pas une adresse web valable").format(value=value),
        )
    return value


class _Derived:
    """Entities named in columns of many rows: created once, named consistently."""

    def __init__(self, file: str):
        self.file = file
        self.records: dict[tuple, Record] = {}

    def add(self, kind: str, name: str, code: str, where: str, column: str, **extra) -> tuple:
        key = (QC, kind, code)
        record = self.records.get(key)
        if record is None:
            self.records[key] = Record(kind=kind, code=code, name=name, where=where, **extra)
        elif record.name != name:
            raise row_error(
                self.file,
                where,
                column,
                _("le code « {code} » désigne « {before} » plus haut, et ici « {name} »").format(
                    code=code, before=record.name, name=name
                ),
            )
        return key

    def of_kind(self, *kinds) -> list[Record]:
        return [record for key, record in self.records.items() if key[1] in kinds]


def read_mun(file: str, table, options: Options) -> Batch:
    derived = _Derived(file)
    municipalities = []
    for line, row in table.rows:
        where = _("ligne {line}").format(line=line)
        code = _text(row, file, line, "mcode")
        if not re.fullmatch(r"\d{5}", code):
            raise row_error(
                file,
                where,
                "mcode",
                _("« {code} » n'est pas un code géographique à 5 chiffres").format(code=code),
            )
        region_name, region_code = _name_and_code(
            _text(row, file, line, "regadm"), file, where, "regadm"
        )
        region = derived.add(
            Kind.REGION,
            region_name,
            region_code,
            where,
            "regadm",
            fields={"designation": "Région administrative"},
        )
        record = Record(
            kind=Kind.MUNICIPALITE,
            code=code,
            name=_text(row, file, line, "munnom"),
            where=where,
            fields={
                "designation": _text(row, file, line, "mdes", required=False),
                "population": parse_int(row.get("mpopul"), file, where, "mpopul"),
                "area_km2": parse_decimal(row.get("msuperf"), file, where, "msuperf"),
                "website": _website(row.get("mweb"), file, where, "mweb"),
                "valid_from": parse_date(row.get("mdatcons"), file, where, "mdatcons"),
            },
            region=("regadm", region),
        )
        mrc = _name_and_code(row.get("mrc"), file, where, "mrc")
        if mrc:
            name = re.sub(r"^MRC\s+", "", mrc[0])
            key = derived.add(
                Kind.MRC,
                name,
                mrc[1],
                where,
                "mrc",
                fields={"designation": "MRC"},
                region=("regadm", region),
                parents=[("regadm", region)],
            )
            record.parents.append(("mrc", key))
        record.parents.append(("regadm", region))
        metropolitan = _name_and_code(row.get("mcm"), file, where, "mcm")
        if metropolitan:
            key = derived.add(Kind.COMMUNAUTE_METROPOLITAINE, *metropolitan, where, "mcm")
            record.parents.append(("mcm", key))
        regional = _name_and_code(row.get("admregionale"), file, where, "admregionale")
        if regional:
            key = derived.add(
                Kind.ADMINISTRATION_REGIONALE,
                *regional,
                where,
                "admregionale",
                region=("regadm", region),
                parents=[("regadm", region)],
            )
            record.parents.append(("admregionale", key))
        municipalities.append(record)
    levels = [
        derived.of_kind(Kind.REGION),
        derived.of_kind(Kind.MRC, Kind.COMMUNAUTE_METROPOLITAINE, Kind.ADMINISTRATION_REGIONALE),
        municipalities,
    ]
    managed_parents = frozenset(
        {Kind.REGION, Kind.MRC, Kind.COMMUNAUTE_METROPOLITAINE, Kind.ADMINISTRATION_REGIONALE}
    )
    return Batch(
        file=file,
        format_label="",
        side=QC,
        country="CA",
        source=_source(file, options),
        levels=levels,
        complete_kinds=frozenset({Kind.MUNICIPALITE, Kind.MRC, Kind.COMMUNAUTE_METROPOLITAINE}),
        link_scope=(
            frozenset({Kind.MUNICIPALITE, Kind.MRC, Kind.ADMINISTRATION_REGIONALE}),
            managed_parents,
        ),
    )


def read_arr(file: str, table, options: Options) -> Batch:
    records = []
    for line, row in table.rows:
        where = _("ligne {line}").format(line=line)
        city = _text(row, file, line, "arrcode")
        record = Record(
            kind=Kind.ARRONDISSEMENT,
            code=_text(row, file, line, "arrcod"),
            name=_text(row, file, line, "arrnom"),
            where=where,
            fields={
                "website": _website(row.get("arradrinternet"), file, where, "arradrinternet"),
                "valid_from": parse_date(row.get("arrdateconsti"), file, where, "arrdateconsti"),
            },
            parents=[("arrcode", (QC, Kind.MUNICIPALITE, city))],
        )
        region = _name_and_code(row.get("arrregion"), file, where, "arrregion")
        if region:
            record.region = ("arrregion", (QC, Kind.REGION, region[1]))
        records.append(record)
    if not records:
        raise ImportFailure(_("« {file} » : aucun arrondissement").format(file=file))
    return Batch(
        file=file,
        format_label="",
        side=QC,
        country="CA",
        source=_source(file, options),
        levels=[records],
        complete_kinds=frozenset({Kind.ARRONDISSEMENT}),
        link_scope=(frozenset({Kind.ARRONDISSEMENT}), frozenset({Kind.MUNICIPALITE})),
    )
