"""Synthetic exchanges at national scale, for benchmarks: `seed_exchanges(count=20000)`.

Exchanges between current communes and municipalités of both sides, from 2008 to this
year, of every kind and direction, with a breakdown by age and sex for some; bulk
inserts, no history (what is measured is reading); deterministic for a given seed and
registry. Their titles say they are synthetic; running it again replaces them."""
from __future__ import annotations

import datetime
import random

from projects.facts import bump_version
from territories.models import Collectivity, Kind, Side

from .models import Direction, Exchange, ExchangeKind

BATCH = 2000
FIRST_YEAR = 2008
PREFIX = "[synthétique] "


def _ids(side: str, kind: str) -> list[int]:
    return list(Collectivity.objects.current().filter(side=side, kind=kind).order_by("pk").values_list("pk", flat=True))


def seed_exchanges(*, count: int, seed: int = 42, stdout=None) -> int:
    """Create `count` synthetic exchanges (none when a side has no collectivity); returns
    how many were created."""
    rng = random.Random(seed)
    Exchange.objects.filter(title__startswith=PREFIX).delete()
    french, quebec = _ids(Side.FRANCE, Kind.COMMUNE), _ids(Side.QUEBEC, Kind.MUNICIPALITE)
    if not french or not quebec:
        return 0
    today = datetime.date.today()
    rows = []
    for number in range(count):
        direction = rng.choice(Direction.values)
        france, quebec_id = rng.choice(french), rng.choice(quebec)
        sending, host = (france, quebec_id) if direction == Direction.FR_TO_QC else (quebec_id, france)
        start = datetime.date(rng.randint(FIRST_YEAR, today.year), rng.randint(1, 12), rng.randint(1, 28))
        participants = rng.randint(1, 30)
        women = rng.randint(0, participants) if rng.random() < 0.5 else None
        rows.append(Exchange(
            title=f"{PREFIX}échange {number + 1}", kind=rng.choice(ExchangeKind.values), direction=direction,
            sending_collectivity_id=sending, host_collectivity_id=host, start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(7, 180)), participants=participants,
            women=women, men=None if women is None else participants - women))
        if len(rows) == BATCH:
            Exchange.objects.bulk_create(rows)
            rows = []
    Exchange.objects.bulk_create(rows)
    bump_version()  # bulk writes send no signal: the cached figures must go
    if stdout is not None:
        stdout.write(f"  {count} échanges synthétiques")
    return count
