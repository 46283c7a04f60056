import csv
import io

from openpyxl import load_workbook


def test_the_filtered_list_downloads_as_csv_for_french_spreadsheets(client, registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the form's régions, the rows (streamed in chunks)
        response = client.get("/collectivites/", {"side": "qc", "q": "levis", "format": "csv"})
        content = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="collectivites.csv"'
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Côté", "Type", "Code", "Nom", "Désignation", "Région", "Population", "En vigueur jusqu'au"]
    assert [row[3] for row in rows[1:]] == ["Lévis"]
    assert rows[1][:3] == ["qc", "Municipalité", "25213"]


def test_the_list_downloads_as_a_workbook_with_the_same_rows(client, registry):
    response = client.get("/collectivites/", {"side": "qc", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    page = client.get("/collectivites/", {"side": "qc"}).context["page"]
    assert len(rows) - 1 == page.paginator.count
    assert rows[0][3] == "Nom"


def test_the_list_page_offers_both_downloads_with_its_filters(client, registry):
    html = client.get("/collectivites/", {"side": "fr"}).content.decode()
    assert "?side=fr&amp;format=csv" in html and "?side=fr&amp;format=xlsx" in html
