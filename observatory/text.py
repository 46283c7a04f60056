"""French text for the search: the same tokens on SQLite and PostgreSQL.

Both engines index one column, `SearchDocument.stems`, written here: each word lowered,
stemmed by Snowball's French stemmer (snowballstemmer, pinned in pyproject.toml), then
stripped of its accents. A query goes through the same function, so « écotechnologie »,
« écotechnologies » and « ecotechnologies » all become `ecotechnolog`, and « bassins
versants » becomes `bassin versant`. The engines only match whole tokens: the stemming is
ours, identical on both sides, and each engine's own full-text index does the matching and
the ranking (FTS5 on SQLite, a GIN index on to_tsvector('simple', …) on PostgreSQL)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape  # Django's escape is this one, behind a lazy-string wrapper

import snowballstemmer
from django.utils.safestring import mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")
EXCERPT_WORDS = 30


def unaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The indexed token of one word (lowered, stemmed, unaccented; ASCII letters and digits)."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]", "", unaccent(_stemmer.stemWord(word)))


def words(text: str) -> list[str]:
    # « l'eau », « d’Agenda » : the elision is its own word, as in the engines.
    return WORD.findall(text.replace("_", " "))


def stems(text: str) -> str:
    """The text of the index column: the tokens of `text`, space-separated."""
    return " ".join(token for word in words(text) if (token := stem(word)))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a query, in order (every one must match)."""
    return list(dict.fromkeys(token for word in words(query) if (token := stem(word))))


def _head(word: str) -> str:
    """The first two characters of the token of `word`, without stemming it: Snowball's
    French stemmer only changes what follows the first vowel after the first letter (its
    regions RV, R1 and R2), so a word whose head differs from every token's cannot match."""
    return re.sub(r"[^a-z0-9]", "", unaccent(word[:3].lower().replace("œ", "oe").replace("æ", "ae")))[:2]


def excerpt(text: str, tokens: list[str], size: int = EXCERPT_WORDS) -> str:
    """An escaped HTML excerpt of `text` around its first matching word, each word whose
    token is in `tokens` inside <mark>. Only words whose head is a token's are stemmed, and
    only up to the first match and within the excerpt (a body's thousands of words were all
    stemmed, most of them for the first time in the process)."""
    parts = re.split(r"(\w+)", " ".join(text.split()))  # words at odd positions
    wanted = set(tokens)
    heads = {token[:2] for token in wanted}

    def matches(i: int) -> bool:
        word = parts[i]
        return _head(word) in heads and stem(word) in wanted

    first = next((i for i in range(1, len(parts), 2) if matches(i)), 1)
    start = max(0, first - size)  # `size` pieces before: about half of them words
    end = min(len(parts), first + 2 * size)
    marked = {i for i in range(start + (1 - start % 2), end, 2) if matches(i)}
    body = "".join(f"<mark>{escape(piece)}</mark>" if i in marked else escape(piece)
                   for i, piece in enumerate(parts[start:end], start))
    # Every piece is escaped above.
    return mark_safe(("… " if start > 0 else "") + body + (" …" if end < len(parts) else ""))
