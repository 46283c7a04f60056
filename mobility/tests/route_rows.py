"""The mobility's rows of the route × persona matrix (core/testing/matrix.py), checked
with their data by test_pages_matrix.py:

- `lyon_exchange`: sent by Lyon to a named body: only Lyon's editor and the secretariat
  change or delete it (the others: 403);
- `shared_exchange`: from Lyon to Trois-Rivières: both collectivities' editors change it;
- `quebec_exchange`: sent by Trois-Rivières to a named body: only Trois-Rivières' editor;
- every exchange and the balance are public; the targets are the secretariat's.
"""
from core.testing.matrix import EDITORS, Row, everyone, logged_in, only

LYON = "/mobilite/echanges/{lyon_exchange}/"
SHARED = "/mobilite/echanges/{shared_exchange}/"
QUEBEC = "/mobilite/echanges/{quebec_exchange}/"

ROWS = [
    Row("GET", "/mobilite/", everyone(200)),
    Row("GET", "/mobilite/?year=abc&kind=autre&direction=x&region=999999&page=99", everyone(200),
        label="filtres invalides"),
    Row("GET", "/mobilite/export.csv", everyone(200)),
    Row("GET", "/mobilite/export.xlsx?year=2009", everyone(200)),
    Row("GET", "/mobilite/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/mobilite/echanges/nouveau/", only(EDITORS)),
    Row("POST", "/mobilite/echanges/nouveau/", only(EDITORS), label="formulaire vide"),
    Row("GET", LYON + "modifier/", only(("lyon",)), label="envoyé par Lyon"),
    Row("POST", LYON + "modifier/", only(("lyon",)), label="envoyé par Lyon, formulaire vide"),
    Row("GET", SHARED + "modifier/", only(EDITORS), label="de Lyon à Trois-Rivières"),
    Row("GET", QUEBEC + "modifier/", only(("trois_rivieres",)), label="envoyé par Trois-Rivières"),
    Row("GET", "/mobilite/echanges/999999/modifier/", logged_in(404), label="inexistant"),
    Row("GET", LYON + "supprimer/", logged_in(405)),
    Row("POST", LYON + "supprimer/", only(("lyon",), "redirect"), label="envoyé par Lyon"),
    Row("POST", QUEBEC + "supprimer/", only(("trois_rivieres",), "redirect"), label="envoyé par Trois-Rivières"),
    Row("POST", "/mobilite/echanges/999999/supprimer/", logged_in(404), label="inexistant"),
    Row("GET", "/mobilite/bilan/", everyone(200)),
    Row("GET", "/mobilite/bilan/?year=abc", everyone(200), label="année invalide"),
    Row("GET", "/mobilite/bilan/?year=", everyone(200), label="toutes les années"),
    *[Row("GET", f"/mobilite/bilan/export/{table}.{fmt}?year=2009", everyone(200))
      for table, fmt in (("annees", "csv"), ("natures", "xlsx"), ("regions", "csv"))],
    Row("GET", "/mobilite/bilan/export/inconnu.csv", everyone(404), label="tableau inconnu"),
    Row("GET", "/mobilite/bilan/export/annees.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/mobilite/objectifs/2009/", only(())),
    Row("POST", "/mobilite/objectifs/2009/", only(()), label="formulaire vide"),
    Row("POST", "/mobilite/objectifs/2010/", only((), "redirect"), data={"max_imbalance": "5"},
        label="un écart maximal"),
    Row("GET", "/mobilite/objectifs/1800/", only((), 404), label="année hors période"),
    # The API.
    Row("GET", "/api/v1/mobility/balance?year=2009", everyone(200)),
    Row("GET", "/api/v1/mobility/balance", everyone(200), label="toutes les années"),
    Row("GET", "/api/v1/mobility/balance?year=abc", everyone(422), label="année invalide"),
    Row("GET", "/api/v1/mobility/exchanges", everyone(200)),
    Row("GET", "/api/v1/mobility/exchanges?kind=autre", everyone(422), label="nature inconnue"),
    Row("GET", "/api/v1/mobility/exchanges?limit=501", everyone(422), label="limite dépassée"),
]
