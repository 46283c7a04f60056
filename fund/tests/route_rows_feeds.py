"""Rows of the route matrix for the fund's feeds (see route_rows.py): the calendar, the
envelopes report and the report's tables (applications per call, success rates) are
public, as the calls and the budget are (drafts counted only for those who read every
application); the applications' export is
for logged-in users, each getting the applications they may read (test_exports.py checks
which); an unknown format is a 404 once past the login."""
from core.testing.matrix import Row, everyone, logged_in

ROWS = [
    Row("GET", "/fonds/calendrier.ics", everyone(200)),
    Row("POST", "/fonds/calendrier.ics", everyone(405), label="lecture seule"),
    Row("GET", "/fonds/export/enveloppes.csv", everyone(200)),
    Row("GET", "/fonds/export/enveloppes.xlsx", everyone(200)),
    Row("GET", "/fonds/export/enveloppes.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/fonds/export/bilan-appels.csv", everyone(200)),
    Row("GET", "/fonds/export/bilan-appels.xlsx", everyone(200)),
    Row("GET", "/fonds/export/bilan-appels.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/fonds/export/taux-de-reussite.csv", everyone(200)),
    Row("GET", "/fonds/export/taux-de-reussite.xlsx", everyone(200)),
    Row("GET", "/fonds/export/taux-de-reussite.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/fonds/export/demandes.csv", logged_in(200)),
    Row("GET", "/fonds/export/demandes.xlsx", logged_in(200)),
    Row("GET", "/fonds/export/demandes.pdf", logged_in(404), label="format inconnu"),
]
