"""Approved measurements are the record: once a value is approved, only the secretariat
changes or removes what it depends on (its indicator, the measurement), and the history
says so (docs/roles.md, "Approved values")."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects import actions
from projects.models import Indicator, Measurement

from .factories import make_indicator, make_project

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider", None]
INDICATOR_DATA = {"name": "Emplois créés", "category": "economique", "unit": "emplois", "baseline": "0",
                  "target": "25"}
LOCKED = "Cet indicateur a des valeurs approuvées : seul le secrétariat peut le modifier ou le supprimer."


@pytest.fixture
def approved(personas, lyon_commune, trois_rivieres_ville):
    """An indicator of the project shared by Lyon and Trois-Rivières, with an approved value."""
    project = make_project(lyon_commune, trois_rivieres_ville, title="Partagé")
    indicator = make_indicator(project, lyon_commune)
    measurement = actions.add_measurement(indicator, by=personas["lyon"], period_start=datetime.date(2024, 1, 1),
                                          period_end=datetime.date(2024, 12, 31), value=Decimal("4"))
    actions.approve_measurement(measurement, by=personas["secretariat"])
    return indicator


def login(client, personas, persona):
    if persona:
        client.force_login(personas[persona])


# Changing or deleting the indicator, or the approved measurement, of the (unpublished)
# shared project.
EXPECTED = {"secretariat": 302, "committee": 403, "reviewer": 404, "lyon": 403, "trois_rivieres": 403,
            "outsider": 404, None: 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_changes_the_target_once_a_value_is_approved(client, personas, approved, persona):
    login(client, personas, persona)
    url = f"/projets/{approved.project_id}/indicateurs/{approved.pk}/modifier/"
    response = client.post(url, {**INDICATOR_DATA, "territory": approved.territory_id})
    assert response.status_code == EXPECTED[persona]
    approved.refresh_from_db()
    assert approved.target == (Decimal("25") if persona == "secretariat" else Decimal("10"))
    if persona in ("lyon", "trois_rivieres"):
        assert LOCKED in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_deletes_an_indicator_with_approved_values(client, personas, approved, persona):
    login(client, personas, persona)
    response = client.post(f"/projets/{approved.project_id}/indicateurs/{approved.pk}/supprimer/")
    assert response.status_code == EXPECTED[persona]
    kept = persona != "secretariat"
    assert Indicator.objects.filter(pk=approved.pk).exists() is kept
    assert Measurement.objects.approved().exists() is kept


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_changes_or_deletes_an_approved_measurement(client, personas, approved, persona):
    measurement = approved.measurements.get()
    login(client, personas, persona)
    base = f"/projets/{approved.project_id}/mesures/{measurement.pk}"
    response = client.post(f"{base}/modifier/", {"period_start": "2024-01-01", "period_end": "2024-12-31",
                                                 "value": "5"})
    assert response.status_code == EXPECTED[persona]
    measurement.refresh_from_db()
    assert measurement.value == (Decimal("5") if persona == "secretariat" else Decimal("4"))
    assert client.post(f"{base}/supprimer/").status_code == EXPECTED[persona]
    assert Measurement.objects.filter(pk=measurement.pk).exists() is (persona != "secretariat")


def test_the_actions_refuse_editors_too(personas, approved):
    approved.target = Decimal("1")
    with pytest.raises(PermissionDenied, match="valeurs approuvées"):
        actions.save_item(approved, project=approved.project, by=personas["lyon"])
    with pytest.raises(PermissionDenied):
        actions.delete_item(approved, project=approved.project, by=personas["lyon"])
    with pytest.raises(PermissionDenied):
        actions.delete_item(approved.measurements.get(), project=approved.project, by=personas["lyon"])
    approved.refresh_from_db()
    assert approved.target == Decimal("10")


def test_the_history_says_the_secretariat_changed_approved_values(client, personas, approved):
    client.force_login(personas["secretariat"])
    client.post(f"/projets/{approved.project_id}/indicateurs/{approved.pk}/modifier/",
                {**INDICATOR_DATA, "target": "30", "territory": approved.territory_id})
    client.force_login(personas["trois_rivieres"])
    response = client.get(f"/projets/{approved.project_id}/historique/")
    entry = next(e for e in response.context["entries"] if e.kind == "indicateur de retombées" and e.action == "~")
    assert entry.user == personas["secretariat"]
    assert ("cible", "10.00", "30.00") in [(c.field, c.old, c.new) for c in entry.changes]
    assert entry.reason == "Par le secrétariat : valeurs approuvées concernées"
    assert "Par le secrétariat : valeurs approuvées concernées" in response.content.decode()


def test_deleting_the_indicator_records_who_removed_its_approved_values(client, personas, approved):
    actions.delete_item(approved, project=approved.project, by=personas["secretariat"])
    client.force_login(personas["lyon"])
    entries = client.get(f"/projets/{approved.project_id}/historique/").context["entries"]
    removed = [(e.kind, e.user, e.reason) for e in entries if e.action == "-"]
    reason = "Par le secrétariat : valeurs approuvées concernées"
    assert ("mesure", personas["secretariat"], reason) in removed
    assert ("indicateur de retombées", personas["secretariat"], reason) in removed


def test_editors_still_change_indicators_without_approved_values_and_add_drafts(client, personas, lyon_commune,
                                                                                approved):
    draft_only = make_indicator(approved.project, lyon_commune, name="Visiteurs")
    client.force_login(personas["trois_rivieres"])
    base = f"/projets/{approved.project_id}"
    response = client.post(f"{base}/indicateurs/{draft_only.pk}/modifier/",
                           {**INDICATOR_DATA, "territory": draft_only.territory_id})
    assert response.status_code == 302
    response = client.post(f"{base}/indicateurs/{approved.pk}/mesures/ajouter/",
                           {"period_start": "2025-01-01", "period_end": "2025-06-30", "value": "6"})
    assert response.status_code == 302 and approved.measurements.drafts().count() == 1


def test_the_detail_page_offers_no_change_of_the_record_to_editors(client, personas, approved):
    measurement = approved.measurements.get()
    client.force_login(personas["lyon"])
    page = client.get(f"/projets/{approved.project_id}/").content.decode()
    assert f"/indicateurs/{approved.pk}/modifier/" not in page and f"/mesures/{measurement.pk}/modifier/" not in page
    client.force_login(personas["secretariat"])
    page = client.get(f"/projets/{approved.project_id}/").content.decode()
    assert f"/indicateurs/{approved.pk}/modifier/" in page and f"/mesures/{measurement.pk}/modifier/" in page
