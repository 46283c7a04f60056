"""The import page: every route × every persona (route_rows_import), and what it does —
the preview writes nothing, doubtful rows are never guessed, the user's picks are
applied, errors say file, line and column in French, re-importing changes nothing, the
preview's queries do not grow with the file, the confirmation commits all or nothing,
once."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.testing.matrix import by_route, check_routes, login_clients
from registry import importing
from registry.importing import COLUMNS, read_rows, start_run
from registry.models import Agreement, AgreementParty, ImportRun, Twinning
from territories.tests.test_resolve import places  # noqa: F401  (fixture)

from .route_rows_import import ROWS
from .test_import_links import HEADER, csv_bytes

URL = "/ententes-jumelages/import/"


def upload(client, data: bytes, name: str = "liens.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def written() -> tuple[int, ...]:
    """Every row the import could write, records and history."""
    return (Twinning.objects.count(), Agreement.objects.count(), AgreementParty.objects.count(),
            Twinning.history.count(), Agreement.history.count(), Twinning.themes.through.objects.count())


def lyon_csv() -> bytes:
    return "\n".join([HEADER, "jumelage;Lyon;69123;;Trois-Rivières;;;1990;;;;",
                      "jumelage;Annecy;;;Saguenay;;;1985;;;;"]).encode()


@pytest.fixture
def world(personas, places):  # noqa: F811
    runs = {"run": start_run(csv_bytes(), "liens.csv", user=personas["secretariat"]),
            "lyon_run": start_run(lyon_csv(), "lyon.csv", user=personas["lyon"]),
            "done_run": start_run(csv_bytes(), "deja.csv", user=personas["secretariat"])}
    importing.confirm_run(runs["done_run"], by=personas["secretariat"], choices={}, allowed_ids=None)
    return login_clients(personas), {name: run.pk for name, run in runs.items()}


@pytest.mark.parametrize("route", sorted(by_route(ROWS)))
def test_route_for_every_persona(world, route):
    clients, ids = world
    check_routes(by_route(ROWS)[route], clients, ids)


@pytest.fixture
def secretariat(client, personas, places):  # noqa: F811
    client.force_login(personas["secretariat"])
    return client


def confirm(client, run_pk: int, picks: dict | None = None):
    return client.post(f"{URL}{run_pk}/confirmer/", picks or {})


def last_run() -> ImportRun:
    return ImportRun.objects.latest("pk")


def test_upload_and_preview_write_nothing(secretariat):
    before = written()
    response = upload(secretariat, csv_bytes())
    run = last_run()
    assert response.status_code == 302 and response.url == f"{URL}{run.pk}/"
    page = secretariat.get(response.url)
    assert page.status_code == 200
    assert written() == before == (0, 0, 0, 0, 0, 0)
    assert run.committed_at is None and len(run.rows) == 9


def test_preview_lists_each_group_with_line_numbers_and_french_errors(secretariat, personas, places):  # noqa: F811
    run = start_run(csv_bytes(), "liens.csv", user=personas["secretariat"])
    html = secretariat.get(f"{URL}{run.pk}/").content.decode()
    assert "liens.csv, ligne 8, colonne depuis : « soixante » n&#x27;est ni une année ni une date." in html
    assert "liens.csv, ligne 7, colonne collectivite_france : nom manquant." in html
    assert 'id="ligne-3"' in html and 'name="l3_fr"' in html  # homonyms: a choice
    assert 'name="l5_fr"' in html  # a code that contradicts the name: a choice, not a match
    assert "74010" in html
    # The default is to ignore: the radio "Aucune" is checked, no candidate is.
    assert html.count(" checked") == html.count('value="" id="id_l') == 2  # lines 3 and 5
    assert 'name="l3_fr" value="" id="id_l3_fr_2" checked' in html


def test_doubtful_rows_are_never_guessed(secretariat, places):  # noqa: F811
    upload(secretariat, csv_bytes())
    response = confirm(secretariat, last_run().pk)
    assert response.status_code == 302
    pairs = set(Twinning.objects.values_list("french_id", "quebec_id"))
    assert pairs == {(places["annecy_le_vieux"].pk, places["chicoutimi"].pk), (places["sm2"].pk, places["saguenay"].pk)}
    assert not Twinning.objects.filter(french__in=[places["sm1"], places["nantes"]]).exists()
    assert Agreement.objects.get().parties.count() == 2


def test_picks_are_applied_and_only_among_the_candidates(secretariat, places):  # noqa: F811
    upload(secretariat, csv_bytes())
    run = last_run()
    refused = confirm(secretariat, run.pk, {"l3_fr": places["nantes"].pk})
    assert refused.status_code == 400 and written()[0] == 0  # not a candidate of line 3
    response = confirm(secretariat, run.pk, {"l3_fr": places["sm1"].pk, "l5_fr": ""})
    assert response.status_code == 302
    assert Twinning.objects.filter(french=places["sm1"], quebec=places["saguenay"]).exists()
    assert not Twinning.objects.filter(french=places["nantes"]).exists()
    run.refresh_from_db()
    assert run.committed_at is not None and run.choices == {"3": {"fr": places["sm1"].pk}}


def test_confirming_twice_writes_once(secretariat):
    upload(secretariat, csv_bytes())
    run = last_run()
    confirm(secretariat, run.pk)
    after_first = written()
    response = confirm(secretariat, run.pk)
    assert response.status_code == 302 and written() == after_first
    page = secretariat.get(response.url).content.decode()
    assert "déjà été enregistré" in page
    assert 'action="/ententes-jumelages/import/' in page and "Confirmer :" not in page


def test_reimporting_the_same_file_changes_nothing(secretariat):
    upload(secretariat, csv_bytes())
    confirm(secretariat, last_run().pk)
    after_first = written()
    upload(secretariat, csv_bytes(",", bom=False))
    response = confirm(secretariat, last_run().pk)
    assert written() == after_first
    assert "0 lien(s) créé(s), 4 déjà présent(s), 5 ligne(s) ignorée(s)." in secretariat.get(response.url).content.decode()


def test_a_failure_midway_leaves_nothing(secretariat, monkeypatch):
    upload(secretariat, csv_bytes())
    run = last_run()

    def fail(*args, **kwargs):
        raise RuntimeError("panne au milieu de l'enregistrement")

    monkeypatch.setattr(importing, "_link_history", fail)
    with pytest.raises(RuntimeError):
        confirm(secretariat, run.pk)
    assert written() == (0, 0, 0, 0, 0, 0)
    run.refresh_from_db()
    assert run.committed_at is None  # the claim was rolled back with the rest: it may be confirmed again
    monkeypatch.undo()
    confirm(secretariat, run.pk)
    assert written()[0] == 2


def test_preview_queries_do_not_grow_with_the_file(secretariat, places):  # noqa: F811
    counts = []
    for copies in (1, 40):
        body = [f"jumelage;Annecy;;;Saguenay;;;{1900 + n};;;;" for n in range(copies)]
        body += [f"jumelage;St Martin;;;Saguenay;;;{1900 + n};;;;" for n in range(copies)]
        upload(secretariat, "\n".join([HEADER, *body]).encode())
        url = f"{URL}{last_run().pk}/"
        with CaptureQueriesContext(connection) as queries:
            assert secretariat.get(url).status_code == 200
        counts.append(len(queries))
    # session, user, the run, the names of the collectivities named
    assert counts[0] == counts[1] <= 5, counts


def test_an_editor_imports_only_rows_naming_their_collectivities(client, personas, places, lyon_commune,  # noqa: F811
                                                                 trois_rivieres_ville):
    client.force_login(personas["lyon"])
    upload(client, lyon_csv())
    run = last_run()
    page = client.get(f"{URL}{run.pk}/").content.decode()
    assert page.count("hors de vos collectivités") == 2  # the notice, and line 3's badge
    confirm(client, run.pk)
    assert set(Twinning.objects.values_list("french_id", "quebec_id")) == {(lyon_commune.pk, trois_rivieres_ville.pk)}
    assert Twinning.history.get().history_user == personas["lyon"]


@pytest.mark.parametrize("name,data,message", [
    ("liens.pdf", b"%PDF-1.4", "n'est ni un fichier CSV ni un classeur XLSX"),
    ("liens.xlsx", b"type;collectivite_france\n", "ne correspond pas à son extension"),
    ("liens.csv", "type;nom\njumelage;Lyon\n".encode(),
     "liens.csv, ligne 1 : colonne(s) manquante(s) : collectivite_france, collectivite_quebec."),
    ("liens.csv", "collectivite_france;collectivite_quebec\nSaint-Étienne;Lévis\n".encode("latin-1"),
     "liens.csv : le fichier n'est pas en UTF-8"),
])
def test_unreadable_files_are_refused_in_french(secretariat, name, data, message):
    response = upload(secretariat, data, name)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert ImportRun.objects.count() == 0


def test_the_page_documents_the_columns_and_links_the_templates(secretariat):
    html = secretariat.get(URL).content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in html
    assert f'href="{URL}modele.csv"' in html and f'href="{URL}modele.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html and '<label for="id_file">' in html


def test_the_templates_hold_exactly_the_columns(client):
    data = b"".join(client.get(f"{URL}modele.csv").streaming_content)
    assert data.decode("utf-8-sig").strip() == ";".join(COLUMNS)
    workbook = load_workbook(io.BytesIO(client.get(f"{URL}modele.xlsx").content))
    assert [cell.value for cell in next(workbook.active.iter_rows())] == COLUMNS
    assert read_rows(data, "modele.csv") == []


def test_read_models_follow_the_bulk_commit(secretariat, places):  # noqa: F811
    from matching.index_models import CandidateFeatures
    from observatory.models import SearchDocument

    upload(secretariat, csv_bytes())
    confirm(secretariat, last_run().pk)
    agreement = Agreement.objects.get()
    assert SearchDocument.objects.filter(kind="agreement", object_id=agreement.pk).exists()
    assert places["sm2"].pk in CandidateFeatures.objects.get(collectivity=places["saguenay"]).twinned
    assert Twinning.history.filter(history_type="+").count() == Twinning.objects.count() == 2
    assert AgreementParty.history.count() == 2 and Agreement.history.get().history_user.username == "secretariat"


def test_themes_are_written_with_their_history(secretariat, places):  # noqa: F811
    from plan.models import Axis, Plan

    plan = Plan.objects.create(slug="2008-2010", title="Plan 2008-2010", start_year=2008, end_year=2010)
    culture, economy = (Axis.objects.create(plan=plan, slug=slug, kind="theme", position=i, title=title)
                        for i, (slug, title) in enumerate([("culture", "Culture"), ("economie", "Économie")], 1))
    upload(secretariat, "\n".join([HEADER, "jumelage;Annecy;;;Saguenay;;;1985;;actif;\"CULTURE ; economie\";",
                                   "entente;Region Rhone-Alpes;;;Saguenay;;;2005;;en vigueur;Économie;"]).encode())
    confirm(secretariat, last_run().pk)
    twinning, agreement = Twinning.objects.get(), Agreement.objects.get()
    assert set(twinning.themes.all()) == {culture, economy} and list(agreement.themes.all()) == [economy]
    first = twinning.history.get()
    assert {link.axis_id for link in first.themes.all()} == {culture.pk, economy.pk}
    assert [link.axis_id for link in agreement.history.get().themes.all()] == [economy.pk]
    assert first.history_change_reason == "Import de liens.csv"
