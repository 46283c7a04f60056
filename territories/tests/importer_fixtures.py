"""Small synthetic files in the official formats, written to a temporary folder."""

import gzip
import json
from pathlib import Path

REGIONS = [
    {
        "code": "84",
        "chefLieu": "69123",
        "nom": "Auvergne-Rhône-Alpes",
        "typeLiaison": 1,
        "zone": "metro",
    },
    {
        "code": "975",
        "chefLieu": "97502",
        "nom": "Saint-Pierre-et-Miquelon",
        "typeLiaison": 0,
        "zone": "com",
    },
]
DEPARTEMENTS = [
    {
        "code": "01",
        "region": "84",
        "chefLieu": "01053",
        "nom": "Ain",
        "typeLiaison": 5,
        "zone": "metro",
    },
    {
        "code": "69",
        "region": "84",
        "chefLieu": "69123",
        "nom": "Rhône",
        "typeLiaison": 2,
        "zone": "metro",
    },
    {
        "code": "975",
        "region": "975",
        "chefLieu": "97502",
        "nom": "Saint-Pierre-et-Miquelon",
        "typeLiaison": 0,
        "zone": "com",
    },
]


def commune(code, nom, population, **extra):
    return {
        "code": code,
        "nom": nom,
        "zone": "metro",
        "departement": code[:2],
        "region": "84",
        "type": "commune-actuelle",
        "siren": f"21{code}9"[:9].ljust(9, "0"),
        "population": population,
        **extra,
    }


def deleguee(code, nom, parent, kind="commune-deleguee"):
    return {
        "code": code,
        "nom": nom,
        "zone": "metro",
        "departement": code[:2],
        "region": "84",
        "type": kind,
        "chefLieu": parent,
    }


# Unchanged between the two vintages.
LYON_1ER = {
    "code": "69381",
    "nom": "Lyon 1er Arrondissement",
    "zone": "metro",
    "departement": "69",
    "region": "84",
    "type": "arrondissement-municipal",
    "commune": "69123",
    "population": 29000,
}
SAINT_PIERRE = {
    "code": "97502",
    "nom": "Saint-Pierre",
    "departement": "975",
    "region": "975",
    "zone": "com",
    "type": "commune-actuelle",
    "population": 5194,
}

COMMUNES_2025 = [
    commune("01053", "Bourg-en-Bresse", 41000),
    commune("01002", "L'Abergement-de-Varey", 250),
    commune("01003", "Amareins", 120),
    commune("01004", "Ambérieu-en-Bugey", 14000),
    commune("69123", "Lyon", 520000),
    LYON_1ER,
    SAINT_PIERRE,
]

# 2026: 01002 and 01003 merge into the commune nouvelle 01005 and become communes
# déléguées; Bourg-en-Bresse grows; Ambérieu is renamed.
COMMUNES_2026 = [
    commune("01053", "Bourg-en-Bresse", 41500),
    commune("01004", "Ambérieu-en-Bugey-la-Neuve", 14000),
    commune("01005", "Val-de-Varey", 370, anciensCodes=["01002", "01003", "01999"]),
    deleguee("01002", "L'Abergement-de-Varey", "01005"),
    deleguee("01003", "Amareins", "01005"),
    commune("69123", "Lyon", 520000),
    LYON_1ER,
    SAINT_PIERRE,
]


def epci(code, nom, kind, members):
    return {
        "code": code,
        "nom": nom,
        "type": kind,
        "modeFinancement": "FPU",
        "populationTotale": 1000,
        "populationMunicipale": 990,
        "membres": [{"code": member, "nom": member, "populationTotale": 1} for member in members],
    }


EPCI_2025 = [
    epci("200071751", "CA du Bassin de Bourg-en-Bresse", "CA", ["01053", "01002"]),
    epci("240100883", "CC de la Plaine de l'Ain", "CC", ["01003", "01004"]),
    epci("200046977", "Métropole de Lyon", "MET69", ["69123"]),
]
EPCI_2026 = [
    epci("200071751", "CA du Bassin de Bourg-en-Bresse", "CA", ["01053", "01005"]),
    epci("240100883", "CC de la Plaine de l'Ain", "CC", ["01004"]),
    epci("200046977", "Métropole de Lyon", "MET69", ["69123"]),
]


def write_json(folder: Path, name: str, data, *, gz: bool = False) -> Path:
    path = folder / name
    text = json.dumps(data, ensure_ascii=False)
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_vintage(folder: Path, communes, epcis, *, gz: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".json.gz" if gz else ".json"
    return [
        write_json(folder, f"communes{suffix}", communes, gz=gz),
        write_json(folder, f"epci{suffix}", epcis, gz=gz),
        write_json(folder, f"departements{suffix}", DEPARTEMENTS, gz=gz),
        write_json(folder, f"regions{suffix}", REGIONS, gz=gz),
    ]


MUN_HEADER = (
    '\ufeff"mcode","munnom","mweb","mdes","regadm","mrc","admregionale","mdatcons",'
    '"msuperf","mpopul","mcm","maire"\n'
)


def mun_row(
    code,
    name,
    population="1000",
    mrc="MRC Brome-Missisquoi (460)",
    region="Estrie (05)",
    cm="",
    date="1929-06-25",
    area="26.97",
):
    values = [
        code,
        name,
        "www.example.qc.ca",
        "Municipalité",
        region,
        mrc,
        "",
        date,
        area,
        population,
        cm,
        "",
    ]
    return ",".join(f'"{value}"' for value in values) + "\n"


def write_mun(folder: Path, rows: list[str], name: str = "MUN.csv") -> Path:
    path = folder / name
    path.write_text(MUN_HEADER + "".join(rows), encoding="utf-8")
    return path
