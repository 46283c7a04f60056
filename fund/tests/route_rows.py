"""The fund's rows of the route × persona matrix (core/testing/matrix.py): the API's
operations. Calls and envelopes are public; applications answer 401 to anonymous callers
and, to everyone logged in, the list of what they may read (test_api.py checks which).
The admin's pages are covered by the admin rule of tests/test_route_matrix.py."""
from core.testing.matrix import Row, everyone, logged_in

from .route_rows_feeds import ROWS as FEED_ROWS
from .route_rows_pages import ROWS as PAGE_ROWS

ROWS = [
    Row("GET", "/api/v1/fund/calls", everyone(200)),
    Row("GET", "/api/v1/fund/calls?limit=501", everyone(422), label="limite dépassée"),
    Row("GET", "/api/v1/fund/envelopes", everyone(200)),
    Row("GET", "/api/v1/fund/envelopes?year=2009&side=fr", everyone(200), label="filtrées"),
    Row("GET", "/api/v1/fund/envelopes?side=other", everyone(422), label="côté inconnu"),
    Row("GET", "/api/v1/fund/applications", logged_in(200, anonymous=401)),
    Row("GET", "/api/v1/fund/applications?stage=inconnue", everyone(422), label="étape inconnue"),
]

ROWS += PAGE_ROWS + FEED_ROWS
