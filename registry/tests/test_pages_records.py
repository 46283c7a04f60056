"""A record's page, its editing, deletion and document: today's names beside the former
ones, the chain of renewals, contacts for logged-in users only, forms that keep the input
and say what is wrong."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import Agreement, Twinning

from .records_data import *  # noqa: F403


def url(record, suffix=""):
    return record.get_absolute_url() + suffix


def test_an_agreement_shows_each_party_today_and_who_signed(client, records):
    content = client.get(url(records["ra8"])).content.decode()
    assert ">Auvergne-Rhône-Alpes</a>" in content and "signée par Rhône-Alpes" in content
    assert "Gouvernement du Québec" in content
    assert "Francophonie" in content or "francophonie" in content.lower()


def test_the_renewals_chain_links_the_8th_plan_to_the_7th(client, records, personas):
    content = client.get(url(records["ra8"])).content.decode()
    assert f'href="{url(records["ra7"])}"' in content
    # The 9th is not published: the public does not see it renew the 8th.
    assert url(records["ra9"]) not in content
    client.force_login(personas["committee"])
    assert f'href="{url(records["ra9"])}"' in client.get(url(records["ra8"])).content.decode()
    assert "dd-1" in client.get(url(records["ra7"])).content.decode()


def test_committee_contacts_are_shown_to_logged_in_users_only(client, records, personas, saguenay_editor):
    client.force_login(saguenay_editor)
    content = client.get(url(records["chicoutimi"])).content.decode()
    assert "anne.martin@example.org" in content and "Anne Martin" in content
    assert "jumelée sous le nom de Chicoutimi" in content
    twinning = records["lyon"]
    twinning_url = url(twinning)
    client.logout()
    assert client.get(url(records["chicoutimi"])).status_code == 404
    records["chicoutimi"].is_published = True
    records["chicoutimi"].save()
    public = client.get(url(records["chicoutimi"])).content.decode()
    assert "Association Saguenay – Villeurbanne" in public and "https://jumelage.example.org" in public
    assert "anne.martin@example.org" not in public and "Anne Martin" not in public
    assert "affichées aux utilisateurs connectés" in public
    assert client.get(twinning_url).status_code == 200


def test_an_editor_creates_a_twinning(client, places, personas, plan_data):
    client.force_login(personas["lyon"])
    form = client.get("/ententes-jumelages/jumelages/nouveau/")
    assert form.status_code == 200
    response = client.post("/ententes-jumelages/jumelages/nouveau/", {
        "kind": "jumelage", "french": "fr:69123", "quebec": "Lévis", "since_year": "1995", "status": "actif",
        "themes": [plan_data["tourisme"].pk], "is_published": "on",
        "committees-TOTAL_FORMS": "2", "committees-INITIAL_FORMS": "0",
        "committees-0-side": "fr", "committees-0-name": "Comité Lyon – Lévis", "committees-0-email": "c@example.org",
        "committees-1-side": "qc", "committees-1-name": ""})
    twinning = Twinning.objects.get()
    assert response.status_code == 302 and response.url == url(twinning)
    assert (twinning.french, twinning.quebec, twinning.since_year) == (places["lyon"], places["levis"], 1995)
    assert list(twinning.committees.values_list("name", flat=True)) == ["Comité Lyon – Lévis"]
    assert {record.history_user for record in twinning.history.all()} == {personas["lyon"]}


def test_a_form_refused_keeps_the_input_and_says_why(client, places, personas):
    client.force_login(personas["lyon"])
    response = client.post("/ententes-jumelages/jumelages/nouveau/", {
        "kind": "jumelage", "french": "fr:69266", "quebec": "qc:25213", "since_year": "2001", "until_year": "1999",
        "status": "actif", "committees-TOTAL_FORMS": "0", "committees-INITIAL_FORMS": "0"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;année de fin (1999) précède l&#x27;année de début (2001)." in content
    response = client.post("/ententes-jumelages/jumelages/nouveau/", {
        "kind": "jumelage", "french": "fr:69266", "quebec": "qc:25213", "status": "actif",
        "committees-TOTAL_FORMS": "0", "committees-INITIAL_FORMS": "0"})
    assert "Vous n&#x27;éditez aucune des collectivités" in response.content.decode()
    assert 'value="fr:69266"' in response.content.decode()
    assert not Twinning.objects.exists()


def test_an_agreement_is_created_with_its_parties_and_document(client, places, personas):
    client.force_login(personas["trois_rivieres"])
    response = client.post("/ententes-jumelages/ententes/nouvelle/", {
        "title": "Entente Lyon – Trois-Rivières", "kind": "entente", "status": "en_vigueur",
        "signed_on": "2024-05-02", "is_published": "on",
        "document": SimpleUploadedFile("entente.txt", "Entente signée".encode(), content_type="text/plain"),
        "parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "0",
        "parties-0-kind": "collectivite", "parties-0-collectivity": "qc:37067", "parties-0-signatory": "Maire",
        "parties-1-kind": "collectivite", "parties-1-collectivity": "Lyon",
        "parties-2-kind": "collectivite"})
    agreement = Agreement.objects.get()
    assert response.status_code == 302, response.content.decode()
    assert agreement.since_year == 2024
    assert {p.collectivity.name for p in agreement.parties.all()} == {"Lyon", "Trois-Rivières"}
    download = client.get(url(agreement, "document/"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == "Entente signée".encode()
    client.logout()
    assert client.get(url(agreement, "document/")).status_code == 200  # published: public
    assert client.get(url(agreement, "document/")).get("Content-Disposition", "").startswith("attachment")


def test_an_agreement_without_a_quebec_party_is_refused_in_the_form(client, places, personas):
    client.force_login(personas["lyon"])
    response = client.post("/ententes-jumelages/ententes/nouvelle/", {
        "title": "Entente", "kind": "entente", "status": "en_vigueur",
        "parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0",
        "parties-0-kind": "collectivite", "parties-0-collectivity": "fr:69123"})
    assert response.status_code == 200
    assert "au moins une partie française et une partie québécoise" in response.content.decode()
    assert not Agreement.objects.exists()


def test_editing_shows_a_conflict_with_what_changed(client, records, personas):
    twinning = records["lyon"]
    client.force_login(personas["lyon"])
    data = {"kind": "amitie", "french": "fr:69123", "quebec": "qc:37067", "since_year": "2010", "status": "actif",
            "is_published": "on", "version": str(twinning.version), "notes": "Lyon",
            "committees-TOTAL_FORMS": "0", "committees-INITIAL_FORMS": "0"}
    assert client.get(url(twinning, "modifier/")).status_code == 200
    assert client.post(url(twinning, "modifier/"), data).status_code == 302
    client.force_login(personas["trois_rivieres"])
    response = client.post(url(twinning, "modifier/"), {**data, "notes": "Trois-Rivières"})
    assert response.status_code == 200
    assert "Depuis que vous avez ouvert ce formulaire" in response.content.decode()
    assert Twinning.objects.get(pk=twinning.pk).notes == "Lyon"


def test_deleting_asks_then_deletes_and_the_secretariat_restores(client, records, personas):
    agreement = records["lyon_tr"]
    client.force_login(personas["lyon"])
    assert "Supprimer « Protocole" in client.get(url(agreement, "supprimer/")).content.decode()
    assert client.post(url(agreement, "supprimer/")).url == "/ententes-jumelages/ententes/"
    assert not Agreement.objects.filter(title="Protocole Lyon – Trois-Rivières").exists()
    client.force_login(personas["secretariat"])
    bin_page = client.get("/ententes-jumelages/corbeille/").content.decode()
    assert "Protocole Lyon – Trois-Rivières" in bin_page
    record = Agreement.history.get(history_type="-")
    response = client.post(f"/ententes-jumelages/corbeille/ententes/{record.history_id}/restaurer/")
    assert response.status_code == 302
    assert Agreement.objects.get(title="Protocole Lyon – Trois-Rivières").parties.count() == 2


def test_the_twinning_page_makes_the_same_queries_with_more_committees(client, records, django_assert_num_queries):
    twinning = records["annecy"]
    # 1 the twinning with both collectivities, 2 its themes, 3 its committees, 4 the parent
    # commune of Annecy-le-Vieux (today's entity).
    with django_assert_num_queries(4):
        assert client.get(url(twinning)).status_code == 200
    for n in range(4):
        twinning.committees.create(side="fr", name=f"Comité {n}")
    with django_assert_num_queries(4):
        assert client.get(url(twinning)).status_code == 200


def test_the_agreement_page_makes_a_bounded_number_of_queries(client, records, django_assert_num_queries):
    # 1 the agreement with the one it renews, 2 its parties, 3 themes, 4 pistes, 5 renewals,
    # 6 the successions of Rhône-Alpes, 7 which of the chain the visitor reads.
    with django_assert_num_queries(7):
        assert client.get(url(records["ra8"])).status_code == 200


def test_dates_show_as_dates_or_years(client, records):
    twinning = records["annecy"]
    content = client.get(url(twinning)).content.decode()
    assert datetime.date(1994, 6, 4).year == 1994 and "1994" in content
