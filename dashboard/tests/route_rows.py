"""The dashboard's rows of the route × persona matrix (core/testing/matrix.py) for the
open-data exports, checked with opendata_data's world by test_opendata_matrix.py (the
dashboard's page and its table exports keep their rows in tests/test_route_matrix.py).

The exports are public files of what is published: the same answer for everyone, a
logged-in secretariat included (they never list an unpublished project)."""
from core.testing.matrix import Row, everyone

ROWS = [
    Row("GET", "/api/v1/export/iati.xml", everyone(200)),
    Row("GET", "/api/v1/export/partners.geojson", everyone(200)),
    Row("GET", "/api/v1/export/links.geojson", everyone(200)),
    Row("POST", "/api/v1/export/iati.xml", everyone(405), label="lecture seule"),
]
