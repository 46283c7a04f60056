"""Synthetic projects at national scale, for benchmarks: `seed_projects(count=30_000)`.

Deterministic for a given seed and registry; bulk inserts in batches, no history records
(what is measured is reading). Everything is marked is_demo.
"""
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from plan.models import Axis, Piste
from territories.models import Collectivity, Side

from . import facts
from .models import Activity, BudgetLine, Indicator, Measurement, Partner, Project, Update

BATCH = 2000
TOPICS = [
    "Écotechnologies", "Gestion de l'eau", "Plan climat", "Transport collectif", "Circuits courts agroalimentaires",
    "Patrimoine bâti", "Relève artistique", "Bibliothèques numériques", "Échanges universitaires",
    "Innovation sociale", "Maintien à domicile", "Intégration des migrants", "Ruralité", "Tourisme durable",
    "Francophonie", "Échanges de personnel", "Forêts de proximité", "Agenda 21 local",
]
INDICATORS = [
    ("Emplois créés", Indicator.Category.ECONOMIC, "emplois"),
    ("Personnes accompagnées", Indicator.Category.SOCIAL, "personnes"),
    ("Artistes accueillis", Indicator.Category.CULTURAL, "artistes"),
    ("Émissions évitées", Indicator.Category.ENVIRONMENTAL, "t éq. CO2"),
]


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed_projects(*, count: int, seed: int = 42, stdout=None) -> int:
    """Create `count` synthetic projects with partners on both sides (when the registry
    has both), pistes, themes, budget lines, activities, a journal entry and, for most,
    an indicator with measurements. Returns the number of projects created."""
    rng = random.Random(seed)
    french = list(Collectivity.objects.current().filter(side=Side.FRANCE).order_by("pk").values_list("pk", "name", "side"))
    quebec = list(Collectivity.objects.current().filter(side=Side.QUEBEC).order_by("pk").values_list("pk", "name", "side"))
    if not (french or quebec) or count <= 0:
        return 0
    piste_ids = list(Piste.objects.order_by("pk").values_list("pk", flat=True))
    theme_ids = list(Axis.objects.filter(kind=Axis.Kind.THEME).order_by("pk").values_list("pk", flat=True))
    user_ids = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True)[:50]) or [None]
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        _seed_batch(rng, size, created, french, quebec, piste_ids, theme_ids, user_ids, now, today)
        created += size
        _write(stdout, f"{created} / {count}")
    return created


def _seed_batch(rng, size, offset, french, quebec, piste_ids, theme_ids, user_ids, now, today) -> None:
    projects, plans = [], []
    for index in range(size):
        fr = rng.choice(french) if french else None
        qc = rng.choice(quebec) if quebec else None
        one_side = rng.random() < 0.08 or fr is None or qc is None
        partners = [fr or qc] if one_side else [fr, qc]
        if rng.random() < 0.3 and french and quebec:
            extra = rng.choice(french if rng.random() < 0.5 else quebec)
            if extra not in partners:
                partners.append(extra)
        start_year = rng.randint(2008, today.year)
        start = datetime.date(start_year, rng.randint(1, 12), 1)
        status = rng.choices(list(Project.Status.values), weights=[15, 50, 5, 25, 5])[0]
        names = " – ".join(name for _pk, name, _side in partners[:2])
        projects.append(Project(
            title=f"{rng.choice(TOPICS)} : {names}"[:250],
            summary="Projet synthétique pour les mesures de performance.",
            start_date=start, end_date=start.replace(year=start_year + rng.randint(1, 4)),
            status=status, is_public=rng.random() < 0.6, is_demo=True,
            created_by_id=rng.choice(user_ids),
            last_activity_at=now - datetime.timedelta(days=rng.randint(0, 720)),
        ))
        plans.append({
            "partners": partners, "pistes": rng.sample(piste_ids, k=min(len(piste_ids), rng.randint(1, 2))),
            "themes": rng.sample(theme_ids, k=min(len(theme_ids), rng.randint(0, 1))),
            "indicator": rng.random() < 0.75, "authors": rng.sample(user_ids, k=min(len(user_ids), 2)),
            "number": offset + index,
        })
    Project.objects.bulk_create(projects, batch_size=BATCH)

    now_db = now
    partner_rows, budget_rows, activity_rows, update_rows, indicator_rows = [], [], [], [], []
    piste_links, theme_links = [], []
    for project, plan in zip(projects, plans):
        for position, (collectivity_id, _name, side) in enumerate(plan["partners"]):
            role = Partner.Role.LEAD if position == 0 else rng.choice(
                [Partner.Role.PARTNER, Partner.Role.REGIONAL_COORDINATOR, Partner.Role.FUNDER])
            # Raw rows skip Partner.save(), which copies the side: it is set here.
            partner_rows.append((project.pk, collectivity_id, role, side))
        piste_links += [(project.pk, pk) for pk in plan["pistes"]]
        theme_links += [(project.pk, pk) for pk in plan["themes"]]
        year = project.start_date.year
        budget_rows.append((project.pk, "FFQCD", Decimal(rng.randrange(5_000, 80_000, 500)), "EUR", year))
        budget_rows.append((project.pk, "FFQCD", Decimal(rng.randrange(7_500, 120_000, 500)), "CAD", year))
        activity_rows.append((project.pk, Activity.Kind.ACTIVITY, "Mission d'étude", project.start_date,
                              Activity.Status.DONE))
        for author_id in plan["authors"]:
            update_rows.append((project.pk, project.last_activity_at.date(), "Point d'étape.", author_id, now_db))
        if plan["indicator"]:
            name, category, unit = rng.choice(INDICATORS)
            indicator_rows.append(Indicator(project_id=project.pk, name=name, category=category, unit=unit,
                                            target=Decimal(rng.randint(10, 500)),
                                            territory_id=plan["partners"][0][0]))
    _insert(Partner, ["project_id", "collectivity_id", "role", "side"], partner_rows)
    _insert(Project.pistes.through, ["project_id", "piste_id"], piste_links)
    _insert(Project.themes.through, ["project_id", "axis_id"], theme_links)
    _insert(BudgetLine, ["project_id", "source", "amount", "currency", "year"], budget_rows)
    _insert(Activity, ["project_id", "kind", "title", "start_date", "status"], activity_rows)
    _insert(Update, ["project_id", "date", "text", "author_id", "created_at"], update_rows)
    Indicator.objects.bulk_create(indicator_rows, batch_size=BATCH)
    measurement_rows = []
    for indicator in indicator_rows:
        year = rng.randint(2008, today.year)
        for state in rng.choice([(), ("approuvee",), ("approuvee", "brouillon"), ("brouillon",)]):
            measurement_rows.append((indicator.pk, datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                                     Decimal(rng.randint(0, int(indicator.target))), state, rng.choice(user_ids)))
    _insert(Measurement, ["indicator_id", "period_start", "period_end", "value", "status", "entered_by_id"],
            measurement_rows)
    # Raw inserts send no signal: the dashboard's figures of the batch are computed here.
    facts.refresh([project.pk for project in projects])


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """INSERT `rows` (tuples of values for the fields `names`) with executemany: the ORM's
    per-object work is most of bulk_create's time at this scale."""
    if not rows:
        return
    ops = connection.ops
    fields = [model._meta.get_field(name) for name in names]
    # Columns not given that have a default in the model (a version counter added later,
    # say): written with it, as the ORM would, since the database knows no default.
    defaults = [field for field in model._meta.concrete_fields
                if field not in fields and not field.primary_key and field.has_default()]
    if defaults:
        fields += defaults
        extra = tuple(field.get_default() for field in defaults)
        rows = [row + extra for row in rows]
    converters = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            converters.append(ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            converters.append(ops.adapt_datefield_value)
        elif isinstance(field, models.DecimalField):
            converters.append(lambda value, f=field: ops.adapt_decimalfield_value(value, f.max_digits, f.decimal_places))
        else:
            converters.append(None)
    if any(converters):
        rows = [tuple(convert(value) if convert else value for convert, value in zip(converters, row)) for row in rows]
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[start:start + BATCH * 5])
