"""Name normalisation for accent- and case-insensitive search on both sides.

`levis` finds Lévis, `st-jean` finds Saint-Jean-sur-Richelieu, `ste foy` finds Sainte-Foy:
names and queries go through the same `normalize()` and are compared as plain words.
"""
import re
import unicodedata

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "mt": "mont"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, abbreviations expanded."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").lower()
    words = _NON_WORD.sub(" ", ascii_text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)
