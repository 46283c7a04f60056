"""Rows of complementarity, growth and the map (registry/tests/test_views_matrix.py checks
them with its data): public pages for everyone (each reads what the visitor may read); the
invitation list, which carries contacts, for the secretariat and the committees."""
from core.testing.matrix import Row, everyone, only

ROWS = [
    Row("GET", "/ententes-jumelages/complementarite/", everyone(200)),
    Row("GET", "/ententes-jumelages/complementarite/?side=fr&code=69123", everyone(200), label="collectivité"),
    Row("GET", "/ententes-jumelages/complementarite/?theme={theme}", everyone(200), label="thème"),
    Row("GET", "/ententes-jumelages/complementarite/?side=fr&code=00000", everyone(200), label="code inconnu"),
    Row("GET", "/ententes-jumelages/croissance/", everyone(200)),
    Row("GET", "/ententes-jumelages/croissance/invitations.csv", only(["committee"])),
    Row("GET", "/ententes-jumelages/croissance/invitations.xlsx", only(["committee"])),
    Row("GET", "/ententes-jumelages/croissance/invitations.pdf", only(["committee"], 404, others=403), label="format inconnu"),
    Row("GET", "/ententes-jumelages/carte/", everyone(200)),
]
