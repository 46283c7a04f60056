"""The observatory's rows of the route × persona matrix (core/testing/matrix.py), checked
with their data by test_pages_matrix.py:

- `published`: a published practice of Lyon and Trois-Rivières, read by everyone;
- `draft`: Lyon's draft: Lyon's editor and the secretariat change and submit it, the
  committee reads it (403 on a change), the others do not see it (404);
- `review`: a practice of Lyon under review: only the secretariat publishes it or sends it
  back; Lyon's editor reads it but no longer changes it (403);
- `done`: a finished public project of Lyon, from which a practice is drawn in one step;
  `running`: a public project still running (403: only a finished one).
"""
from core.testing.matrix import Row, everyone, logged_in, only

DRAFT = "/observatoire/pratiques/{draft}/"
REVIEW = "/observatoire/pratiques/{review}/"
PUBLISHED = "/observatoire/pratiques/{published}/"
HIDDEN = {"reviewer": 404, "outsider": 404, "trois_rivieres": 404}
WRITERS = ("lyon", "trois_rivieres")  # editors of a collectivity: they may start a practice

ROWS = [
    Row("GET", "/observatoire/", everyone(200)),
    Row("GET", "/observatoire/?theme=inconnu&side=xx&page=9", everyone(200), label="filtres invalides"),
    Row("GET", "/observatoire/export.csv", everyone(200)),
    Row("GET", "/observatoire/export.xlsx", everyone(200)),
    Row("GET", "/observatoire/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/observatoire/recherche/", everyone(200)),
    Row("GET", "/observatoire/recherche/?q=bassins+versants", everyone(200), label="une recherche"),
    Row("GET", "/observatoire/recherche/?q=bassin&theme=abc", everyone(200), label="filtre invalide"),
    Row("GET", "/observatoire/pratiques/nouvelle/", only(WRITERS)),
    Row("POST", "/observatoire/pratiques/nouvelle/", only(WRITERS), label="formulaire vide"),
    Row("GET", "/observatoire/depuis-projet/{done}/", only(WRITERS)),
    Row("GET", "/observatoire/depuis-projet/{running}/", only(WRITERS, 403)),
    Row("GET", "/observatoire/depuis-projet/999999/", only(WRITERS, 404), label="inexistant"),
    Row("GET", PUBLISHED, everyone(200)),
    Row("GET", "/observatoire/pratiques/999999/", everyone(404), label="inexistante"),
    Row("GET", DRAFT, {**everyone(200), **HIDDEN, "anonymous": 404}, label="brouillon"),
    Row("GET", DRAFT + "modifier/", {**only(("lyon",), **HIDDEN)}, label="brouillon"),
    Row("POST", DRAFT + "modifier/", {**only(("lyon",), **HIDDEN)},
        label="brouillon, formulaire vide"),
    Row("GET", PUBLISHED + "modifier/", only((), 403), label="publiée"),
    Row("GET", DRAFT + "soumettre/", logged_in(405)),
    Row("POST", DRAFT + "soumettre/", {**only(("lyon",), "redirect", **HIDDEN)},
        label="brouillon"),
    Row("POST", REVIEW + "publier/", {**only((), "redirect", lyon=403, committee=403, **HIDDEN),
                                      }, label="en relecture"),
    Row("POST", DRAFT + "publier/", {**only((), 403, **HIDDEN)}, label="brouillon"),
    Row("POST", REVIEW + "renvoyer/", {**only((), "redirect", lyon=403, committee=403, **HIDDEN),
                                       }, label="en relecture, sans remarque"),
    # The API.
    Row("GET", "/api/v1/practices", everyone(200)),
    Row("GET", "/api/v1/practices?side=xx", everyone(422), label="côté inconnu"),
    Row("GET", "/api/v1/practices?limit=501", everyone(422), label="limite dépassée"),
    Row("GET", "/api/v1/search?q=bassin", everyone(200)),
    Row("GET", "/api/v1/search", everyone(422), label="sans q"),
    Row("GET", "/api/v1/search?q=bassin&kind=autre", everyone(422), label="nature inconnue"),
]
