"""GET /api/v1/dashboard: the page's figures as JSON, with the page's filters."""
import re
from decimal import Decimal

import pytest

from .test_dashboard_page import figure

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard"


def test_it_gives_the_figures_of_the_dashboard(client, world):
    client.force_login(world.personas["committee"])
    data = client.get(API).json()
    assert data["projects"]["total"] == 4
    assert data["projects"]["by_status"]["en_cours"] == 2
    assert data["projects_without_piste"] == 1
    dd = data["axes"][0]
    assert dd["slug"] == "dd" and dd["projects"]["total"] == 2
    assert [(p["code"], p["projects"]["total"]) for p in dd["pistes"]] == [("dd-1", 2), ("dd-2", 1), ("dd-3", 0)]
    assert data["pistes_without_project"] == ["dd-3", "ci-2"]
    budgets = data["budgets"]
    assert [(b["currency"], Decimal(b["amount"])) for b in budgets["by_currency"]] == [
        ("EUR", Decimal("17000.50")), ("CAD", Decimal("18000")),
    ]
    assert Decimal(budgets["total_in_eur"]) == Decimal("29245.40")
    assert Decimal(budgets["total_in_cad"]) == Decimal("42990.74")
    assert Decimal(budgets["rate"]["cad_per_eur"]) == Decimal("1.47")
    assert budgets["rate"]["valid_from"] == "2024-01-01"
    assert "1er janvier" in budgets["rate"]["rule"]
    assert {row["category"]: row["reached"] for row in data["outcomes"]}["economique"] == 1
    assert set(data["attention"]["counts"]) == {"is_single_person", "is_stale", "lacks_outcomes", "lacks_both_sides"}
    assert [(r["name"], r["partners"]) for r in data["regions"]][0] == ("Auvergne-Rhône-Alpes", 1)


def test_it_never_gives_a_sum_of_two_currencies(client, world):
    client.force_login(world.personas["committee"])
    text = client.get(API).content.decode()
    assert "35000.5" not in text  # 17 000,50 € + 18 000 $ added as if they were one currency


def test_the_public_gets_figures_over_published_projects(client, world):
    data = client.get(API).json()
    assert data["projects"]["total"] == 3
    assert Decimal(data["budgets"]["by_currency"][1]["amount"]) == Decimal("15000")


@pytest.mark.parametrize(
    "filters",
    [{}, {"year": 2009}, {"side": "qc"}, {"status": "en_cours"}, {"theme": "ruralite"}, {"year": 2007}],
)
def test_the_page_and_the_api_agree(client, world, filters):
    client.force_login(world.personas["committee"])
    html = client.get("/tableau-de-bord/", filters).content.decode()
    data = client.get(API, filters).json()
    assert int(figure(html, "total")) == data["projects"]["total"]
    for status, count in data["projects"]["by_status"].items():
        assert int(figure(html, f"status-{status}")) == count
    for axis in data["axes"]:
        assert int(figure(html, f"axis-{axis['slug']}")) == axis["projects"]["total"]
        for piste in axis["pistes"]:
            assert int(figure(html, f"piste-{piste['code']}")) == piste["projects"]["total"]
    for total in data["budgets"]["by_currency"]:
        assert _amount(figure(html, f"budget-{total['currency']}")) == Decimal(total["amount"])
    assert _amount(figure(html, "total-eur")) == Decimal(data["budgets"]["total_in_eur"])
    assert _amount(figure(html, "total-cad")) == Decimal(data["budgets"]["total_in_cad"])
    for key, count in data["attention"]["counts"].items():
        assert int(figure(html, f"check-{key}")) == count
    for row in data["outcomes"]:
        assert int(figure(html, f"indicators-{row['category']}")) == row["indicators"]


def _amount(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d,]", "", text).replace(",", "."))


@pytest.mark.parametrize(
    "params, field, message",
    [({"year": "abc"}, "year", "nombre entier attendu, reçu « abc »."),
     ({"year": "1989"}, "year", "1990 ou plus (reçu « 1989 »)."),
     ({"side": "mars"}, "side", "valeur inconnue « mars ». Valeurs possibles : fr, qc."),
     ({"status": "fini"}, "status", "valeur inconnue « fini »."),
     ({"region": "0"}, "region", "1 ou plus (reçu « 0 »).")],
)
def test_a_filter_in_the_wrong_format_is_a_422_naming_it_in_french(client, world, params, field, message):
    response = client.get(API, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(f"Paramètre « {field} » : ")
    assert message in body["errors"][field][0]


@pytest.mark.parametrize("params, field", [({"plan": "1999-2000"}, "plan"), ({"theme": "astronomie"}, "theme")])
def test_a_plan_or_theme_that_does_not_exist_is_a_404_naming_it_in_french(client, world, params, field):
    response = client.get(API, params)
    assert response.status_code == 404
    body = response.json()
    assert body["detail"] == f"Filtres inconnus : {field}."
    assert "Sélectionnez" in body["errors"][field][0]


def test_the_schema_documents_the_filters_formats_and_errors(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/dashboard"]["get"]
    # 401: a token that is unknown, revoked or expired (accounts.tokens), on every operation.
    assert set(operation["responses"]) == {"200", "401", "404", "422"}
    schemas = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert schemas["year"]["anyOf"][0] == {"type": "integer", "minimum": 1990, "maximum": 2100}


def test_the_url_with_a_trailing_slash_answers_the_same(client, world):
    assert client.get(API + "/").json() == client.get(API).json()
