"""The fund's reports page (/fonds/bilan/), its exports, and the links of the fund's pages
to the exports and the calendar; the envelopes and the report make a fixed number of
queries whatever the number of applications (one and five)."""
import csv
import io
from decimal import Decimal

import pytest

from fund import actions
from fund.models import Decision, Stage

from .factories import make_application, make_envelopes

pytestmark = pytest.mark.django_db
SIZES = [1, 5]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def outcomes(personas, call, lyon_commune, trois_rivieres_ville):
    """Lyon's draft, and one application with Trois-Rivières of each outcome: ineligible
    and not selected (two refusals), closed (granted by both sides), each with a theme."""
    make_application(call, lyon_commune, trois_rivieres_ville, title="Brouillon lyonnais", complete=False)
    for title, stage in (("Irrecevable", Stage.INELIGIBLE), ("Non retenue", Stage.NOT_SELECTED),
                         ("Clôturée", Stage.CLOSED)):
        application = make_application(call, lyon_commune, trois_rivieres_ville, title=title, complete=False,
                                       stage=stage)
        application.themes.add(call.themes.get(title="Jeunesse"))
    for side in ("fr", "qc"):
        Decision.objects.create(application=application, side=side, granted=True, decided_by=personas["secretariat"])


def test_the_public_reads_the_report_without_the_drafts(client, outcomes, call):
    response = client.get("/fonds/bilan/")
    assert response.status_code == 200
    report = response.context["report"]
    assert Stage.DRAFT not in report.per_stage and report.per_stage[Stage.CLOSED] == 1
    content = response.content.decode()
    assert "Les brouillons, que seules leurs collectivités lisent, ne sont pas comptés." in content
    assert {rate.label: rate.rate for rate in report.success["side"]} == {
        "France": Decimal("33.3"), "Québec": Decimal("33.3")}
    assert "33,3 %" in content and call.title in content


def test_the_secretariat_reads_the_drafts_in_the_report(client, personas, outcomes):
    client.force_login(personas["secretariat"])
    response = client.get("/fonds/bilan/")
    assert response.context["report"].per_stage[Stage.DRAFT] == 1
    assert "ne sont pas comptés" not in response.content.decode()


def test_the_report_links_to_its_exports_the_envelopes_and_the_calendar(client):
    content = client.get("/fonds/bilan/").content.decode()
    for url in ("/fonds/export/bilan-appels.csv", "/fonds/export/bilan-appels.xlsx",
                "/fonds/export/taux-de-reussite.csv", "/fonds/export/taux-de-reussite.xlsx", "/fonds/enveloppes/",
                "/fonds/calendrier.ics"):
        assert f'href="{url}"' in content


def test_the_success_rates_export_holds_the_pages_figures(client, outcomes):
    rows = csv_rows(client.get("/fonds/export/taux-de-reussite.csv"))
    assert rows[0] == ["Regroupement", "Libellé", "Côté de la région", "Demandes avec une issue", "Financées",
                       "Taux de réussite (%)"]
    assert ["Côté", "France", "", "3", "1", "33,3"] in rows
    assert ["Région", "Auvergne-Rhône-Alpes", "France", "3", "1", "33,3"] in rows
    assert ["Thème de l'appel", "Jeunesse", "", "3", "1", "33,3"] in rows


def test_the_calls_export_counts_the_drafts_only_for_those_who_read_every_application(client, personas, outcomes,
                                                                                     call):
    public = csv_rows(client.get("/fonds/export/bilan-appels.csv"))
    assert "Brouillon" not in public[0]
    row = dict(zip(public[0], public[1]))
    assert (row["Appel"], row["Demandes"], row["Clôturée"], row["Financées"], row["Non financées"],
            row["Sans issue encore"]) == (call.title, "3", "1", "1", "2", "0")
    client.force_login(personas["committee"])
    full = csv_rows(client.get("/fonds/export/bilan-appels.csv"))
    row = dict(zip(full[0], full[1]))
    assert (row["Demandes"], row["Brouillon"], row["Sans issue encore"]) == ("4", "1", "1")


@pytest.fixture
def sized(request, personas, call, lyon_commune, trois_rivieres_ville):
    """`rows` applications of each outcome, each with a theme, and committed envelopes."""
    rows = request.param
    make_envelopes(2026, 2027)
    for index in range(rows):
        for stage in (Stage.DRAFT, Stage.NOT_SELECTED, Stage.CLOSED):
            application = make_application(call, lyon_commune, trois_rivieres_ville, title=f"{stage} {index}",
                                           complete=False, stage=stage)
            application.themes.add(call.themes.first())
    return rows


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_the_report_makes_the_same_queries_whatever_the_number_of_applications(client, personas, sized,
                                                                               django_assert_num_queries):
    from django.core.cache import cache

    # From the stored figures (CallFacts): 1 the data version, 2 the applications per call
    # and stage, 3 the calls, 4 the success rates by side, région and theme, 5 the régions'
    # names.
    with django_assert_num_queries(5):
        response = client.get("/fonds/bilan/")
    assert response.context["report"].per_stage[Stage.CLOSED] == sized
    # Then from the cache until the data changes: 1 the data version.
    with django_assert_num_queries(1):
        client.get("/fonds/bilan/")
    cache.clear()
    client.force_login(personas["secretariat"])
    # 1 the session, 2 the user, then the same five (drafts counted).
    with django_assert_num_queries(7):
        response = client.get("/fonds/bilan/")
    assert response.context["report"].per_stage[Stage.DRAFT] == sized


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_the_envelopes_make_the_same_queries_whatever_the_number_of_applications(client, personas, sized,
                                                                                  django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    # 1 the data version, 2 the envelopes with what is committed and disbursed, 3 the
    # leverage, 4 today's rate.
    with django_assert_num_queries(4):
        response = client.get("/fonds/enveloppes/")
    assert len(response.context["years"]) == 2
    # Then from the cache until the data changes: 1 the data version, 2 today's rate.
    with django_assert_num_queries(2):
        response = client.get("/fonds/enveloppes/")
    assert len(response.context["years"]) == 2


def test_the_calls_link_to_the_calendar_the_report_and_for_those_logged_in_the_export(client, personas, call):
    content = client.get("/fonds/").content.decode()
    assert 'href="/fonds/calendrier.ics"' in content and 'href="/fonds/bilan/"' in content
    assert "/fonds/export/demandes.csv" not in content
    assert 'href="/fonds/calendrier.ics"' in client.get(f"/fonds/appels/{call.pk}/").content.decode()
    client.force_login(personas["lyon"])
    content = client.get("/fonds/").content.decode()
    assert 'href="/fonds/export/demandes.csv"' in content and 'href="/fonds/export/demandes.xlsx"' in content


def test_the_lists_link_to_the_applications_export(client, personas):
    client.force_login(personas["secretariat"])
    for url in ("/fonds/demandes/", "/fonds/mes-candidatures/"):
        assert 'href="/fonds/export/demandes.csv"' in client.get(url).content.decode()
    assert 'href="/fonds/export/enveloppes.csv"' in client.get("/fonds/enveloppes/").content.decode()


def test_a_decision_shows_in_the_report_at_once(client, selected, personas):
    assert client.get("/fonds/bilan/").context["report"].success["side"] == []
    actions.decide(selected, side="fr", by=personas["secretariat"], reasons="Priorités régionales")
    actions.decide(selected, side="qc", by=personas["secretariat"], reasons="Priorités régionales")
    rates = client.get("/fonds/bilan/").context["report"].success["side"]
    assert [(rate.key, rate.decided, rate.funded) for rate in rates] == [("fr", 1, 0), ("qc", 1, 0)]
