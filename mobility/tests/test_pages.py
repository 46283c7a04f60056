"""The mobility's pages: bounded queries, recording and changing an exchange (an editor
for their own collectivity only), the optimistic lock, the targets, the exports."""
import datetime

import pytest
from django.test import Client

from mobility.models import Direction, Exchange, Target

from .conftest import make_exchange

FORM = {"title": "Stages en urbanisme", "kind": "internship", "direction": "fr_to_qc",
        "sending_collectivity": "fr:69123", "sending_body": "", "host_collectivity": "qc:37067", "host_body": "",
        "start_date": "2009-06-01", "end_date": "2009-08-31", "participants": "12", "age_18_25": "9",
        "age_26_35": "3"}


def client_of(persona):
    client = Client()
    client.force_login(persona)
    return client


def make_many(count, lyon, trois_rivieres):
    for number in range(count):
        make_exchange(lyon, trois_rivieres, title=f"Échange {number}", participants=number + 1)


# The list's queries, whatever the number of exchanges:
#  1-2  session, user (logged-in users only); 3 their collectivities (editors only: what they may change)
#  4    the région of the filter (the form's validation)
#  5    the exchanges counted (paginator); 6 the page of exchanges, both collectivities joined
#  7    the régions of the filter form
QUERIES = {None: 4, "secretariat": 6, "lyon": 7}


@pytest.mark.parametrize("user", [None, "secretariat", "lyon"])
@pytest.mark.parametrize("count", [1, 5])
def test_the_list_takes_a_fixed_number_of_queries(personas, regions, lyon_commune, trois_rivieres_ville,
                                                  django_assert_num_queries, user, count):
    make_many(count, lyon_commune, trois_rivieres_ville)
    client = client_of(personas[user]) if user else Client()
    with django_assert_num_queries(QUERIES[user]):
        response = client.get("/mobilite/", {"region": regions["fr"].pk})
    assert response.status_code == 200 and response.context["page"].paginator.count == count


# The balance page: (1-2 session and user when logged in) the years with an exchange; by
# kind, the year's target, régions of senders and of hosts; the trend: per year, the targets.
BALANCE_QUERIES = 7


@pytest.mark.parametrize("count", [1, 5])
def test_the_balance_takes_a_fixed_number_of_queries(regions, lyon_commune, trois_rivieres_ville,
                                                     django_assert_num_queries, count):
    make_many(count, lyon_commune, trois_rivieres_ville)
    with django_assert_num_queries(BALANCE_QUERIES):
        response = Client().get("/mobilite/bilan/")
    assert response.context["year"] == 2009
    assert response.context["balance"].fr_to_qc == count * (count + 1) // 2


def test_the_list_links_only_what_the_reader_may_change(personas, lyon_commune, trois_rivieres_ville):
    mine = make_exchange(lyon_commune, None, title="Envoyé par Lyon", host_body="UQTR")
    theirs = make_exchange(trois_rivieres_ville, None, direction=Direction.QC_TO_FR, title="Cégépiens",
                           host_body="Lyon 2")
    html = client_of(personas["lyon"]).get("/mobilite/").content.decode()
    assert f"/mobilite/echanges/{mine.pk}/modifier/" in html
    assert f"/mobilite/echanges/{theirs.pk}/modifier/" not in html
    assert "Enregistrer un échange" in html
    html = Client().get("/mobilite/").content.decode()
    assert "/modifier/" not in html and "Enregistrer un échange" not in html and "Cégépiens" in html


def test_an_editor_records_an_exchange_of_their_collectivity(personas, regions):
    response = client_of(personas["lyon"]).post("/mobilite/echanges/nouveau/", FORM)
    assert response.status_code == 302 and response.url == "/mobilite/bilan/?year=2009"
    exchange = Exchange.objects.get()
    assert (exchange.sending_collectivity.code, exchange.host_collectivity.code, exchange.participants) == (
        "69123", "37067", 12)
    assert exchange.created_by == personas["lyon"]


def test_an_editor_cannot_record_an_exchange_of_others(personas, regions):
    data = {**FORM, "sending_collectivity": "", "sending_body": "Université Lyon 2"}
    response = client_of(personas["lyon"]).post("/mobilite/echanges/nouveau/", {**data, "host_collectivity": "",
                                                                                 "host_body": "UQTR"})
    assert response.status_code == 200 and not Exchange.objects.exists()
    assert "une des collectivités dont vous êtes éditeur" in response.content.decode()
    # The host suffices: Trois-Rivières' editor records what their city hosts.
    response = client_of(personas["trois_rivieres"]).post("/mobilite/echanges/nouveau/", data)
    assert response.status_code == 302 and Exchange.objects.get().host_collectivity.code == "37067"


def test_the_form_says_what_is_wrong_in_french(personas, regions):
    data = {**FORM, "direction": "qc_to_fr", "women": "20"}
    html = client_of(personas["secretariat"]).post("/mobilite/echanges/nouveau/", data).content.decode()
    assert "Lyon est du côté France" in html and "plus que le total (12)" in html
    assert not Exchange.objects.exists()


def test_an_edit_read_before_another_change_is_refused(personas, regions, lyon_commune, trois_rivieres_ville):
    exchange = make_exchange(lyon_commune, trois_rivieres_ville, participants=12, age_18_25=9, age_26_35=3)
    lyon, trois_rivieres = client_of(personas["lyon"]), client_of(personas["trois_rivieres"])
    form = {**FORM, "version": str(exchange.version)}
    assert lyon.post(f"/mobilite/echanges/{exchange.pk}/modifier/", {**form, "title": "Par Lyon"}).status_code == 302
    response = trois_rivieres.post(f"/mobilite/echanges/{exchange.pk}/modifier/", {**form, "title": "Par TR"})
    assert response.status_code == 200
    assert "Intitulé : « Stages d&#x27;été » → « Par Lyon »" in response.content.decode()
    assert Exchange.objects.get().title == "Par Lyon"


def test_deleting_an_exchange(personas, lyon_commune):
    exchange = make_exchange(lyon_commune, None)
    response = client_of(personas["lyon"]).post(f"/mobilite/echanges/{exchange.pk}/supprimer/",
                                                 {"version": exchange.version})
    assert response.status_code == 302 and not Exchange.objects.exists()


def test_the_secretariat_sets_a_target_seen_on_the_balance(personas, regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=12)
    secretariat = client_of(personas["secretariat"])
    response = secretariat.post("/mobilite/objectifs/2009/", {"max_imbalance": "10", "note": "Ateliers 2008"})
    assert response.status_code == 302 and Target.objects.get(year=2009).max_imbalance == 10
    html = Client().get("/mobilite/bilan/?year=2009").content.decode()
    assert "L'objectif du comité n'est pas atteint." in html and "Ateliers 2008" in html
    # Changing it, from the version the form was read at.
    response = secretariat.post("/mobilite/objectifs/2009/", {"max_imbalance": "12", "version": "1"})
    assert response.status_code == 302
    stale = secretariat.post("/mobilite/objectifs/2009/", {"max_imbalance": "20", "version": "1"})
    assert stale.status_code == 200 and "Écart maximal : « 10 » → « 12 »" in stale.content.decode()
    assert Target.objects.get(year=2009).max_imbalance == 12


def test_the_exports_hold_the_exchanges_and_the_balance(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=12, title="=Stages")
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, participants=5,
                  start=datetime.date(2010, 1, 10), title="Cégépiens")
    csv = b"".join(Client().get("/mobilite/export.csv?year=2009").streaming_content).decode("utf-8-sig")
    assert "'=Stages" in csv and "Cégépiens" not in csv and "69123" in csv
    years = b"".join(Client().get("/mobilite/bilan/export/annees.csv").streaming_content).decode("utf-8-sig")
    assert years.splitlines()[1:] == ["2009;12;0;12;12;;;", "2010;0;5;5;-5;;;"]
    regions_csv = b"".join(Client().get("/mobilite/bilan/export/regions.csv?year=2010")
                           .streaming_content).decode("utf-8-sig")
    assert regions_csv.splitlines()[1:] == ["Auvergne-Rhône-Alpes;France;0;5;-5", "Mauricie;Québec;5;0;5"]
    xlsx = Client().get("/mobilite/bilan/export/natures.xlsx?year=2009")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"] == 'attachment; filename="mobilite-natures-2009.xlsx"'


def test_the_form_groups_its_fields_and_names_each_by_its_label(personas):
    html = client_of(personas["lyon"]).get("/mobilite/echanges/nouveau/").content.decode()
    for legend in ("Envoi", "Accueil", "Dates", "Par tranche d&#x27;âge (facultatif)", "Par sexe (facultatif)"):
        assert f"<legend>{legend}</legend>" in html
    # The required mark is the stylesheet's, outside the label's text.
    assert '<div class="field required">\n    <label for="id_title">Intitulé</label>' in html
    assert '<label for="id_end_date">Fin</label>' in html
    # Django points each input to its help text.
    assert 'aria-describedby="id_sending_collectivity_helptext"' in html
    assert 'id="id_sending_collectivity_helptext"' in html


def test_an_editor_cannot_move_an_exchange_away_from_their_collectivity(personas, regions, lyon_commune,
                                                                          trois_rivieres_ville):
    exchange = make_exchange(lyon_commune, trois_rivieres_ville, title="Saison")
    away = {**FORM, "version": str(exchange.version), "host_collectivity": "", "host_body": "UQTR"}
    response = client_of(personas["trois_rivieres"]).post(f"/mobilite/echanges/{exchange.pk}/modifier/", away)
    assert response.status_code == 200
    assert "une des collectivités dont vous êtes éditeur" in response.content.decode()
    exchange.refresh_from_db()
    assert (exchange.title, exchange.host_collectivity) == ("Saison", trois_rivieres_ville)


def test_an_editor_cannot_change_an_exchange_of_others(personas, regions, lyon_commune, trois_rivieres_ville):
    theirs = make_exchange(trois_rivieres_ville, None, direction=Direction.QC_TO_FR, title="Cégépiens",
                           host_body="Université Lyon 2")
    # Even naming their own collectivity in the form: Lyon's editor does not reach it.
    data = {**FORM, "direction": "qc_to_fr", "sending_collectivity": "qc:37067", "host_collectivity": "fr:69123",
            "version": str(theirs.version)}
    lyon = client_of(personas["lyon"])
    assert lyon.post(f"/mobilite/echanges/{theirs.pk}/modifier/", data).status_code == 403
    assert lyon.post(f"/mobilite/echanges/{theirs.pk}/supprimer/", {"version": theirs.version}).status_code == 403
    theirs.refresh_from_db()
    assert (theirs.title, theirs.host_collectivity, theirs.version) == ("Cégépiens", None, 1)
