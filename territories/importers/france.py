"""France: the JSON files of @etalab/decoupage-administratif and INSEE's COG as CSV.

Mapping (see territories/models.py):
- région → kind region; the collectivités d'outre-mer listed as "régions" with zone `com`
  (Saint-Pierre-et-Miquelon 975, …) → kind outre_mer. The same entity also appears in the
  départements file under the same code: it is one collectivity, not two.
- département → parent its région; commune → parent its département (or its COM);
  commune déléguée / associée, arrondissement municipal → parent the commune actuelle.
- EPCI and EPT → code = SIREN, members become links commune → EPCI.
"""

import re

from django.utils.translation import gettext as _

from ..models import Kind, Side
from .records import (
    Batch,
    Options,
    Record,
    parse_int,
    required_text,
    row_error,
)

COMMUNE_TYPES = {
    "commune-actuelle": Kind.COMMUNE,
    "commune-deleguee": Kind.COMMUNE_DELEGUEE,
    "commune-associee": Kind.COMMUNE_ASSOCIEE,
    "arrondissement-municipal": Kind.ARRONDISSEMENT_MUNICIPAL,
}
COMMUNE_KINDS = frozenset(COMMUNE_TYPES.values())
ZONES = {"metro", "drom", "com"}
DROM_REGIONS = {"01", "02", "03", "04", "06"}
EPCI_TYPES = {"CC", "CA", "CU", "METRO", "MET69"}

ETALAB_PUBLISHER = "INSEE / DGCL / La Poste via @etalab/decoupage-administratif"
COG_PUBLISHER = "INSEE, Code officiel géographique"

FR = Side.FRANCE


def source_of(publisher: str, file: str, vintage: str | None) -> str:
    text = f"{publisher} — {file}"
    return f"{text} ({vintage})" if vintage else text


def _region_key(code: str, zone: str) -> tuple:
    return (FR, Kind.OUTRE_MER if zone == "com" else Kind.REGION, code)


def _departement_key(code: str, zone: str) -> tuple:
    return (FR, Kind.OUTRE_MER if zone == "com" else Kind.DEPARTEMENT, code)


def _batch(file, options, publisher, levels, **extra) -> Batch:
    return Batch(
        file=file,
        format_label="",
        side=FR,
        country="FR",
        source=source_of(publisher, file, options.vintage),
        levels=levels,
        **extra,
    )


def _records(file: str, data: list):
    for index, row in enumerate(data, start=1):
        where = _("enregistrement {index}").format(index=index)
        if not isinstance(row, dict):
            raise row_error(file, where, "code", _("ce n'est pas un objet JSON"))
        yield where, row


def _zone(row: dict, file: str, where: str) -> str:
    zone = row.get("zone") or ""
    if zone not in ZONES:
        raise row_error(
            file, where, "zone", _("« {zone} » n'est pas metro, drom ou com").format(zone=zone)
        )
    return zone


def _code(row: dict, file: str, where: str, column: str = "code") -> str:
    code = row.get(column)
    if isinstance(code, int) and not isinstance(code, bool):
        raise row_error(
            file,
            where,
            column,
            _("« {code} » doit être un texte (zéros initiaux)").format(code=code),
        )
    return required_text(code, file, where, column)


# --- @etalab/decoupage-administratif -------------------------------------------------


def read_etalab_regions(file: str, data: list, options: Options) -> Batch:
    records = []
    for where, row in _records(file, data):
        code = _code(row, file, where)
        zone = _zone(row, file, where)
        chef_lieu = row.get("chefLieu")
        records.append(
            Record(
                kind=_region_key(code, zone)[1],
                code=code,
                name=required_text(row.get("nom"), file, where, "nom"),
                where=where,
                fields={"zone": zone},
                chef_lieu=(FR, Kind.COMMUNE, chef_lieu) if chef_lieu else None,
            )
        )
    return _batch(
        file,
        options,
        ETALAB_PUBLISHER,
        [records],
        complete_kinds=frozenset({Kind.REGION, Kind.OUTRE_MER}),
    )


def read_etalab_departements(file: str, data: list, options: Options) -> Batch:
    records = []
    for where, row in _records(file, data):
        code = _code(row, file, where)
        zone = _zone(row, file, where)
        region = _code(row, file, where, "region")
        chef_lieu = row.get("chefLieu")
        record = Record(
            kind=_departement_key(code, zone)[1],
            code=code,
            name=required_text(row.get("nom"), file, where, "nom"),
            where=where,
            fields={"zone": zone},
            chef_lieu=(FR, Kind.COMMUNE, chef_lieu) if chef_lieu else None,
        )
        if zone == "com":
            # The COM itself, already given by the régions file: only fill a gap.
            record.create_only = True
        else:
            record.region = ("region", _region_key(region, zone))
            record.parents = [("region", _region_key(region, zone))]
        records.append(record)
    return _batch(
        file, options, ETALAB_PUBLISHER, [records], complete_kinds=frozenset({Kind.DEPARTEMENT})
    )


def read_ignored(file: str, data: list, options: Options) -> Batch:
    return _batch(file, options, ETALAB_PUBLISHER, [], ignored=True)


def read_etalab_communes(file: str, data: list, options: Options) -> Batch:
    records = []
    for where, row in _records(file, data):
        code = _code(row, file, where)
        kind = COMMUNE_TYPES.get(row.get("type"))
        if kind is None:
            raise row_error(
                file,
                where,
                "type",
                _("« {type} » n'est pas un type de commune connu").format(type=row.get("type")),
            )
        zone = _zone(row, file, where)
        departement = _code(row, file, where, "departement")
        region = _code(row, file, where, "region")
        siren = row.get("siren") or ""
        if siren and not (isinstance(siren, str) and re.fullmatch(r"\d{9}", siren)):
            raise row_error(
                file,
                where,
                "siren",
                _("« {siren} » n'est pas un SIREN à 9 chiffres").format(siren=siren),
            )
        record = Record(
            kind=kind,
            code=code,
            name=required_text(row.get("nom"), file, where, "nom"),
            where=where,
            fields={
                "zone": zone,
                "siren": siren,
                "population": parse_int(row.get("population"), file, where, "population"),
            },
            region=("region", _region_key(region, zone)),
        )
        if kind == Kind.COMMUNE:
            record.parents = [("departement", _departement_key(departement, zone))]
            former = row.get("anciensCodes") or []
            if not isinstance(former, list) or not all(isinstance(c, str) for c in former):
                raise row_error(file, where, "anciensCodes", _("une liste de codes est attendue"))
            record.former_codes = tuple(former)
        else:
            column = "commune" if kind == Kind.ARRONDISSEMENT_MUNICIPAL else "chefLieu"
            parent = _code(row, file, where, column)
            record.parents = [(column, (FR, Kind.COMMUNE, parent))]
        records.append(record)
    return _batch(
        file,
        options,
        ETALAB_PUBLISHER,
        [records],
        complete_kinds=COMMUNE_KINDS,
        link_scope=(COMMUNE_KINDS, frozenset({Kind.DEPARTEMENT, Kind.OUTRE_MER, Kind.COMMUNE})),
    )


def _read_groupings(file: str, data: list, options: Options, kind: str) -> Batch:
    records = []
    for where, row in _records(file, data):
        siren = _code(row, file, where)
        if not re.fullmatch(r"\d{9}", siren):
            raise row_error(
                file,
                where,
                "code",
                _("« {siren} » n'est pas un SIREN à 9 chiffres").format(siren=siren),
            )
        designation = required_text(row.get("type"), file, where, "type")
        if kind == Kind.EPCI and designation not in EPCI_TYPES:
            raise row_error(
                file,
                where,
                "type",
                _("« {designation} » n'est pas CC, CA, CU, METRO ou MET69").format(
                    designation=designation
                ),
            )
        members = row.get("membres")
        if not isinstance(members, list):
            raise row_error(file, where, "membres", _("une liste de communes est attendue"))
        record = Record(
            kind=kind,
            code=siren,
            name=required_text(row.get("nom"), file, where, "nom"),
            where=where,
            fields={
                "siren": siren,
                "designation": designation,
                "population": parse_int(
                    row.get("populationMunicipale"), file, where, "populationMunicipale"
                ),
            },
        )
        for number, member in enumerate(members, start=1):
            member_where = _("{where}, membre {number}").format(where=where, number=number)
            if not isinstance(member, dict):
                raise row_error(file, member_where, "code", _("ce n'est pas un objet JSON"))
            code = _code(member, file, member_where)
            record.members.append(("membres", (FR, Kind.COMMUNE, code)))
        records.append(record)
    return _batch(
        file,
        options,
        ETALAB_PUBLISHER,
        [records],
        complete_kinds=frozenset({kind}),
        link_scope=(frozenset({Kind.COMMUNE}), frozenset({kind})),
        keep_links_of_former=False,
        region_from_members=True,
    )


def read_etalab_epci(file: str, data: list, options: Options) -> Batch:
    return _read_groupings(file, data, options, Kind.EPCI)


def read_etalab_ept(file: str, data: list, options: Options) -> Batch:
    return _read_groupings(file, data, options, Kind.EPT)


# --- INSEE COG, CSV ----------------------------------------------------------------


def _cog_options(file: str, options: Options) -> Options:
    """INSEE names its files by vintage (v_commune_2024.csv): use it unless told otherwise."""
    if options.vintage:
        return options
    year = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", file)
    return Options(options.effective_date, f"COG {year.group(0)}" if year else None)


def _cog_value(row: dict, file: str, line: int, column: str, *, required: bool = True) -> str:
    value = (row.get(column.lower()) or "").strip()
    if required and not value:
        raise row_error(file, _("ligne {line}").format(line=line), column, _("valeur manquante"))
    return value


def read_cog_regions(file: str, table, options: Options) -> Batch:
    records = []
    for line, row in table.rows:
        code = _cog_value(row, file, line, "REG")
        chef_lieu = _cog_value(row, file, line, "CHEFLIEU", required=False)
        records.append(
            Record(
                kind=Kind.REGION,
                code=code,
                name=_cog_value(row, file, line, "LIBELLE"),
                where=_("ligne {line}").format(line=line),
                fields={"zone": "drom" if code in DROM_REGIONS else "metro"},
                chef_lieu=(FR, Kind.COMMUNE, chef_lieu) if chef_lieu else None,
            )
        )
    return _batch(
        file,
        _cog_options(file, options),
        COG_PUBLISHER,
        [records],
        complete_kinds=frozenset({Kind.REGION}),
    )


def read_cog_departements(file: str, table, options: Options) -> Batch:
    records = []
    for line, row in table.rows:
        code = _cog_value(row, file, line, "DEP")
        region = (FR, Kind.REGION, _cog_value(row, file, line, "REG"))
        chef_lieu = _cog_value(row, file, line, "CHEFLIEU", required=False)
        records.append(
            Record(
                kind=Kind.DEPARTEMENT,
                code=code,
                name=_cog_value(row, file, line, "LIBELLE"),
                where=_("ligne {line}").format(line=line),
                fields={"zone": "drom" if code.startswith("97") else "metro"},
                region=("REG", region),
                parents=[("REG", region)],
                chef_lieu=(FR, Kind.COMMUNE, chef_lieu) if chef_lieu else None,
            )
        )
    return _batch(
        file,
        _cog_options(file, options),
        COG_PUBLISHER,
        [records],
        complete_kinds=frozenset({Kind.DEPARTEMENT}),
    )


COG_TYPES = {
    "COM": Kind.COMMUNE,
    "COMD": Kind.COMMUNE_DELEGUEE,
    "COMA": Kind.COMMUNE_ASSOCIEE,
    "ARM": Kind.ARRONDISSEMENT_MUNICIPAL,
}


def read_cog_communes(file: str, table, options: Options) -> Batch:
    # INSEE leaves REG and DEP empty on the rows of communes déléguées and associées: they
    # are those of the parent commune, given earlier or later in the same file.
    places = {}
    for line, row in table.rows:
        if _cog_value(row, file, line, "TYPECOM") == "COM":
            code = _cog_value(row, file, line, "COM")
            places[code] = (_cog_value(row, file, line, "REG"), _cog_value(row, file, line, "DEP"))
    records = []
    for line, row in table.rows:
        where = _("ligne {line}").format(line=line)
        typecom = _cog_value(row, file, line, "TYPECOM")
        kind = COG_TYPES.get(typecom)
        if kind is None:
            raise row_error(
                file,
                where,
                "TYPECOM",
                _("« {typecom} » n'est pas COM, COMD, COMA ou ARM").format(typecom=typecom),
            )
        code = _cog_value(row, file, line, "COM")
        record = Record(
            kind=kind, code=code, name=_cog_value(row, file, line, "LIBELLE"), where=where
        )
        if kind == Kind.COMMUNE:
            region, departement = places[code]
        else:
            parent = _cog_value(row, file, line, "COMPARENT")
            if parent not in places:
                raise row_error(
                    file,
                    where,
                    "COMPARENT",
                    _("la commune « {parent} » est absente du fichier").format(parent=parent),
                )
            region, departement = places[parent]
            record.parents = [("COMPARENT", (FR, Kind.COMMUNE, parent))]
        record.fields = {"zone": "drom" if departement.startswith("97") else "metro"}
        record.region = ("REG", (FR, Kind.REGION, region))
        if kind == Kind.COMMUNE:
            record.parents = [("DEP", (FR, Kind.DEPARTEMENT, departement))]
        records.append(record)
    return _batch(
        file,
        _cog_options(file, options),
        COG_PUBLISHER,
        [records],
        complete_kinds=COMMUNE_KINDS,
        link_scope=(COMMUNE_KINDS, frozenset({Kind.DEPARTEMENT, Kind.OUTRE_MER, Kind.COMMUNE})),
    )
