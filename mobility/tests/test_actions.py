"""The writes: recording an exchange, changing it (optimistic lock, history), deleting it,
setting a target."""
import pytest
from django.core.exceptions import ValidationError

from core.locking import VersionConflict
from mobility import actions
from mobility.models import Direction, Exchange, ExchangeKind, Target

from .conftest import make_exchange

DATA = {"title": "Stages d'été", "kind": ExchangeKind.INTERNSHIP, "direction": Direction.FR_TO_QC,
        "sending_body": "", "host_body": "", "start_date": "2009-06-01", "end_date": None, "participants": 12,
        "under_18": None, "age_18_25": 12, "age_26_35": None, "over_35": None, "women": None, "men": None}


def test_recording_an_exchange_keeps_its_author_and_history(personas, lyon_commune, trois_rivieres_ville):
    exchange = actions.record_exchange(by=personas["lyon"], data={
        **DATA, "sending_collectivity": lyon_commune, "host_collectivity": trois_rivieres_ville})
    assert exchange.created_by == personas["lyon"] and exchange.participants == 12
    assert exchange.history.get().history_user == personas["lyon"]


def test_recording_refuses_invalid_counts(personas, lyon_commune, trois_rivieres_ville):
    with pytest.raises(ValidationError):
        actions.record_exchange(by=personas["lyon"], data={
            **DATA, "age_18_25": 13, "sending_collectivity": lyon_commune, "host_collectivity": trois_rivieres_ville})
    assert not Exchange.objects.exists()


def test_deleting_checks_the_version_read(personas, lyon_commune):
    exchange = make_exchange(lyon_commune, None)
    with pytest.raises(VersionConflict):
        actions.delete_exchange(exchange, by=personas["lyon"], read_version=exchange.version + 5)
    assert Exchange.objects.filter(pk=exchange.pk).exists()
    actions.delete_exchange(exchange, by=personas["lyon"], read_version=Exchange.objects.get().version)
    assert not Exchange.objects.exists()
    assert Exchange.history.filter(history_type="-").get().history_user == personas["lyon"]


def test_a_target_is_created_then_changed_under_the_lock(personas):
    secretariat = personas["secretariat"]
    target = actions.set_target(2009, by=secretariat, data={"max_imbalance": 5, "min_per_direction": None,
                                                            "note": ""}, read_version=None)
    assert (target.year, target.max_imbalance, target.version) == (2009, 5, 1)
    actions.set_target(2009, by=secretariat, data={"max_imbalance": 8}, read_version=1)
    with pytest.raises(VersionConflict) as conflict:
        actions.set_target(2009, by=secretariat, data={"max_imbalance": 3}, read_version=1)
    assert any("Écart maximal" in line for line in conflict.value.messages)
    assert Target.objects.get(year=2009).max_imbalance == 8
    with pytest.raises(ValidationError):
        actions.set_target(2010, by=secretariat, data={"max_imbalance": None, "min_per_direction": None},
                           read_version=None)
