"""Rows of the import (registry/tests/test_import_page.py checks them with its data): the
upload for those who may record links (the secretariat and collectivity editors), the
template for everyone, a pending import for its uploader alone (404 for anyone else,
the secretariat included: it is a private draft)."""
from core.testing.matrix import Row, everyone, logged_in, only

IMPORTERS = ["lyon", "trois_rivieres"]


def owner_only(owner: str, success="redirect") -> dict:
    return {**logged_in(404), owner: success}


ROWS = [
    Row("GET", "/ententes-jumelages/import/", only(IMPORTERS)),
    Row("POST", "/ententes-jumelages/import/", only(IMPORTERS), label="sans fichier"),
    Row("GET", "/ententes-jumelages/import/modele.csv", everyone(200)),
    Row("GET", "/ententes-jumelages/import/modele.xlsx", everyone(200)),
    Row("GET", "/ententes-jumelages/import/modele.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/ententes-jumelages/import/{run}/", owner_only("secretariat", 200), label="import du secrétariat"),
    Row("GET", "/ententes-jumelages/import/{lyon_run}/", owner_only("lyon", 200), label="import de Lyon"),
    Row("GET", "/ententes-jumelages/import/{done_run}/", owner_only("secretariat", 200), label="import enregistré"),
    Row("POST", "/ententes-jumelages/import/{run}/confirmer/", owner_only("secretariat")),
    Row("POST", "/ententes-jumelages/import/{lyon_run}/confirmer/", owner_only("lyon"), label="import de Lyon"),
    Row("POST", "/ententes-jumelages/import/{done_run}/confirmer/", owner_only("secretariat"),
        label="déjà enregistré"),
    Row("GET", "/ententes-jumelages/import/{run}/confirmer/", logged_in(405), label="GET refusé"),
]
