"""Every dashboard table downloads as CSV (semicolons, UTF-8 with BOM) and XLSX."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from dashboard.exports import TABLES

pytestmark = pytest.mark.django_db


def csv_lines(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.lstrip("\ufeff").splitlines()]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_downloads_as_csv_and_xlsx(client, world, table):
    client.force_login(world.personas["committee"])
    response = client.get(f"/tableau-de-bord/export/{table}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="tableau-de-bord-{table}.csv"' in response["Content-Disposition"]
    lines = csv_lines(response)
    assert len(lines) >= 2 and len(lines[0]) >= 2

    response = client.get(f"/tableau-de-bord/export/{table}.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == lines[0]
    assert sheet.max_row == len(lines)


def test_the_budget_export_gives_each_currency_and_the_rate_used(client, world):
    client.force_login(world.personas["committee"])
    lines = csv_lines(client.get("/tableau-de-bord/export/budgets.csv"))
    header, eur, cad = lines
    assert header[:4] == ["Devise", "Montant", "Lignes budgétaires", "Projets"]
    assert eur[1:4] == ["17000,50", "3", "3"]
    assert cad[1:4] == ["18000,00", "2", "2"]
    assert eur[-2:] == ["1,4700", "2024-01-01"]
    # 18 000 $ / 1,47 = 12 244,90 €: the CAD row converted, never added as such.
    assert cad[header.index("Converti en EUR")] == "12244,90"


def test_exports_apply_the_filters_and_the_visibility(client, world):
    public = csv_lines(client.get("/tableau-de-bord/export/etats.csv"))
    assert public[-1] == ["Total", "3"]
    client.force_login(world.personas["committee"])
    filtered = csv_lines(client.get("/tableau-de-bord/export/etats.csv", {"year": 2009}))
    assert filtered[-1] == ["Total", "2"]


def test_the_pistes_export_counts_projects_per_piste(client, world):
    client.force_login(world.personas["committee"])
    lines = csv_lines(client.get("/tableau-de-bord/export/pistes.csv"))
    totals = {line[1]: line[4] for line in lines[1:]}
    assert totals == {"dd-1": "2", "dd-2": "1", "dd-3": "0", "ci-1": "1", "ci-2": "0"}


@pytest.mark.parametrize("path", ["/tableau-de-bord/export/inconnu.csv", "/tableau-de-bord/export/pistes.pdf"])
def test_an_unknown_table_or_format_is_not_found(client, world, path):
    assert client.get(path).status_code == 404
