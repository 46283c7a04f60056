"""Rows of the route matrix for the matchmaking's pages and its bourse API (see
route_rows.py), checked with their data by matching/tests/test_pages_matrix.py:

- `lyon_profile`, `tr_profile`: the published profiles of Lyon and Trois-Rivières, kept by
  their editors and the secretariat;
- `organisation_profile`: a French research centre's published profile, kept by the
  secretariat alone (so the secretariat signals interest from it to a Québec profile);
- `draft`: the unpublished profile of Villeurbanne (no editor among the personas): read by
  the secretariat and the committee only, others get 404;
- `posting`, `exchange`: a published posting and staff exchange of Trois-Rivières (the API's
  rows write with each persona's token: `token=True`);
  `hidden_posting`, `hidden_exchange`: unpublished ones (its editors, the secretariat and
  the committee read them);
- `pending`: Lyon's expression of interest to Trois-Rivières, awaiting an answer;
  `accepted`: the research centre's, accepted by Trois-Rivières. An expression of interest
  is read by its parties' editors, the secretariat and the committee (others: 404) and
  answered by those who keep its recipient (others who read it: 403).
"""
from core.testing.matrix import EDITORS, Row, everyone, logged_in, only

TR = "/partenaires/profils/{tr_profile}/"
LYON = "/partenaires/profils/{lyon_profile}/"
ORG = "/partenaires/profils/{organisation_profile}/"
DRAFT = "/partenaires/profils/{draft}/"
POSTING = "/partenaires/bourse/{posting}/"
EXCHANGE = "/partenaires/echanges/{exchange}/"
PENDING = "/partenaires/interets/{pending}/"
ACCEPTED = "/partenaires/interets/{accepted}/"

# The bodies of the API's writes (the postings of the data are at version 1).
OFFER = {"kind": "demande", "title": "Échange de bibliothécaires", "text": "Deux semaines à Trois-Rivières.",
         "themes": ["culture"], "horizon": "annee", "status": "ouverte", "is_published": True}
OFFER_FIELDS = {**OFFER, "version": 1}

UNPUBLISHED = {**everyone(404), "secretariat": 200, "committee": 200}
TR_HIDDEN = {**UNPUBLISHED, "trois_rivieres": 200}
INTEREST_READERS = {**logged_in(200), "reviewer": 404, "outsider": 404}
# Signalling interest to Trois-Rivières: Lyon from its profile, the secretariat from the
# research centre's; Trois-Rivières has no profile on the other side of itself.
TO_TR = only(("lyon",))
ANSWER = {**only(("trois_rivieres",), lyon=403), "reviewer": 404, "outsider": 404}

ROWS = [
    # Profiles.
    Row("GET", "/partenaires/", everyone(200)),
    Row("GET", "/partenaires/?side=qc&theme={jeunesse}&open_only=on&page=1", everyone(200), label="filtres"),
    Row("GET", "/partenaires/?side=xx&theme=abc&page=9", everyone(200), label="filtres invalides"),
    Row("GET", "/partenaires/mon-espace/", logged_in(200)),
    Row("GET", "/partenaires/connexions/", only(("committee",))),
    Row("GET", "/partenaires/collectivites/{lyon_commune}/", everyone("redirect")),
    Row("GET", "/partenaires/collectivites/{villeurbanne}/", {**UNPUBLISHED, "secretariat": "redirect",
                                                            "committee": "redirect"}, label="non publié"),
    Row("GET", "/partenaires/profils/nouveau/", only(EDITORS)),
    Row("POST", "/partenaires/profils/nouveau/", only(EDITORS), label="formulaire vide"),
    Row("GET", TR, everyone(200)),
    Row("GET", ORG, everyone(200), label="organisation"),
    Row("GET", DRAFT, UNPUBLISHED, label="non publié"),
    Row("GET", "/partenaires/profils/999999/", everyone(404), label="inexistant"),
    Row("GET", TR + "modifier/", only(("trois_rivieres",))),
    Row("POST", TR + "modifier/", only(("trois_rivieres",)), label="formulaire vide"),
    Row("POST", TR + "modifier/", only(("trois_rivieres",), "redirect"), data={"offers": "Un festival.", "is_open": "on"},
        label="enregistré"),
    Row("POST", TR + "modifier/", only(("trois_rivieres",)), data={"languages": "français"},
        label="langue invalide"),
    Row("GET", ORG + "modifier/", only(()), label="organisation"),
    Row("GET", DRAFT + "modifier/", {**only((), others=404), "committee": 403}, label="non publié"),
    # Expressions of interest, signalled.
    Row("GET", TR + "interet/", TO_TR),
    Row("GET", TR + "interet/?offre={posting}", TO_TR, label="depuis une annonce"),
    Row("POST", TR + "interet/", TO_TR, label="formulaire vide"),
    Row("POST", TR + "interet/", TO_TR, data={"sender": "{lyon_profile}"}, label="déjà signalé"),
    Row("GET", LYON + "interet/", only(("trois_rivieres",), secretariat=403), label="vers Lyon"),
    # Villeurbanne is French, as are Lyon and the research centre: nobody signals to it.
    Row("GET", DRAFT + "interet/", {**UNPUBLISHED, "anonymous": "login", "secretariat": 403, "committee": 403},
        label="non publié"),
    # The bourse.
    Row("GET", "/partenaires/bourse/", everyone(200)),
    Row("GET", "/partenaires/bourse/?side=qc&kind=offre&theme={culture}", everyone(200), label="filtres"),
    Row("GET", "/partenaires/bourse/?kind=autre&page=x", everyone(200), label="filtres invalides"),
    Row("GET", POSTING, everyone(200)),
    Row("GET", "/partenaires/bourse/{hidden_posting}/", TR_HIDDEN, label="non publiée"),
    Row("GET", POSTING + "modifier/", only(("trois_rivieres",))),
    Row("POST", POSTING + "modifier/", only(("trois_rivieres",)), label="formulaire vide"),
    Row("GET", TR + "bourse/nouvelle/", only(("trois_rivieres",))),
    Row("POST", TR + "bourse/nouvelle/", only(("trois_rivieres",)), label="formulaire vide"),
    Row("POST", TR + "bourse/nouvelle/", only(("trois_rivieres",), "redirect"), label="une offre",
        data={"kind": "offre", "title": "Festival", "text": "Un festival de poésie à partager.",
              "horizon": "annee", "status": "ouverte", "is_published": "on"}),
    # Staff exchanges.
    Row("GET", "/partenaires/echanges/", everyone(200)),
    Row("GET", "/partenaires/echanges/?side=fr&kind=demande&theme={jeunesse}", everyone(200), label="filtres"),
    Row("GET", EXCHANGE, everyone(200)),
    Row("GET", "/partenaires/echanges/{hidden_exchange}/", TR_HIDDEN, label="non publié"),
    Row("GET", EXCHANGE + "modifier/", only(("trois_rivieres",))),
    Row("POST", EXCHANGE + "modifier/", only(("trois_rivieres",)), label="formulaire vide"),
    Row("GET", TR + "echanges/nouveau/", only(("trois_rivieres",))),
    Row("POST", TR + "echanges/nouveau/", only(("trois_rivieres",)), label="période à l'envers",
        data={"kind": "offre", "post": "Archiviste", "duration_weeks": "4", "available_from": "2027-05-01",
              "available_until": "2027-04-01", "status": "ouverte"}),
    # Expressions of interest, read and answered.
    Row("GET", PENDING, INTEREST_READERS),
    Row("GET", ACCEPTED, {**INTEREST_READERS, "lyon": 404}, label="acceptée"),
    Row("GET", "/partenaires/interets/999999/", logged_in(404), label="inexistante"),
    Row("GET", PENDING + "reponse/", logged_in(405)),
    Row("POST", PENDING + "reponse/", ANSWER, label="formulaire vide"),
    Row("POST", PENDING + "reponse/", {**ANSWER, "trois_rivieres": "redirect", "secretariat": "redirect"},
        data={"decision": "accept"}, label="acceptée"),
    # Already answered: back to the interest, the refusal told as a message.
    Row("POST", ACCEPTED + "reponse/", {**ANSWER, "lyon": 404, "trois_rivieres": "redirect",
                                         "secretariat": "redirect"}, data={"decision": "decline"},
        label="déjà répondue"),
    # The bourse's API.
    Row("GET", "/api/v1/matching/offers", everyone(200)),
    Row("GET", "/api/v1/matching/offers?side=qc&kind=offre&theme=culture&limit=5&offset=0", everyone(200),
        label="filtres"),
    Row("GET", "/api/v1/matching/offers?kind=autre", everyone(422), label="nature inconnue"),
    Row("GET", "/api/v1/matching/offers?limit=501", everyone(422), label="limite dépassée"),
    Row("GET", "/api/v1/matching/offers/{posting}", everyone(200)),
    Row("GET", "/api/v1/matching/offers/{hidden_posting}", TR_HIDDEN, label="non publiée"),
    Row("GET", "/api/v1/matching/offers/{hidden_posting}", TR_HIDDEN, label="non publiée", token=True),
    Row("GET", "/api/v1/matching/offers/999999", everyone(404), label="inexistante"),
    # Writes: with the token of one who keeps the profile; a session alone writes nothing.
    Row("POST", "/api/v1/matching/profiles/{tr_profile}/offers", everyone(401), data=OFFER, label="session seule"),
    Row("POST", "/api/v1/matching/profiles/{tr_profile}/offers", only(("trois_rivieres",), 201, anonymous=401),
        data=OFFER, token=True),
    Row("POST", "/api/v1/matching/profiles/{draft}/offers", {**only((), 201, others=404, anonymous=401),
                                                              "committee": 403}, data=OFFER, label="non publié",
        token=True),
    Row("PUT", "/api/v1/matching/offers/{posting}", everyone(401), data=OFFER_FIELDS, label="session seule"),
    Row("PUT", "/api/v1/matching/offers/{posting}", only(("trois_rivieres",), anonymous=401), data=OFFER_FIELDS,
        token=True),
    Row("PUT", "/api/v1/matching/offers/{posting}", only(("trois_rivieres",), 409, anonymous=401),
        data={**OFFER_FIELDS, "version": 0}, label="version périmée", token=True),
    Row("PUT", "/api/v1/matching/offers/{hidden_posting}", {**TR_HIDDEN, "committee": 403, "anonymous": 401},
        data=OFFER_FIELDS, label="non publiée", token=True),
]
