import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects import actions
from projects.models import Measurement, Organisation, Partner, Project

from .factories import make_indicator, make_project, make_quebec_city

pytestmark = pytest.mark.django_db


def test_create_project_makes_the_editors_collectivity_a_partner_in_the_chosen_role(personas, lyon_commune):
    project = actions.create_project(
        by=personas["lyon"], collectivity=lyon_commune, role=Partner.Role.LEAD,
        title="Relève artistique", summary="Résidences croisées", start_date=datetime.date(2025, 1, 1),
    )
    partner = project.partners.get()
    assert (partner.collectivity, partner.role) == (lyon_commune, Partner.Role.LEAD)
    assert project.created_by == personas["lyon"]
    assert project.history.get().history_user == personas["lyon"]


def test_create_project_refuses_another_collectivity(personas, trois_rivieres_ville):
    with pytest.raises(PermissionDenied):
        actions.create_project(by=personas["lyon"], collectivity=trois_rivieres_ville, role="partenaire",
                               title="X", summary="Y", start_date=datetime.date(2025, 1, 1))
    assert not Project.objects.exists()


def test_create_project_rolls_back_when_a_field_is_invalid(personas, lyon_commune):
    with pytest.raises(ValidationError):
        actions.create_project(by=personas["lyon"], collectivity=lyon_commune, role="partenaire",
                               title="", summary="Y", start_date=datetime.date(2025, 1, 1))
    assert not Project.objects.exists()


def test_add_partner_refuses_a_duplicate_and_accepts_a_new_organisation(personas, lyon_commune):
    project = make_project(lyon_commune)
    with pytest.raises(ValidationError, match="déjà partenaire"):
        actions.add_partner(project, by=personas["lyon"], collectivity=lyon_commune, role="partenaire")
    organisation = Organisation(name="Cégep de Trois-Rivières", kind=Organisation.Kind.RESEARCH, country="CA")
    partner = actions.add_partner(project, by=personas["lyon"], organisation=organisation, role="financeur")
    assert partner.organisation.pk and partner.side == "other"


def test_last_collectivity_partner_cannot_be_removed(personas, lyon_commune):
    project = make_project(lyon_commune)
    with pytest.raises(ValidationError, match="au moins une collectivité"):
        actions.delete_item(project.partners.get(), project=project, by=personas["lyon"])


def test_record_update_bumps_last_activity(personas, lyon_commune):
    project = make_project(lyon_commune)
    update = actions.record_update(project, by=personas["lyon"], text="Mission à Québec")
    project.refresh_from_db()
    assert project.last_activity_at is not None
    assert update.author == personas["lyon"] and update.date == datetime.date.today()


def _draft(personas, lyon_commune) -> Measurement:
    indicator = make_indicator(make_project(lyon_commune, make_quebec_city()), lyon_commune)
    return actions.add_measurement(indicator, by=personas["lyon"], period_start=datetime.date(2024, 1, 1),
                                   period_end=datetime.date(2024, 12, 31), value=Decimal("4"))


def test_measurement_entered_by_a_partner_is_a_draft_until_the_secretariat_approves_it(personas, lyon_commune):
    measurement = _draft(personas, lyon_commune)
    assert measurement.status == Measurement.Status.DRAFT
    assert not Measurement.objects.approved().exists()
    actions.approve_measurement(measurement, by=personas["secretariat"])
    measurement.refresh_from_db()
    assert measurement.status == Measurement.Status.APPROVED
    assert measurement.approved_by == personas["secretariat"] and measurement.approved_at
    assert list(Measurement.objects.approved()) == [measurement]


@pytest.mark.parametrize("persona", ["lyon", "committee", "reviewer", "outsider"])
def test_only_the_secretariat_approves_measurements(personas, lyon_commune, persona):
    measurement = _draft(personas, lyon_commune)
    with pytest.raises(PermissionDenied):
        actions.approve_measurement(measurement, by=personas[persona])
    measurement.refresh_from_db()
    assert measurement.status == Measurement.Status.DRAFT


def test_a_measurement_is_approved_only_once(personas, lyon_commune):
    measurement = _draft(personas, lyon_commune)
    actions.reject_measurement(measurement, by=personas["secretariat"])
    with pytest.raises(ValidationError, match="déjà été examinée"):
        actions.approve_measurement(measurement, by=personas["secretariat"])


def test_measurement_period_must_be_in_order(personas, lyon_commune):
    indicator = make_indicator(make_project(lyon_commune), lyon_commune)
    with pytest.raises(ValidationError):
        actions.add_measurement(indicator, by=personas["lyon"], period_start=datetime.date(2024, 12, 31),
                                period_end=datetime.date(2024, 1, 1), value=1)
