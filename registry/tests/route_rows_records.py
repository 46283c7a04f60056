"""Rows of the records' pages and of the API (registry/tests/test_records_matrix.py
checks them with records_data's records):

- `ra7`: the 7th plan of action of Rhône-Alpes, published, with a signed document: every
  visitor reads it; only the secretariat changes it (no persona edits Rhône-Alpes);
- `ra9`: the 9th, unpublished, of Auvergne-Rhône-Alpes: the secretariat and the committee
  read it, the others do not see it (404);
- `lyon_tr`: the unpublished protocol of Lyon and Trois-Rivières, with a document: their
  editors read and change it; the committee reads it (403 on changes); the others: 404;
- twinnings `lyon_tw` (published, Lyon – Trois-Rivières) and `chicoutimi` (unpublished,
  Villeurbanne – Chicoutimi, which no persona edits);
- `deleted`: the history row of a deleted twinning, which only the secretariat restores.
"""
from core.testing.matrix import EDITORS, Row, everyone, only

# The bodies of the API's writes (the records of records_data are at version 1).
AGREEMENT = {"title": "Entente Lyon – Trois-Rivières", "kind": "entente", "status": "en_vigueur", "signed_on": None,
             "since_year": 2024, "valid_from": None, "valid_until": None, "until_year": None, "renews": None,
             "sequence": None, "themes": [], "pistes": [], "summary": "", "notes": "", "is_published": False,
             "source": "", "parties": [{"collectivity": "fr:69123"}, {"collectivity": "qc:37067"}], "version": 1}
RA7 = {**AGREEMENT, "title": "7e plan d'action", "kind": "plan_action", "status": "echue", "since_year": 2012,
       "is_published": True, "parties": [{"collectivity": "fr:82"},
                                         {"kind": "gouvernement", "side": "qc", "name": "Gouvernement du Québec"}]}
TWINNING = {"kind": "jumelage", "french": "fr:69123", "quebec": "qc:37067", "since_year": 2010, "since": None,
            "until_year": None, "until": None, "status": "actif", "last_exchange": None, "themes": [], "notes": "",
            "is_published": True, "source": "", "committees": [], "version": 1}
CHICOUTIMI = {**TWINNING, "french": "fr:69266", "quebec": "qc:94070", "since_year": 1989, "is_published": False}
NO_TOKEN = {"anonymous": 401}

HIDDEN = {"lyon": 404, "trois_rivieres": 404, "reviewer": 404, "outsider": 404}
PARTY_ONLY = {"reviewer": 404, "outsider": 404}


def read_by(*personas, hidden=404):
    """200 for the secretariat, the committee and `personas`; `hidden` for the others."""
    return only(("committee", *personas), 200, others=hidden, anonymous=hidden)


ROWS = [
    Row("GET", "/ententes-jumelages/", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/?side=fr&region=fr:84&theme=tourisme&status=echue&kind=plan_action",
        everyone(200), label="filtres"),
    Row("GET", "/ententes-jumelages/ententes/export.csv", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/export.xlsx", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/ententes-jumelages/ententes/nouvelle/", only(EDITORS)),
    Row("POST", "/ententes-jumelages/ententes/nouvelle/", only(EDITORS), label="formulaire vide"),
    Row("GET", "/ententes-jumelages/ententes/{ra7}/", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/{ra9}/", read_by(), label="non publiée"),
    Row("GET", "/ententes-jumelages/ententes/{lyon_tr}/", read_by(*EDITORS), label="de Lyon et Trois-Rivières"),
    Row("GET", "/ententes-jumelages/ententes/{ra7}/modifier/", only(())),
    Row("GET", "/ententes-jumelages/ententes/{ra9}/modifier/", only((), **HIDDEN), label="non publiée"),
    Row("GET", "/ententes-jumelages/ententes/{lyon_tr}/modifier/", only(EDITORS, **PARTY_ONLY),
        label="de Lyon et Trois-Rivières"),
    Row("POST", "/ententes-jumelages/ententes/{lyon_tr}/modifier/", only(EDITORS, **PARTY_ONLY),
        label="formulaire vide"),
    Row("GET", "/ententes-jumelages/ententes/{lyon_tr}/supprimer/", only(EDITORS, **PARTY_ONLY)),
    Row("POST", "/ententes-jumelages/ententes/{lyon_tr}/supprimer/", only(EDITORS, "redirect", **PARTY_ONLY)),
    Row("POST", "/ententes-jumelages/ententes/{ra7}/supprimer/", only((), "redirect"), label="publiée"),
    Row("GET", "/ententes-jumelages/ententes/{ra7}/document/", everyone(200)),
    Row("GET", "/ententes-jumelages/ententes/{lyon_tr}/document/", read_by(*EDITORS), label="non publiée"),
    Row("GET", "/ententes-jumelages/ententes/{ra8}/document/", everyone(404), label="sans document"),
    Row("GET", "/ententes-jumelages/jumelages/", everyone(200)),
    Row("GET", "/ententes-jumelages/jumelages/?collectivity=qc:94068&status=dormant", everyone(200),
        label="filtres"),
    Row("GET", "/ententes-jumelages/jumelages/export.csv", everyone(200)),
    Row("GET", "/ententes-jumelages/jumelages/export.xlsx", everyone(200)),
    Row("GET", "/ententes-jumelages/jumelages/export.ods", everyone(404), label="format inconnu"),
    Row("GET", "/ententes-jumelages/jumelages/nouveau/", only(EDITORS)),
    Row("POST", "/ententes-jumelages/jumelages/nouveau/", only(EDITORS), label="formulaire vide"),
    Row("GET", "/ententes-jumelages/jumelages/{lyon_tw}/", everyone(200)),
    Row("GET", "/ententes-jumelages/jumelages/{chicoutimi}/", read_by(), label="non publié"),
    Row("GET", "/ententes-jumelages/jumelages/{lyon_tw}/modifier/", only(EDITORS)),
    Row("POST", "/ententes-jumelages/jumelages/{lyon_tw}/modifier/", only(EDITORS), label="formulaire vide"),
    Row("GET", "/ententes-jumelages/jumelages/{chicoutimi}/modifier/", only((), **HIDDEN), label="non publié"),
    Row("GET", "/ententes-jumelages/jumelages/{lyon_tw}/supprimer/", only(EDITORS)),
    Row("POST", "/ententes-jumelages/jumelages/{lyon_tw}/supprimer/", only(EDITORS, "redirect")),
    Row("GET", "/ententes-jumelages/corbeille/", only(())),
    Row("POST", "/ententes-jumelages/corbeille/jumelages/{deleted}/restaurer/", only((), "redirect")),
    Row("POST", "/ententes-jumelages/corbeille/projets/{deleted}/restaurer/", only((), 404),
        label="nature inconnue"),
    Row("GET", "/ententes-jumelages/corbeille/jumelages/{deleted}/restaurer/", only((), 405, others=405),
        label="sans POST"),
    # The API reads what the pages read.
    Row("GET", "/api/v1/agreements", everyone(200)),
    Row("GET", "/api/v1/agreements?collectivity=fr:84&side=qc&region=fr:84&theme=tourisme&status=echue"
               "&limit=5&offset=0", everyone(200), label="filtres"),
    Row("GET", "/api/v1/agreements?collectivity=fr:00000", everyone(404), label="collectivité inconnue"),
    Row("GET", "/api/v1/agreements?collectivity=69123", everyone(422), label="sans côté"),
    Row("GET", "/api/v1/agreements?theme=inconnu", everyone(404), label="thème inconnu"),
    Row("GET", "/api/v1/agreements?limit=0", everyone(422), label="limite nulle"),
    Row("GET", "/api/v1/agreements/{ra7}", everyone(200)),
    Row("GET", "/api/v1/agreements/{ra9}", read_by(), label="non publiée"),
    Row("GET", "/api/v1/agreements/{lyon_tr}", read_by(*EDITORS), label="de Lyon et Trois-Rivières"),
    Row("GET", "/api/v1/twinnings", everyone(200)),
    Row("GET", "/api/v1/twinnings?collectivity=qc:94068&region=qc:02&status=dormant", everyone(200),
        label="filtres"),
    Row("GET", "/api/v1/twinnings?region=fr:999999", everyone(422), label="région mal formée"),
    Row("GET", "/api/v1/twinnings?region=qc:99", everyone(404), label="région inconnue"),
    Row("GET", "/api/v1/twinnings/{lyon_tw}", everyone(200)),
    Row("GET", "/api/v1/twinnings/{chicoutimi}", read_by(), label="non publié"),
    # Writes: the token's holder, with the pages' permissions; a session alone writes nothing.
    Row("POST", "/api/v1/agreements", everyone(401), data=AGREEMENT, label="session seule"),
    Row("POST", "/api/v1/agreements", only(EDITORS, 201, **NO_TOKEN), data=AGREEMENT, label="Lyon et Trois-Rivières",
        token=True),
    Row("PUT", "/api/v1/agreements/{lyon_tr}", everyone(401), data=AGREEMENT, label="session seule"),
    Row("PUT", "/api/v1/agreements/{lyon_tr}", only(EDITORS, **PARTY_ONLY, **NO_TOKEN), data=AGREEMENT,
        label="de Lyon et Trois-Rivières", token=True),
    Row("PUT", "/api/v1/agreements/{lyon_tr}", only(EDITORS, 409, **PARTY_ONLY, **NO_TOKEN),
        data={**AGREEMENT, "version": 0}, label="version périmée", token=True),
    Row("PUT", "/api/v1/agreements/{ra7}", only((), **NO_TOKEN), data=RA7, label="de Rhône-Alpes", token=True),
    Row("PUT", "/api/v1/agreements/999999", only((), 404, others=404, **NO_TOKEN), data=AGREEMENT, label="inexistante",
        token=True),
    Row("POST", "/api/v1/twinnings", everyone(401), data=TWINNING, label="session seule"),
    Row("POST", "/api/v1/twinnings", only(EDITORS, 201, **NO_TOKEN), data=TWINNING, label="Lyon – Trois-Rivières",
        token=True),
    Row("PUT", "/api/v1/twinnings/{lyon_tw}", everyone(401), data=TWINNING, label="session seule"),
    Row("PUT", "/api/v1/twinnings/{lyon_tw}", only(EDITORS, **NO_TOKEN), data={**TWINNING, "kind": "amitie"},
        label="Lyon – Trois-Rivières", token=True),
    Row("PUT", "/api/v1/twinnings/{chicoutimi}", only((), **HIDDEN, **NO_TOKEN), data=CHICOUTIMI, label="non publié",
        token=True),
]
