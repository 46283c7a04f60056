"""French alphabetical order, the same in Python, on PostgreSQL and on SQLite: Côte-d'Or
before Creuse, Île-de-France among the I's, « abbeville » beside « Abbeville ».

Accents, case and ligatures count only to break a tie (« cote » < « Côte » < « côté »);
punctuation and spaces sort before letters. PostgreSQL gets an ICU collation created by
core/migrations/0001; SQLite, which has no ICU, the same rules through `compare`,
registered on every new connection (CoreConfig.ready). Order by `french("name")`.
"""
import re
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "maillage_fr"
# ICU's French rules (the ones every French dictionary follows); `fr` and `fr-CA` agree
# on everything but the accents' order of a tie, which no list here depends on.
ICU_LOCALE = "fr-FR"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def sort_key(text: str) -> tuple[str, str, str]:
    """The key for `sorted(names, key=sort_key)`: letters without accents nor case first,
    then the accents, then the case."""
    text = (text or "").translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # Separators (space, hyphen, apostrophe) weigh less than any letter or digit, as in ICU.
    primary = _NON_ALNUM.sub(" ", base).strip()
    # Then the accents; then the case, lower case first as in ICU.
    return primary, unicodedata.normalize("NFC", text).casefold(), text.swapcase()


def compare(left: str, right: str) -> int:
    """SQLite's collation function: negative, zero or positive as `left` sorts before,
    with or after `right`."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def french(field: str) -> Collate:
    """`queryset.order_by(french("name"))`, or `french("region__name").desc()`."""
    return Collate(F(field), COLLATION)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite connections learn the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
