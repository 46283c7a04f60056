"""French text analysis for the suggestions: the words of a profile's offers and needs,
of an offer or of a project idea, reduced to comparable terms.

A term is the Snowball French stem (snowballstemmer, the Snowball project's own
generated stemmers) of a word, with its accents then removed, once elisions (l', d',
qu'…) and stop words are set aside: « les forêts », « la forêt » and « forestière » do not
all meet (Snowball keeps « forestier » apart), but « forêts » and « foret », « l'eau » and
« eaux », « culturelles » and « culturels » do.
"""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("french")
# Letters (accented ones included), digits, and the apostrophes and hyphens inside words.
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
MIN_LENGTH = 3

# Words that say nothing of a cooperation: articles, pronouns, prepositions,
# conjunctions, auxiliaries, and the vocabulary every profile repeats.
STOP_WORDS = frozenset("""
a afin ai aie aient aies ainsi ait alors au aucun aucune aupres auquel aura aurai auraient aurais
aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels avaient
avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bien c ca car ce ceci cela
celle celles celui cependant certain certaine certaines certains ces cet cette ceux chaque chez
ci comme comment d dans de des desquelles desquels deux dont donc du duquel elle elles en encore
entre es est et etaient etais etait etant ete etes etiez etions etre eu eue eues eumes eurent
eus eusse eussent eusses eussiez eussions eut eutes eux faire fait fois font fut fumes furent
fus fusse fussent fusses fussiez fussions fut futes ici il ils j je jusqu l la laquelle le
lequel les lesquelles lesquels leur leurs lorsque lui m ma mais me meme memes mes moi mon
n ne ni nos notre nous on ont ou par parce pas peu peut plus plusieurs pour pourquoi qu quand
que quel quelle quelles quels qui quoi sa sans se selon ser sera serai seraient serais serait
seras serez seriez serions serons seront ses si sien sienne son sont sous soyez soyons suis
sur t ta tandis te tel telle telles tels tes toi ton tous tout toute toutes tres tu un une
vers via voici voila vos votre vous y
collectivite collectivites commune communes municipalite municipalites notamment partage
partager partenaire partenaires partenariat projet projets souhaite souhaitons recherche
recherchons cherche cherchons offre offrons propose proposons ville villes
""".split())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


@lru_cache(maxsize=50_000)
def term_of(word: str) -> str:
    """The term of one word (lower-case): its stem, accents removed; "" for a stop word,
    a word too short or an elided article alone."""
    word = _ELISION.sub("", word.lower().replace("’", "'"))
    if strip_accents(word) in STOP_WORDS:
        return ""
    stem = strip_accents(_STEMMER.stemWord(word))
    if len(stem) < MIN_LENGTH or stem in STOP_WORDS:
        return ""
    return stem


def terms(text: str) -> dict[str, str]:
    """The terms of `text`, each with the first word (as written, lower-case) it came
    from, in the order they appear: what a reason quotes."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(text or ""):
        for word in match.group().split("-"):
            term = term_of(word)
            if term and term not in found:
                found[term] = _ELISION.sub("", word.lower().replace("’", "'"))
    return found


def phrase_key(text: str) -> str:
    """A créneau d'excellence as a comparable key: its terms, sorted ("" if none)."""
    return " ".join(sorted(terms(text)))
