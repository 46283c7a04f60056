"""The governance's rows of the route × persona matrix (core/testing/matrix.py), checked
with their data by test_pages_matrix.py:

- `meeting`: a published meeting of the technical committee, with a decision and an
  action item: everyone reads it; only the secretariat changes it (the others: 403);
- `hidden`: an unpublished meeting: the secretariat and the committee read it, the other
  personas and anonymous visitors get 404;
- the bodies, the meetings list, the overdue items, the calendar and the annual report
  are public; the forms are the secretariat's.
"""
from core.testing.matrix import Row, everyone, only

MEETING = "/gouvernance/reunions/{meeting}/"
HIDDEN = "/gouvernance/reunions/{hidden}/"
# What the personas who may not read unpublished meetings get on one.
UNSEEN = {"reviewer": 404, "lyon": 404, "trois_rivieres": 404, "outsider": 404}


def hidden_read():
    return {**everyone(404), "secretariat": 200, "committee": 200}


def secretariat_only(success=200, **exceptions):
    return only((), success, **exceptions)


ROWS = [
    Row("GET", "/gouvernance/", everyone(200)),
    Row("GET", "/gouvernance/instances/comite-technique/", everyone(200)),
    Row("GET", "/gouvernance/instances/inconnue/", everyone(404), label="inexistante"),
    Row("GET", "/gouvernance/reunions/", everyone(200)),
    Row("GET", "/gouvernance/reunions/nouvelle/", secretariat_only()),
    Row("POST", "/gouvernance/reunions/nouvelle/", secretariat_only(), label="formulaire vide"),
    Row("GET", MEETING, everyone(200), label="publiée"),
    Row("GET", HIDDEN, hidden_read(), label="non publiée"),
    Row("GET", "/gouvernance/reunions/999999/", everyone(404), label="inexistante"),
    Row("GET", MEETING + "modifier/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "modifier/", secretariat_only(), label="publiée, formulaire vide"),
    Row("GET", HIDDEN + "modifier/", secretariat_only(**UNSEEN), label="non publiée"),
    Row("GET", "/gouvernance/reunions/999999/modifier/", {**everyone(404), "anonymous": "login"},
        label="inexistante"),
    Row("GET", MEETING + "calendrier.ics", everyone(200), label="publiée"),
    Row("GET", HIDDEN + "calendrier.ics", hidden_read(), label="non publiée"),
    Row("POST", MEETING + "calendrier.ics", everyone(405), label="publiée"),
    Row("GET", MEETING + "presences/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "presences/", secretariat_only("redirect"), label="publiée, feuille vide"),
    Row("POST", MEETING + "presences/", secretariat_only(), data={"guest_0_name": "Invitée sans côté"},
        label="publiée, un invité sans côté"),
    Row("GET", HIDDEN + "presences/", secretariat_only(**UNSEEN), label="non publiée"),
    Row("GET", MEETING + "decisions/ajouter/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "decisions/ajouter/", secretariat_only(), label="publiée, formulaire vide"),
    Row("POST", MEETING + "decisions/ajouter/", secretariat_only("redirect"), data={"text": "Le comité décide.",
                                                                                     "position": "2"},
        label="publiée, une décision"),
    Row("GET", MEETING + "decisions/{decision}/modifier/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "decisions/{decision}/modifier/", secretariat_only(), label="publiée, formulaire vide"),
    Row("GET", MEETING + "decisions/999999/modifier/", secretariat_only(404), label="inexistante"),
    Row("GET", MEETING + "actions/ajouter/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "actions/ajouter/", secretariat_only(), label="publiée, formulaire vide"),
    Row("POST", MEETING + "actions/ajouter/", secretariat_only("redirect"), data={
        "text": "Diffuser le compte rendu", "owner": "Secrétariat", "due_date": "2009-11-15"},
        label="publiée, une action"),
    Row("GET", MEETING + "actions/{item}/modifier/", secretariat_only(), label="publiée"),
    Row("POST", MEETING + "actions/{item}/modifier/", secretariat_only(), label="publiée, formulaire vide"),
    Row("GET", MEETING + "actions/999999/modifier/", secretariat_only(404), label="inexistante"),
    Row("GET", "/gouvernance/actions/en-retard/", everyone(200)),
    Row("GET", "/gouvernance/reunions/export.csv", everyone(200)),
    Row("GET", "/gouvernance/reunions/export.xlsx", everyone(200)),
    Row("GET", "/gouvernance/reunions/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/gouvernance/actions/export.csv", everyone(200)),
    Row("GET", "/gouvernance/actions/export.xlsx", everyone(200)),
    Row("GET", "/gouvernance/actions/export.pdf", everyone(404), label="format inconnu"),
    Row("GET", "/calendrier.ics", everyone(200)),
    Row("POST", "/calendrier.ics", everyone(405)),
    Row("GET", "/rapport-annuel/2009.pdf", everyone(200)),
    Row("GET", "/rapport-annuel/1800.pdf", everyone(404), label="année hors période"),
    # The API.
    Row("GET", "/api/v1/meetings", everyone(200)),
    Row("GET", "/api/v1/meetings?year=2009&kind=meeting", everyone(200), label="filtres"),
    Row("GET", "/api/v1/meetings?kind=autre", everyone(422), label="nature inconnue"),
    Row("GET", "/api/v1/meetings?limit=501", everyone(422), label="limite dépassée"),
]
