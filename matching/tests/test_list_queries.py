"""Every list page and API list of the matchmaking runs a fixed number of SQL queries,
whatever the number of rows: each is measured with one row of each kind, then with six,
and must stay at the same count, at most the one written beside it (the queries listed)."""
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_collectivity
from matching import suggestions
from matching.models import Interest
from territories.models import Kind, Side

from .factories import make_exchange, make_posting, make_profile

_codes = itertools.count(1)

# The session and the user for a logged-in page; none for the public.
LOGGED_IN = 2


def add_rows(themes, lyon_profile, tr_profile, count: int) -> None:
    """`count` more French and Québec profiles, each with a posting and a staff exchange
    (with themes), an expression of interest to and from Lyon, one accepted."""
    for _n in range(count):
        n = next(_codes)
        french = make_collectivity(Side.FRANCE, Kind.COMMUNE, f"{n:05d}", f"Commune {n}", population=1000 + n)
        quebec = make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, f"9{n:04d}", f"Municipalité {n}",
                                   population=1000 + n)
        for collectivity in (french, quebec):
            profile = make_profile(collectivity, themes=[themes["culture"], themes["jeunesse"]],
                                   pistes=themes["pistes"], offers="Festival", seeks="Résidences")
            make_posting(profile, themes=[themes["culture"], themes["jeunesse"]])
            make_exchange(profile, themes=[themes["jeunesse"]])
            if collectivity.side == Side.QUEBEC:
                Interest.objects.create(sender=lyon_profile, recipient=profile)
                Interest.objects.create(sender=profile, recipient=lyon_profile, status=Interest.Status.ACCEPTED)
            else:
                Interest.objects.create(sender=profile, recipient=tr_profile)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# (url, persona or None, the queries beyond the login's, listed)
PAGES = [
    # the filter's themes, count, page of profiles with their owners, their themes
    ("/partenaires/", None, 4),
    ("/partenaires/?side=qc&open_only=on", None, 4),
    # the same for the secretariat, who reads every profile
    ("/partenaires/", "secretariat", 4),
    # an editor: + their memberships (visibility is then subqueries of the same SELECT)
    ("/partenaires/", "lyon", 5),
    # the filter's themes, count, page of postings with their profiles and owners, their themes
    ("/partenaires/bourse/", None, 4),
    ("/partenaires/bourse/?side=qc&kind=offre", "lyon", 5),
    # the filter's themes, count, page of exchanges with their profiles and owners, their themes
    ("/partenaires/echanges/", None, 4),
    ("/partenaires/echanges/", "trois_rivieres", 5),
    # memberships, collectivities with their profiles, interests received, interests sent
    ("/partenaires/mon-espace/", "lyon", 4),
    # memberships (none), the organisations' profiles
    ("/partenaires/mon-espace/", "secretariat", 2),
    # count, the counts of outcomes, page of interests with their outcomes and both parties
    ("/partenaires/connexions/", "secretariat", 3),
    ("/partenaires/connexions/", "committee", 3),
    # stamp, names, themes' titles, pistes' texts
    ("/partenaires/suggestions/?side=fr&code=69123", None, 4),
    # stamp, names, themes' titles (Trois-Rivières chose no piste)
    ("/partenaires/suggestions/?side=qc&code=37067", None, 3),
    # stamp, names (an idea shares no theme nor piste)
    ("/partenaires/suggestions/?side=fr&text=festival", None, 2),
    # count, page of postings with their profiles and owners, their themes
    ("/api/v1/matching/offers", None, 3),
    ("/api/v1/matching/offers?side=qc&theme=culture&limit=3", None, 3),
    # as the page of suggestions
    ("/api/v1/matching/suggestions?side=fr&code=69123&limit=20", None, 4),
    ("/api/v1/matching/suggestions?side=qc&code=37067&limit=20", None, 3),
    ("/api/v1/matching/suggestions?side=qc&text=residences&limit=20", None, 2),
]


@pytest.mark.parametrize(("url", "persona", "expected"), PAGES)
def test_a_list_runs_the_same_queries_with_one_row_or_six(client, personas, themes, lyon_profile, tr_profile,
                                                          url, persona, expected):
    if persona:
        client.force_login(personas[persona])
    add_rows(themes, lyon_profile, tr_profile, 1)
    suggestions.for_collectivity("fr", "69123")  # the process's in-memory index is loaded
    first = count_queries(client, url)
    add_rows(themes, lyon_profile, tr_profile, 5)
    suggestions.for_collectivity("fr", "69123")
    second = count_queries(client, url)
    bound = expected + (LOGGED_IN if persona else 0)
    assert (first, second) == (bound, bound), f"{url} ({persona or 'public'})"
