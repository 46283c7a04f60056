"""What every reader produces: the entities of one file, in a shape the store can apply.

Readers know the formats and nothing of the database; the store knows the database and
nothing of the formats.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

# (side, kind, code): how an entity is recognised from one vintage to the next.
Key = tuple[str, str, str]


class ImportFailure(Exception):
    """Bad input. The message is in French and names the file and, when known, where."""


def row_error(file: str, where: str, column: str, problem: str) -> ImportFailure:
    return ImportFailure(
        _("{file}, {where}, champ « {column} » : {problem}").format(
            file=file, where=where, column=column, problem=problem
        )
    )


@dataclass
class Record:
    """One entity as a file describes it.

    `fields` holds only the model fields this format provides (a COG file has no
    population: importing it must not erase the one another file gave).
    """

    kind: str
    code: str
    name: str
    where: str  # "enregistrement 12" or "ligne 57", for error messages
    fields: dict = field(default_factory=dict)
    # References carry the column they come from, to name it if they lead nowhere.
    region: tuple[str, Key] | None = None
    parents: list[tuple[str, Key]] = field(default_factory=list)
    members: list[tuple[str, Key]] = field(default_factory=list)  # children: EPCI members
    chef_lieu: Key | None = None  # set when the commune exists, never an error
    former_codes: tuple[str, ...] = ()  # codes of the communes merged into this one
    # Explicit history (reference data): (successor key, event, date, note).
    successions: list[tuple[Key, str, date, str]] = field(default_factory=list)
    # Reference data must fill gaps, never overwrite what a newer official file gave.
    create_only: bool = False
    # A former entity: looked up among closed rows, carries its own valid_until.
    historical: bool = False


@dataclass
class Batch:
    """The content of one file.

    `levels` are applied in order, so that what a record points to through its `region`
    foreign key exists before it. `complete_kinds` are the kinds this file lists
    exhaustively: current entities of these kinds missing from it have ceased to exist.
    `link_scope` is (child kinds, parent kinds): the memberships this file is the authority
    for; links in that scope that the file does not state are removed.
    """

    file: str
    format_label: str
    side: str
    country: str
    source: str
    levels: list[list[Record]]
    complete_kinds: frozenset[str] = frozenset()
    link_scope: tuple[frozenset[str], frozenset[str]] | None = None
    # A former commune keeps its place in its département (geography of the past), but
    # not its EPCI memberships (a former commune is a member of nothing).
    keep_links_of_former: bool = True
    # EPCI: their région is the one most of their members are in.
    region_from_members: bool = False
    ignored: bool = False
    order: int = 0

    @property
    def record_count(self) -> int:
        return sum(len(level) for level in self.levels)

    def fill_gaps_only(self) -> "Batch":
        """Make this batch add what is missing and nothing else: no record updated, no
        entity closed, no membership removed (for reference data and partial extracts)."""
        for level in self.levels:
            for record in level:
                record.create_only = True
        self.complete_kinds = frozenset()
        self.link_scope = None
        return self


@dataclass(frozen=True)
class Options:
    """How a run dates what it observes.

    effective_date: the day the vintage takes effect. Entities that disappear get
    valid_until the day before, mergers are dated that day.
    vintage: a label recorded in `source` (e.g. "COG 2024"); None keeps the file name only.
    """

    effective_date: date
    vintage: str | None = None


def parse_int(value, file: str, where: str, column: str, *, required: bool = False) -> int | None:
    if value is None or value == "":
        if required:
            raise row_error(file, where, column, _("valeur manquante"))
        return None
    if isinstance(value, bool):
        raise row_error(
            file, where, column, _("« {value} » n'est pas un nombre entier").format(value=value)
        )
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace("\u202f", "").replace(" ", "")
        if text.startswith("-") and text[1:].isdigit():
            raise row_error(file, where, column, _("« {value} » est négatif").format(value=value))
        if not text.isdigit():
            raise row_error(
                file, where, column, _("« {value} » n'est pas un nombre entier").format(value=value)
            )
        number = int(text)
    if number < 0:
        raise row_error(file, where, column, _("« {value} » est négatif").format(value=value))
    return number


def parse_decimal(value: str, file: str, where: str, column: str) -> Decimal | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise row_error(
            file, where, column, _("« {value} » n'est pas un nombre").format(value=value)
        ) from None
    if not number.is_finite() or number < 0:
        raise row_error(
            file, where, column, _("« {value} » n'est pas un nombre positif").format(value=value)
        )
    return number.quantize(Decimal("0.01"))


def parse_date(value: str, file: str, where: str, column: str) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise row_error(
            file, where, column, _("« {value} » n'est pas une date AAAA-MM-JJ").format(value=value)
        ) from None


def required_text(value, file: str, where: str, column: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise row_error(file, where, column, _("valeur manquante"))
    if not isinstance(value, str):
        raise row_error(
            file, where, column, _("« {value} » n'est pas un texte").format(value=value)
        )
    return value.strip()
