"""Synthetic agreements and twinnings at national scale, for benchmarks:
`seed_links(twinnings=20_000, agreements=5_000)`, run by `maillage seed_scale --links N`.

On the registry imported from the official files: twinnings between current communes and
municipalities, one in twenty of a commune déléguée or of a Québec arrondissement (whose
today's entity is its commune or city), each with its committees one time in two and a
theme; agreements between régions (the pre-2016 ones among them), départements,
communes or EPCI and municipalities, MRC, régions administratives or the Gouvernement du
Québec, one in ten tripartite with a third country's party, plans of action in series
(each renewing the one before). Bulk inserts in batches, no history records (what is
measured is reading); deterministic for a given seed and registry; every record is
is_demo with the source SOURCE, and a second run replaces the first one's.
"""
from __future__ import annotations

import datetime
import random

from django.db import connection

from plan.models import Axis
from territories.models import Collectivity, Kind, Side

from . import places
from .models import Agreement, AgreementParty, LinkPlace, NearbyLink, Twinning, TwinningCommittee

BATCH = 2000
SOURCE = "seed_scale (données synthétiques)"
FIRST_YEAR = 1960
TOPICS = ("Échanges de jeunes", "Circuits courts", "Gestion de l'eau", "Culture et patrimoine", "Tourisme durable",
          "Francophonie", "Économie sociale", "Forêts", "Numérique", "Enseignement supérieur")
FOREIGN = (("Province de Liège", "BE"), ("Canton de Vaud", "CH"), ("Région de Dakar", "SN"), ("Wallonie", "BE"))


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def clear() -> None:
    """Remove what an earlier run created (raw deletes: no history of synthetic rows)."""
    using = connection.alias
    agreements = Agreement.objects.filter(source=SOURCE).values("pk")
    twinnings = Twinning.objects.filter(source=SOURCE).values("pk")
    for rows in (LinkPlace.objects.filter(agreement__in=agreements),
                 LinkPlace.objects.filter(twinning__in=twinnings),
                 NearbyLink.objects.filter(agreement__in=agreements),
                 NearbyLink.objects.filter(twinning__in=twinnings),
                 AgreementParty.objects.filter(agreement__in=agreements),
                 Agreement.themes.through.objects.filter(agreement__in=agreements),
                 Agreement.pistes.through.objects.filter(agreement__in=agreements),
                 TwinningCommittee.objects.filter(twinning__in=twinnings),
                 Twinning.themes.through.objects.filter(twinning__in=twinnings)):
        rows.model.objects.filter(pk__in=list(rows.values_list("pk", flat=True)))._raw_delete(using)
    Agreement.objects.filter(source=SOURCE, renews__isnull=False).update(renews=None)
    Agreement.objects.filter(source=SOURCE)._raw_delete(using)
    Twinning.objects.filter(source=SOURCE)._raw_delete(using)


def _ids(side: str, kinds, *, current: bool = True) -> list[int]:
    rows = Collectivity.objects.filter(side=side, kind__in=kinds)
    rows = rows.filter(valid_until__isnull=True) if current else rows.filter(valid_until__isnull=False)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def seed_links(*, twinnings: int, agreements: int, seed: int = 42, stdout=None) -> tuple[int, int]:
    """Create `twinnings` and `agreements` (fewer twinnings when the registry holds fewer
    pairs). Returns how many of each were created."""
    rng = random.Random(seed)
    clear()
    themes = list(Axis.objects.filter(kind=Axis.Kind.THEME).values_list("pk", flat=True))
    created_twinnings = _seed_twinnings(rng, twinnings, themes)
    _write(stdout, f"  {created_twinnings} jumelages synthétiques")
    created_agreements = _seed_agreements(rng, agreements, themes)
    _write(stdout, f"  {created_agreements} ententes synthétiques")
    # Bulk writes send no signal: the read model (places, data version) is rebuilt.
    places.refresh_all()
    return created_twinnings, created_agreements


def _year_bounds(rng) -> tuple[int, int | None]:
    since = rng.randint(FIRST_YEAR, datetime.date.today().year)
    until = since + rng.randint(3, 30) if rng.random() < 0.1 else None
    return since, until if until is None or until <= datetime.date.today().year else None


def _seed_twinnings(rng, count: int, themes: list[int]) -> int:
    communes = _ids(Side.FRANCE, [Kind.COMMUNE])
    deleguees = _ids(Side.FRANCE, [Kind.COMMUNE_DELEGUEE, Kind.COMMUNE_ASSOCIEE])
    municipalites = _ids(Side.QUEBEC, [Kind.MUNICIPALITE])
    arrondissements = _ids(Side.QUEBEC, [Kind.ARRONDISSEMENT])
    if not communes or not municipalites:
        return 0
    count = min(count, len(communes) * len(municipalites))
    pairs, rows = set(), []
    statuses = [Twinning.Status.ACTIVE] * 6 + [Twinning.Status.DORMANT] * 3 + [Twinning.Status.ENDED]
    kinds = [Twinning.Kind.TWINNING] * 8 + [Twinning.Kind.FRIENDSHIP, Twinning.Kind.PARTNERSHIP]
    today = datetime.date.today()
    while len(rows) < count:
        french = rng.choice(deleguees) if deleguees and rng.random() < 0.05 else rng.choice(communes)
        quebec = rng.choice(arrondissements) if arrondissements and rng.random() < 0.05 else rng.choice(municipalites)
        kind = rng.choice(kinds)
        if (kind, french, quebec) in pairs:
            continue
        pairs.add((kind, french, quebec))
        since, until = _year_bounds(rng)
        status = Twinning.Status.ENDED if until else rng.choice(statuses[:-1])
        last = today - datetime.timedelta(days=rng.randint(10, 4000)) if rng.random() < 0.7 else None
        rows.append(Twinning(kind=kind, french_id=french, quebec_id=quebec, since_year=since, until_year=until,
                             status=status, last_exchange=last if last and last.year >= since else None,
                             is_published=rng.random() < 0.9, source=SOURCE, is_demo=True))
    Twinning.objects.bulk_create(rows, batch_size=BATCH)
    committees, links = [], []
    for twinning in rows:
        if rng.random() < 0.5:
            for side in (Side.FRANCE, Side.QUEBEC):
                committees.append(TwinningCommittee(
                    twinning=twinning, side=side, name=f"Comité de jumelage n° {twinning.pk}-{side}",
                    contact_name="Présidence (synthétique)", email=f"jumelage-{twinning.pk}-{side}@exemple.invalid"))
        if themes:
            links.append(Twinning.themes.through(twinning_id=twinning.pk, axis_id=rng.choice(themes)))
    TwinningCommittee.objects.bulk_create(committees, batch_size=BATCH)
    Twinning.themes.through.objects.bulk_create(links, batch_size=BATCH)
    return len(rows)


def _seed_agreements(rng, count: int, themes: list[int]) -> int:
    french = {
        "region": _ids(Side.FRANCE, [Kind.REGION]) + _ids(Side.FRANCE, [Kind.REGION], current=False),
        "departement": _ids(Side.FRANCE, [Kind.DEPARTEMENT]),
        "local": _ids(Side.FRANCE, [Kind.COMMUNE, Kind.EPCI]),
    }
    quebec = {
        "region": _ids(Side.QUEBEC, [Kind.REGION]),
        "local": _ids(Side.QUEBEC, [Kind.MUNICIPALITE, Kind.MRC]),
    }
    if not french["local"] or not quebec["local"]:
        return 0
    agreements, parties, renewals = [], [], []
    series: dict[int, Agreement] = {}
    kinds = [k for k in Agreement.Kind.values if k != Agreement.Kind.PLAN_OF_ACTION]
    for number in range(count):
        since, until = _year_bounds(rng)
        level = rng.choice(("region", "region", "departement", "local", "local", "local"))
        fr_pool = french[level] or french["local"]
        fr_party = rng.choice(fr_pool)
        plan = level == "region" and rng.random() < 0.6
        status = Agreement.Status.EXPIRED if until else rng.choice(
            [Agreement.Status.IN_FORCE] * 6 + [Agreement.Status.PREPARATION, Agreement.Status.DENOUNCED])
        agreement = Agreement(
            title=f"{rng.choice(TOPICS)} — entente synthétique n° {number + 1}",
            kind=Agreement.Kind.PLAN_OF_ACTION if plan else rng.choice(kinds), status=status, since_year=since,
            until_year=until, is_published=rng.random() < 0.9, source=SOURCE, is_demo=True)
        if plan:
            previous = series.get(fr_party)
            if previous is not None:
                renewals.append((agreement, previous))
            agreement.sequence = (previous.sequence or 0) + 1 if previous else 1
            series[fr_party] = agreement
        agreements.append(agreement)
        row = [AgreementParty(agreement=agreement, side=Side.FRANCE, collectivity_id=fr_party, country="FR")]
        if plan or (level == "region" and quebec["region"] and rng.random() < 0.3):
            row.append(AgreementParty(agreement=agreement, side=Side.QUEBEC, kind=AgreementParty.Kind.GOVERNMENT,
                                      name="Gouvernement du Québec", country="CA"))
        else:
            pool = quebec["region"] if level == "region" and quebec["region"] else quebec["local"]
            row.append(AgreementParty(agreement=agreement, side=Side.QUEBEC, collectivity_id=rng.choice(pool),
                                      country="CA"))
        if rng.random() < 0.1:
            name, country = rng.choice(FOREIGN)
            row.append(AgreementParty(agreement=agreement, side=Side.OTHER, kind=AgreementParty.Kind.GOVERNMENT,
                                      name=name, country=country))
        parties.append(row)
    Agreement.objects.bulk_create(agreements, batch_size=BATCH)
    # A renewal points to an agreement of the same batch: set once every row has its id.
    for agreement, previous in renewals:
        agreement.renews_id = previous.pk
    Agreement.objects.bulk_update([agreement for agreement, _previous in renewals], ["renews"], batch_size=BATCH)
    AgreementParty.objects.bulk_create([p for row in parties for p in row], batch_size=BATCH)
    if themes:
        Agreement.themes.through.objects.bulk_create(
            [Agreement.themes.through(agreement_id=a.pk, axis_id=rng.choice(themes)) for a in agreements],
            batch_size=BATCH)
    return len(agreements)
