"""Applying batches to the database in a handful of bulk queries.

The store loads every collectivity, link and succession once, keyed by (side, kind, code),
then compares each record with what is there: new rows are bulk-created, changed rows
bulk-updated, identical rows left alone. Nothing is queried row by row, which keeps a
national import within seconds on SQLite and PostgreSQL alike.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Collectivity, Kind, Link, Succession
from ..names import normalize
from .records import Batch, Key, Options, Record, row_error

BATCH_SIZE = 1000
COLLECTIVITY_COLUMNS = tuple(
    field.attname for field in Collectivity._meta.concrete_fields if not field.primary_key and not field.generated
)
# Values the database driver cannot take as Python gives them (SQLite: aware datetimes…).
ADAPTED_COLUMNS = {
    field.attname: field
    for field in Collectivity._meta.concrete_fields
    if field.get_internal_type() in {"DateField", "DateTimeField", "DecimalField"}
}


def insert_rows(model, columns: tuple[str, ...], rows) -> None:
    """Inserts many rows at once: COPY on PostgreSQL, executemany elsewhere.

    Model.objects.bulk_create spends most of a national import preparing values field by
    field; the importer's values are already clean, so it writes them directly.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(rows))


@dataclass
class Report:
    """What a run did, per kind: created, updated, unchanged, closed."""

    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    links_added: int = 0
    links_removed: int = 0
    successions_added: int = 0

    def total(self, status: str) -> int:
        return sum(counter[status] for counter in self.counts.values())

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.total("created")
            or self.total("updated")
            or self.total("closed")
            or self.links_added
            or self.links_removed
            or self.successions_added
        )


class Store:
    def __init__(self, options: Options):
        self.options = options
        self.now = timezone.now()
        self.db_now = ADAPTED_COLUMNS["updated_at"].get_db_prep_save(self.now, connection)
        self.report = Report()
        self.current: dict[Key, Collectivity] = {}
        self.closed: dict[Key, Collectivity] = {}  # the latest former row of each key
        self.kind_of: dict[int, str] = {}
        self.current_ids: set[int] = set()
        self.links: dict[tuple[int, int], int] = {}
        self.successions: set[tuple[int, int]] = set()
        self.status: dict[Key, str] = {}
        self.pending_chef_lieu: dict[Key, Key] = {}

    def load(self) -> None:
        for obj in Collectivity.objects.order_by("valid_until", "pk").iterator(chunk_size=5000):
            key = (obj.side, obj.kind, obj.code)
            self.kind_of[obj.pk] = obj.kind
            if obj.valid_until is None:
                self.current[key] = obj
                self.current_ids.add(obj.pk)
            else:
                self.closed[key] = obj
        self.links = {
            (child, parent): pk
            for pk, child, parent in Link.objects.values_list(
                "pk", "child_id", "parent_id"
            ).iterator(chunk_size=10000)
        }
        self.successions = set(Succession.objects.values_list("predecessor_id", "successor_id"))

    # --- collectivities -----------------------------------------------------------------

    def apply(self, batch: Batch) -> None:
        seen: dict[Key, Record] = {}
        for level in batch.levels:
            self._apply_level(batch, level, seen)
        closed = self._close_missing(batch, seen)
        self._apply_links(batch, seen)
        self._apply_successions(batch, seen, closed)

    def _apply_level(self, batch: Batch, level: list[Record], seen: dict) -> None:
        to_create, to_update, changed_fields = [], [], set()
        for record in level:
            key = (batch.side, record.kind, record.code)
            if key in seen and not record.create_only:
                raise row_error(
                    batch.file,
                    record.where,
                    "code",
                    _("« {code} » figure déjà plus haut dans le fichier ({where_before})").format(
                        code=record.code, where_before=seen[key].where
                    ),
                )
            seen.setdefault(key, record)
            existing = (self.closed if record.historical else self.current).get(key)
            if existing is not None and record.create_only:
                if key not in self.status:  # not already counted by an earlier file
                    self._count(key, "unchanged")
                continue
            values = self._values(batch, record, key)
            if existing is None:
                obj = Collectivity(side=batch.side, kind=record.kind, code=record.code, **values)
                to_create.append((key, obj))
                self._count(key, "created")
                continue
            changed = [name for name, value in values.items() if getattr(existing, name) != value]
            if changed:
                for name in changed:
                    setattr(existing, name, values[name])
                changed_fields.update(changed)
                to_update.append(existing)
                self._count(key, "updated")
            else:
                self._count(key, "unchanged")
        if to_create:
            self._create(batch.side, to_create)
        self._save(to_update, changed_fields)

    def _create(self, side: str, to_create: list[tuple[Key, Collectivity]]) -> None:
        former = [(key, obj) for key, obj in to_create if obj.valid_until is not None]
        if former:  # a few reference rows: the ORM is fine
            Collectivity.objects.bulk_create([obj for _key, obj in former])
            for key, obj in former:
                self.kind_of[obj.pk] = obj.kind
                self.closed[key] = obj
        new = {key: obj for key, obj in to_create if obj.valid_until is None}
        if not new:
            return
        insert_rows(Collectivity, COLLECTIVITY_COLUMNS, (self._row(obj) for obj in new.values()))
        # The rows are current, so (side, kind, code) finds each one's new id.
        created = (
            Collectivity.objects.current()
            .filter(side=side, kind__in={key[1] for key in new})
            .values_list("pk", "kind", "code")
        )
        for pk, kind, code in created:
            obj = new.get((side, kind, code))
            if obj is not None:
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
                self.kind_of[pk] = kind
                self.current[(side, kind, code)] = obj
                self.current_ids.add(pk)

    def _row(self, obj: Collectivity) -> tuple:
        obj.created_at = obj.updated_at = self.now
        row = []
        for column in COLLECTIVITY_COLUMNS:
            if column in ("created_at", "updated_at"):
                row.append(self.db_now)
                continue
            value = getattr(obj, column)
            if value is not None and column in ADAPTED_COLUMNS:
                value = ADAPTED_COLUMNS[column].get_db_prep_save(value, connection)
            row.append(value)
        return tuple(row)

    def _values(self, batch: Batch, record: Record, key: Key) -> dict:
        values = {
            "name": record.name,
            "search_name": normalize(record.name),
            "country": batch.country,
            "source": batch.source,
            **record.fields,
        }
        if record.region:
            column, region_key = record.region
            values["region_id"] = self._require(batch, record, column, region_key).pk
        elif batch.region_from_members and record.members:
            regions = Counter(
                self._require(batch, record, column, member).region_id
                for column, member in record.members
            )
            values["region_id"] = regions.most_common(1)[0][0]
        if record.chef_lieu:
            chef_lieu = self.current.get(record.chef_lieu)
            if chef_lieu is not None:
                values["chef_lieu_id"] = chef_lieu.pk
            else:
                # Régions come before communes: set it once the communes are there.
                self.pending_chef_lieu[key] = record.chef_lieu
        return values

    def _require(self, batch: Batch, record: Record, column: str, key: Key) -> Collectivity:
        obj = self.current.get(key)
        if obj is None:
            _side, kind, code = key
            raise row_error(
                batch.file,
                record.where,
                column,
                _(
                    "{kind} « {code} » introuvable : importez aussi le fichier qui la décrit, "
                    "ou un millésime cohérent"
                ).format(kind=Kind(kind).label.lower(), code=code),
            )
        return obj

    def _save(self, objs: list[Collectivity], fields: set[str]) -> None:
        if not objs:
            return
        for obj in objs:
            obj.updated_at = self.now
        Collectivity.objects.bulk_update(
            objs, sorted(fields | {"updated_at"}), batch_size=BATCH_SIZE
        )

    def _count(self, key: Key, status: str) -> None:
        self.report.counts[key[1]][status] += 1
        self.status[key] = status

    def _close_missing(self, batch: Batch, seen: dict) -> dict[Key, Collectivity]:
        """Entities of a kind the file lists exhaustively, and that it no longer lists, have
        ceased to exist: they keep their row, with valid_until the day before the vintage."""
        if not batch.complete_kinds:
            return {}
        last_day = self.options.effective_date - timedelta(days=1)
        closed = {}
        for key, obj in self.current.items():
            side, kind, _code = key
            if (
                side == batch.side
                and kind in batch.complete_kinds
                and key not in seen
                and not obj.is_demo
            ):
                obj.valid_until = last_day
                closed[key] = obj
        for key, obj in closed.items():
            del self.current[key]
            self.current_ids.discard(obj.pk)
            self.closed[key] = obj
            self.report.counts[key[1]]["closed"] += 1
        self._save(list(closed.values()), {"valid_until"})
        return closed

    # --- links and history ------------------------------------------------------------

    def _apply_links(self, batch: Batch, seen: dict) -> None:
        wanted = set()
        for key, record in seen.items():
            obj = (self.closed if record.historical else self.current)[key]
            for column, parent_key in record.parents:
                parent = self._require(batch, record, column, parent_key)
                if parent.pk != obj.pk:
                    wanted.add((obj.pk, parent.pk))
            for column, member_key in record.members:
                wanted.add((self._require(batch, record, column, member_key).pk, obj.pk))
        new = [pair for pair in wanted if pair not in self.links]
        stale = []
        if batch.link_scope:
            child_kinds, parent_kinds = batch.link_scope
            stale = [
                pair
                for pair in self.links
                if pair not in wanted
                and (pair[0] in self.current_ids or not batch.keep_links_of_former)
                and self.kind_of[pair[0]] in child_kinds
                and self.kind_of[pair[1]] in parent_kinds
            ]
        if stale:
            stale_ids = [self.links.pop(pair) for pair in stale]
            for child, parent in [pair for pair, pk in zip(stale, stale_ids) if pk is None]:
                Link.objects.filter(child_id=child, parent_id=parent).delete()
            stale_ids = [pk for pk in stale_ids if pk is not None]
            for start in range(0, len(stale_ids), BATCH_SIZE):
                Link.objects.filter(pk__in=stale_ids[start : start + BATCH_SIZE]).delete()
            self.report.links_removed += len(stale)
        if new:
            insert_rows(Link, ("child_id", "parent_id"), new)
            for pair in new:
                self.links[pair] = None  # id unknown, fetched if it must go in this same run
            self.report.links_added += len(new)

    def _apply_successions(self, batch: Batch, seen: dict, closed: dict) -> None:
        new = []
        for key, record in seen.items():
            obj = (self.closed if record.historical else self.current)[key]
            for code in record.former_codes:
                predecessor = closed.get((batch.side, record.kind, code))
                if predecessor is not None and (predecessor.pk, obj.pk) not in self.successions:
                    new.append(
                        Succession(
                            predecessor=predecessor,
                            successor=obj,
                            event=Succession.Event.MERGER,
                            date=self.options.effective_date,
                            note=_("Ancien code listé par {file}").format(file=batch.file),
                        )
                    )
            for successor_key, event, date, note in record.successions:
                successor = self._require(batch, record, "successeur", successor_key)
                if (obj.pk, successor.pk) not in self.successions:
                    new.append(
                        Succession(
                            predecessor=obj, successor=successor, event=event, date=date, note=note
                        )
                    )
        for succession in new:
            self.successions.add((succession.predecessor_id, succession.successor_id))
        Succession.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.report.successions_added += len(new)

    def finish(self) -> None:
        """Sets the chefs-lieux that pointed to communes imported after their région."""
        changed = []
        for key, target_key in self.pending_chef_lieu.items():
            obj = self.current.get(key) or self.closed.get(key)
            target = self.current.get(target_key)
            if obj is None or target is None or obj.chef_lieu_id == target.pk:
                continue
            obj.chef_lieu_id = target.pk
            changed.append(obj)
            if self.status.get(key) == "unchanged":
                self.report.counts[key[1]]["unchanged"] -= 1
                self._count(key, "updated")
        self._save(changed, {"chef_lieu_id"})
