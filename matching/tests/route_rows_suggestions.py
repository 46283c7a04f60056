"""Rows of the route matrix for the suggestions (checked by
matching/tests/test_suggestions_matrix.py): the page and the API are public, like the
published profiles they read; a collectivity's code is Lyon's (69123, in the personas'
registry)."""
from core.testing.matrix import Row, everyone

ROWS = [
    Row("GET", "/partenaires/suggestions/", everyone(200)),
    Row("GET", "/partenaires/suggestions/?side=fr&code=69123", everyone(200), label="collectivité"),
    Row("GET", "/partenaires/suggestions/?side=fr&code=00000", everyone(404), label="code inconnu"),
    Row("GET", "/partenaires/suggestions/?side=qc&text=patrimoine+bâti", everyone(200), label="idée"),
    Row("GET", "/api/v1/matching/suggestions?side=fr&code=69123", everyone(200)),
    Row("GET", "/api/v1/matching/suggestions?side=fr&code=00000", everyone(404), label="code inconnu"),
    Row("GET", "/api/v1/matching/suggestions?side=xx&code=69123", everyone(422), label="côté inconnu"),
    Row("GET", "/api/v1/matching/suggestions?side=fr", everyone(422), label="ni code ni texte"),
    Row("GET", "/api/v1/matching/suggestions?side=qc&text=eau&limit=0", everyone(422), label="limite nulle"),
]
