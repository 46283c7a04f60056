"""The mobility's rows of the route × persona matrix (core/testing/matrix.py), checked
with their data by test_pages_matrix.py:

- `lyon_exchange`: sent by Lyon to a named body: only Lyon's editor and the secretariat
  change or delete it (the others: 403);
- `shared_exchange`: from Lyon to Trois-Rivières: both collectivities' editors change it;
- `quebec_exchange`: sent by Trois-Rivières to a named body: only Trois-Rivières' editor;
- every exchange and the balance are public; the targets are the secretariat's;
- an editor records, and changes, only an exchange one of their collectivities sends or
  hosts: a valid form naming none of theirs is shown again with the reason (200), not saved.
"""
from core.testing.matrix import EDITORS, Row, everyone, logged_in, only

LYON = "/mobilite/echanges/{lyon_exchange}/"
SHARED = "/mobilite/echanges/{shared_exchange}/"
QUEBEC = "/mobilite/echanges/{quebec_exchange}/"


def exchange(sending="", sending_body="", host="", host_body="", direction="fr_to_qc", **fields) -> dict:
    """A valid exchange form (version 1: a fresh exchange's)."""
    return {"title": "Stages", "kind": "internship", "direction": direction, "sending_collectivity": sending,
            "sending_body": sending_body, "host_collectivity": host, "host_body": host_body,
            "start_date": "2009-06-01", "participants": "4", "version": "1", **fields}


LYON_TO_TR = exchange("fr:69123", host="qc:37067")
BODIES_ONLY = exchange(sending_body="Université Lyon 2", host_body="Université du Québec")
LYON_TO_BODY = exchange("fr:69123", host_body="Université du Québec")
TR_TO_BODY = exchange("qc:37067", host_body="Université Lyon 2", direction="qc_to_fr")

ROWS = [
    Row("GET", "/mobilite/", everyone(200)),
    Row("GET", "/mobilite/?year=abc&kind=autre&direction=x&region=999999&page=99", everyone(200),
        label="filtres invalides"),
    Row("GET", "/mobilite/export.csv", everyone(200)),
    Row("GET", "/mobilite/export.xlsx?year=2009", everyone(200)),
    Row("GET", "/mobilite/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/mobilite/echanges/nouveau/", only(EDITORS)),
    Row("POST", "/mobilite/echanges/nouveau/", only(EDITORS), label="formulaire vide"),
    Row("POST", "/mobilite/echanges/nouveau/", only(EDITORS, "redirect"), data=LYON_TO_TR,
        label="de Lyon à Trois-Rivières"),
    Row("POST", "/mobilite/echanges/nouveau/", only(EDITORS, "redirect", lyon=200), data=TR_TO_BODY,
        label="de Trois-Rivières à un organisme"),
    Row("POST", "/mobilite/echanges/nouveau/", only(EDITORS, "redirect", lyon=200, trois_rivieres=200),
        data=BODIES_ONLY, label="entre deux organismes"),
    Row("GET", LYON + "modifier/", only(("lyon",)), label="envoyé par Lyon"),
    Row("POST", LYON + "modifier/", only(("lyon",)), label="envoyé par Lyon, formulaire vide"),
    Row("POST", LYON + "modifier/", only(("lyon",), "redirect"), data=LYON_TO_BODY,
        label="envoyé par Lyon, enregistré"),
    Row("POST", LYON + "modifier/", only(("lyon",), "redirect", lyon=200), data=BODIES_ONLY,
        label="envoyé par Lyon, confié à deux organismes"),
    Row("GET", SHARED + "modifier/", only(EDITORS), label="de Lyon à Trois-Rivières"),
    Row("POST", SHARED + "modifier/", only(EDITORS, "redirect"), data=LYON_TO_TR,
        label="de Lyon à Trois-Rivières, enregistré"),
    Row("POST", SHARED + "modifier/", only(EDITORS, "redirect", trois_rivieres=200), data=LYON_TO_BODY,
        label="de Lyon à Trois-Rivières, Trois-Rivières retiré"),
    Row("GET", QUEBEC + "modifier/", only(("trois_rivieres",)), label="envoyé par Trois-Rivières"),
    Row("POST", QUEBEC + "modifier/", only(("trois_rivieres",), "redirect"), data=TR_TO_BODY,
        label="envoyé par Trois-Rivières, enregistré"),
    Row("GET", "/mobilite/echanges/999999/modifier/", logged_in(404), label="inexistant"),
    Row("GET", LYON + "supprimer/", logged_in(405)),
    Row("POST", LYON + "supprimer/", only(("lyon",), "redirect"), label="envoyé par Lyon"),
    Row("POST", QUEBEC + "supprimer/", only(("trois_rivieres",), "redirect"), label="envoyé par Trois-Rivières"),
    Row("POST", SHARED + "supprimer/", only(EDITORS, "redirect"), label="de Lyon à Trois-Rivières"),
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
