"""/api/v1/mobility: the balance of a year (the same figures as the page) and the exchanges."""
import datetime

from django.test import Client

from mobility.models import Direction, ExchangeKind, Target

from .conftest import make_exchange


def test_the_balance_of_a_year_per_direction_and_kind(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, trois_rivieres_ville, participants=10)
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, participants=4,
                  kind=ExchangeKind.STUDY)
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, participants=50,
                  start=datetime.date(2010, 1, 1))
    Target.objects.create(year=2009, max_imbalance=6, min_per_direction=4)
    body = Client().get("/api/v1/mobility/balance?year=2009").json()
    assert {k: body[k] for k in ("year", "fr_to_qc", "qc_to_fr", "total", "imbalance")} == {
        "year": 2009, "fr_to_qc": 10, "qc_to_fr": 4, "total": 14, "imbalance": 6}
    assert body["target"] == {"max_imbalance": 6, "min_per_direction": 4, "met": True}
    kinds = {k["kind"]: (k["fr_to_qc"], k["qc_to_fr"], k["imbalance"]) for k in body["by_kind"]}
    assert kinds["internship"] == (10, 0, 10) and kinds["study"] == (0, 4, -4) and kinds["youth"] == (0, 0, 0)
    assert [(r["name"], r["sent"], r["hosted"]) for r in body["by_region"]] == [
        ("Auvergne-Rhône-Alpes", 10, 4), ("Mauricie", 4, 10)]
    every_year = Client().get("/api/v1/mobility/balance").json()
    assert (every_year["year"], every_year["qc_to_fr"], every_year["target"]) == (None, 54, None)


def test_a_year_out_of_range_is_a_french_422(db):
    response = Client().get("/api/v1/mobility/balance?year=abc")
    assert response.status_code == 422
    assert response.json()["errors"]["year"] == ["nombre entier attendu, reçu « abc »."]
    assert Client().get("/api/v1/mobility/balance?year=1800").status_code == 422


def test_the_exchanges_are_listed_with_their_counts_only(regions, lyon_commune, trois_rivieres_ville):
    make_exchange(lyon_commune, None, host_body="UQTR", participants=12, age_18_25=12, women=7, men=5)
    make_exchange(trois_rivieres_ville, lyon_commune, direction=Direction.QC_TO_FR, title="Cégépiens",
                  start=datetime.date(2010, 2, 1))
    body = Client().get("/api/v1/mobility/exchanges?direction=fr_to_qc").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["sending"], item["sending_collectivity"], item["host"], item["host_collectivity"]) == (
        "Lyon", "fr:69123", "UQTR", None)
    assert item["by_age"] == {"under_18": None, "age_18_25": 12, "age_26_35": None, "over_35": None}
    assert item["by_sex"] == {"women": 7, "men": 5} and item["start_date"] == "2009-06-01"
    assert Client().get(f"/api/v1/mobility/exchanges?region={regions['fr'].pk}").json()["count"] == 2
    assert Client().get(f"/api/v1/mobility/exchanges?region={regions['qc'].pk}").json()["count"] == 1
    assert Client().get("/api/v1/mobility/exchanges?year=2010&kind=internship&limit=1").json()["count"] == 1
    assert Client().get("/api/v1/mobility/exchanges?year=2010&kind=youth").json() == {"count": 0, "items": []}


def test_the_exchanges_take_a_fixed_number_of_queries(regions, lyon_commune, trois_rivieres_ville,
                                                      django_assert_num_queries):
    for number in range(5):
        make_exchange(lyon_commune, trois_rivieres_ville, title=f"Échange {number}")
    # the page of exchanges with both collectivities; the count
    with django_assert_num_queries(2):
        assert len(Client().get("/api/v1/mobility/exchanges").json()["items"]) == 5
