"""Importers of the official files describing collectivities, French and Québécois.

`import_files()` reads every file first (so that most errors are found before anything is
written), orders them so that what is pointed to comes first (régions, départements,
communes, EPCI…), then applies them in one transaction: a malformed row anywhere leaves the
database exactly as it was.
"""

import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..signals import collectivities_imported
from .formats import read_batch
from .records import Batch, ImportFailure, Options
from .store import Report, Store

__all__ = ["ImportFailure", "Options", "Report", "apply_batches", "import_files"]


def import_files(
    paths: Iterable[str | Path],
    *,
    effective_date: date | None = None,
    vintage: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Imports the given files, in any order, in one transaction.

    Raises ImportFailure (French message naming the file, the line or record and the
    field) without changing anything if one of them is unreadable or inconsistent.
    """
    options = Options(effective_date or date.today(), vintage)
    say = progress or (lambda message: None)
    batches = []
    for path in paths:
        started = time.perf_counter()
        fmt, batch = read_batch(Path(path), options)
        if batch.ignored:
            say(
                _("{file} : {format}, ignoré (pas de collectivité à importer)").format(
                    file=batch.file, format=fmt.label
                )
            )
        else:
            say(
                _("{file} : {format}, {count} enregistrements lus ({seconds:.1f} s)").format(
                    file=batch.file,
                    format=fmt.label,
                    count=batch.record_count,
                    seconds=time.perf_counter() - started,
                )
            )
        batches.append(batch)
    batches.sort(key=lambda batch: batch.order)
    return apply_batches(batches, options, say)


def apply_batches(batches: list[Batch], options: Options, say: Callable[[str], None]) -> Report:
    with transaction.atomic():
        store = Store(options)
        store.load()
        for batch in batches:
            if batch.ignored:
                continue
            started = time.perf_counter()
            store.apply(batch)
            say(
                _("{file} : {count} enregistrements appliqués ({seconds:.1f} s)").format(
                    file=batch.file,
                    count=batch.record_count,
                    seconds=time.perf_counter() - started,
                )
            )
        store.finish()
        if store.report.changed_anything:
            collectivities_imported.send(sender=Store)
    return store.report
