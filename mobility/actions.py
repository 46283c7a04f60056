"""Writes of the mobility: each one transactional, with the optimistic lock and the history."""
from __future__ import annotations

from django.db import transaction

from core.locking import claim_version

from .models import Exchange, Target


@transaction.atomic
def record_exchange(*, by, data: dict) -> Exchange:
    """A new exchange from validated `data` (ExchangeForm.cleaned_data's model fields)."""
    exchange = Exchange(created_by=by, **data)
    exchange._history_user = by
    exchange.full_clean()
    exchange.save()
    return exchange


@transaction.atomic
def delete_exchange(exchange: Exchange, *, by, read_version: int | None) -> None:
    """Delete `exchange` if it has not changed since `read_version` (VersionConflict otherwise);
    its history keeps it."""
    claim_version(exchange, read_version)
    exchange._history_user = by
    exchange.delete()


@transaction.atomic
def set_target(year: int, *, by, data: dict, read_version: int | None) -> Target:
    """Create or change the target of `year`; a change is checked against `read_version`."""
    target = Target.objects.select_for_update().filter(year=year).first()
    if target is None:
        target = Target(year=year)
    else:
        claim_version(target, read_version, fields=list(data))
    for name, value in data.items():
        setattr(target, name, value)
    target._history_user = by
    target.full_clean()
    target.save()
    return target
