import pytest
from django.urls import reverse

from fund.models import Application, Call, Commitment, Envelope, SentReminder

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Envelope, Call, Application, Commitment])
def test_the_secretariat_reads_the_fund_in_the_admin(application, personas, client, model):
    client.force_login(personas["secretariat"])
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{info}_changelist")).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        assert client.get(reverse(f"{info}_change", args=[instance.pk])).status_code == 200


def test_commitments_are_written_only_by_the_actions(personas, client):
    client.force_login(personas["secretariat"])
    assert client.get(reverse("admin:fund_commitment_add")).status_code == 403


def test_others_meet_the_admin_login(personas, client):
    client.force_login(personas["committee"])
    assert client.get(reverse("admin:fund_application_changelist")).status_code == 302


def test_the_secretariat_reads_the_reminders_sent_and_changes_none(application, personas, client):
    from django.utils import timezone

    reminder = SentReminder.objects.create(
        key="appel-1-14-lyon", kind=SentReminder.Kind.CALL_CLOSING, call=application.call, application=application,
        recipient=personas["lyon"], deadline=application.call.closes_at, days_before=14, sent_at=timezone.now())
    client.force_login(personas["secretariat"])
    content = client.get(reverse("admin:fund_sentreminder_changelist")).content.decode()
    assert "Clôture prochaine d&#x27;un appel" in content  # its kind, escaped
    assert client.get(reverse("admin:fund_sentreminder_change", args=[reminder.pk])).status_code == 200
    assert client.get(reverse("admin:fund_sentreminder_add")).status_code == 403
    assert client.get(reverse("admin:fund_sentreminder_delete", args=[reminder.pk])).status_code == 403
    response = client.post(reverse("admin:fund_sentreminder_change", args=[reminder.pk]), {"days_before": 3})
    assert response.status_code == 403
    reminder.refresh_from_db()
    assert reminder.days_before == 14
