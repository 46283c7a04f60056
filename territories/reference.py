"""Reference data shipped with Maillage (territories/data/, sources in SOURCES.md).

Today's French régions and départements, Québec's 17 régions administratives, and what
older agreements name but no current file lists: the 16 French régions merged on
1 January 2016 and Québec's conférences régionales des élus (CRÉ) abolished in 2015.

Loading is idempotent and never overwrites current entities: an official file imported
later (a newer vintage) stays the authority on names and chefs-lieux.
"""

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .importers import Options, Report, apply_batches
from .importers.formats import read_batch
from .importers.records import Batch, Record
from .models import Kind, Side, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_SOURCE = "Maillage, données de référence"


def load_reference_data(*, progress: Callable[[str], None] | None = None) -> Report:
    """Creates what is missing among the reference collectivities, in one transaction."""
    options = Options(date.today())
    batches = []
    for name in ("regions.json", "departements.json"):
        _fmt, batch = read_batch(DATA_DIR / name, options)
        batches.append(batch.fill_gaps_only())
    batches.append(_quebec_regions())
    history = json.loads((DATA_DIR / "historical.json").read_text(encoding="utf-8"))
    batches.append(_former_french_regions(history["anciennes_regions"]))
    batches.append(_quebec_cre(history["cre"]))
    return apply_batches(batches, options, progress or (lambda message: None))


def _batch(file: str, side: str, source: str, records: list[Record]) -> Batch:
    return Batch(
        file=file,
        format_label="",
        side=side,
        country="FR" if side == Side.FRANCE else "CA",
        source=f"{REFERENCE_SOURCE} — {source}"[:200],
        levels=[records],
    )


def _quebec_regions() -> Batch:
    with (DATA_DIR / "quebec_regions.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    records = [
        Record(
            kind=Kind.REGION,
            code=row["code"],
            name=row["nom"],
            where=f"ligne {line}",
            fields={"designation": "Région administrative"},
            create_only=True,
        )
        for line, row in enumerate(rows, start=2)
    ]
    return _batch("quebec_regions.csv", Side.QUEBEC, "régions administratives (MAMH)", records)


def _former_french_regions(data: dict) -> Batch:
    until, merged = date.fromisoformat(data["fin"]), date.fromisoformat(data["fusion"])
    records = [
        Record(
            kind=Kind.REGION,
            code=row["code"],
            name=row["nom"],
            where=f"région {row['code']}",
            fields={"zone": "metro", "valid_until": until},
            chef_lieu=(Side.FRANCE, Kind.COMMUNE, row["chefLieu"]),
            successions=[
                (
                    (Side.FRANCE, Kind.REGION, row["successeur"]),
                    Succession.Event.MERGER,
                    merged,
                    "Loi n° 2015-29 du 16 janvier 2015",
                )
            ],
            historical=True,
        )
        for row in data["regions"]
    ]
    return _batch("historical.json", Side.FRANCE, data["source"], records)


def _quebec_cre(data: dict) -> Batch:
    until, abolished = date.fromisoformat(data["fin"]), date.fromisoformat(data["suppression"])
    records = [
        Record(
            kind=Kind.CRE,
            code=row["code"],
            name=row["nom"],
            where=f"CRÉ {row['code']}",
            fields={"valid_until": until},
            region=("region", (Side.QUEBEC, Kind.REGION, row["region"])),
            successions=[
                (
                    (Side.QUEBEC, Kind.REGION, row["region"]),
                    Succession.Event.ABOLITION,
                    abolished,
                    data["note"],
                )
            ],
            historical=True,
        )
        for row in data["conferences"]
    ]
    return _batch("historical.json", Side.QUEBEC, data["source"], records)
