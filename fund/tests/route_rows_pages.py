"""Rows of the route matrix for the fund's pages (see route_rows.py), checked with their
data by fund/tests/test_pages_matrix.py:

- `call`: an open call; calls, envelopes and the report are public;
- `draft`: Lyon's draft with Trois-Rivières as co-applicant (with `location` and
  `document`): its collectivities' editors change it, the committee reads it (403 on a
  change), the reviewer and the outsider do not see it (404);
- `reviewed`: an application of the same collectivities under review, with `review`
  assigned to the reviewer, who reads it; only the reviewer fills the review.

Each step of an application is one POST; a role that may not make it gets 403 with the
reason, the right role at the wrong stage gets the page again (200) with the refusal.
"""
from core.testing.matrix import EDITORS, Row, everyone, logged_in, only

DRAFT = "/fonds/demandes/{draft}/"
REVIEWED = "/fonds/demandes/{reviewed}/"
REVIEW = "/fonds/evaluations/{review}/"
HIDDEN = {"reviewer": 404, "outsider": 404}


def draft_readers(outcome=200):
    return {**logged_in(outcome), **HIDDEN}


def draft_editors(success=200):
    """The draft's collectivities' editors and the secretariat; the committee reads it."""
    return only(EDITORS, success, **HIDDEN)


def step_rows(path: str, steps: dict) -> list[Row]:
    return [Row("POST", f"{path}etapes/{step}/", expected, label=label) for step, (expected, label) in steps.items()]


SECRETARIAT_STEP = only((), **HIDDEN)  # the secretariat, at the wrong stage: the page with the refusal
DRAFT_STEPS = {
    "deposer": ({**only(("lyon",), "redirect", **HIDDEN), "trois_rivieres": 403}, "brouillon, par la cheffe de file"),
    "avis": (SECRETARIAT_STEP, "brouillon, trop tôt"),
    "recevabilite": (SECRETARIAT_STEP, "brouillon, trop tôt"),
    "evaluation": (SECRETARIAT_STEP, "brouillon, formulaire vide"),
    "evaluateurs": (SECRETARIAT_STEP, "brouillon, formulaire vide"),
    "selection": (only(("committee",), **HIDDEN), "brouillon, formulaire vide"),
    "decision-fr": (SECRETARIAT_STEP, "brouillon, formulaire vide"),
    "decision-qc": (SECRETARIAT_STEP, "brouillon, formulaire vide"),
    "convention": (SECRETARIAT_STEP, "brouillon, trop tôt"),
    "versement": (SECRETARIAT_STEP, "brouillon, formulaire vide"),
    "rapport": (draft_editors(), "brouillon, formulaire vide"),
    "cloture": (SECRETARIAT_STEP, "brouillon, trop tôt"),
}
REVIEW_ACCESS = {**only(("reviewer",), secretariat=403), "outsider": 404}

ROWS = [
    # Public: the calls and the envelopes.
    Row("GET", "/fonds/", everyone(200)),
    Row("GET", "/fonds/appels/{call}/", everyone(200)),
    Row("GET", "/fonds/appels/999999/", everyone(404), label="inexistant"),
    Row("GET", "/fonds/enveloppes/", everyone(200)),
    Row("GET", "/fonds/bilan/", everyone(200)),
    # A new draft: collectivity editors (for theirs) and the secretariat.
    Row("GET", "/fonds/appels/{call}/candidater/", only(EDITORS)),
    Row("POST", "/fonds/appels/{call}/candidater/", only(EDITORS), label="formulaire vide"),
    # Lists.
    Row("GET", "/fonds/mes-candidatures/", logged_in(200)),
    Row("GET", "/fonds/mes-candidatures/?page=9&page_coordonnees=x", logged_in(200), label="pages hors limites"),
    Row("GET", "/fonds/demandes/", only(("committee",))),
    Row("GET", "/fonds/demandes/?stage=inconnue&page=2", only(("committee",)), label="filtre invalide"),
    Row("GET", "/fonds/evaluations/", only(("reviewer",))),
    # The draft.
    Row("GET", DRAFT, draft_readers(), label="brouillon"),
    Row("GET", "/fonds/demandes/999999/", logged_in(404), label="inexistante"),
    Row("GET", DRAFT + "modifier/", draft_editors(), label="brouillon"),
    Row("POST", DRAFT + "modifier/", draft_editors(), label="brouillon, formulaire vide"),
    Row("POST", REVIEWED + "modifier/", {**only(EDITORS, 403), "outsider": 404}, label="déposée"),
    Row("GET", DRAFT + "lieux/ajouter/", logged_in(405)),
    *[Row("POST", f"{DRAFT}{part}/ajouter/", draft_editors(), label="formulaire vide")
      for part in ("partenaires", "calendrier", "lieux", "pieces")],
    Row("POST", DRAFT + "lieux/ajouter/", draft_editors("redirect"), label="un lieu",
        data={"lieux-side": "fr", "lieux-place": "Villeurbanne"}),
    Row("POST", DRAFT + "inconnu/ajouter/", logged_in(404), label="partie inconnue"),
    Row("GET", DRAFT + "lieux/{location}/retirer/", logged_in(405)),
    Row("POST", DRAFT + "lieux/{location}/retirer/", draft_editors("redirect")),
    Row("POST", DRAFT + "lieux/999999/retirer/", draft_editors(404), label="inexistant"),
    Row("POST", DRAFT + "inconnu/{location}/retirer/", logged_in(404), label="partie inconnue"),
    Row("GET", DRAFT + "pieces/{document}/fichier/", draft_readers()),
    Row("GET", DRAFT + "rapports/{document}/fichier/", logged_in(404), label="pas un rapport"),
    Row("GET", DRAFT + "inconnu/{document}/fichier/", logged_in(404), label="partie inconnue"),
    # The steps.
    Row("GET", DRAFT + "etapes/deposer/", logged_in(405)),
    Row("POST", DRAFT + "etapes/inconnue/", logged_in(404), label="étape inconnue"),
    *step_rows(DRAFT, DRAFT_STEPS),
    Row("GET", REVIEWED, {**logged_in(200), "outsider": 404}, label="en évaluation"),
    Row("POST", REVIEWED + "etapes/selection/", {**only(("committee",), "redirect"), "outsider": 404},
        data={"selection-decision": "not_select"}, label="en évaluation, non retenue"),
    # Reviews: the reviewer's; those who read the application get 403.
    Row("GET", REVIEW, REVIEW_ACCESS),
    Row("POST", REVIEW, REVIEW_ACCESS, label="formulaire vide"),
    Row("GET", "/fonds/evaluations/999999/", logged_in(404), label="inexistante"),
    Row("GET", REVIEW + "conflit/", logged_in(405)),
    Row("POST", REVIEW + "conflit/", {**REVIEW_ACCESS, "reviewer": "redirect"},
        data={"conflict_note": "Ancien agent de la Ville de Lyon"}),
]
