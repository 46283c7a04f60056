"""Real processes on a scratch database of the engine under test: an import killed in the
middle leaves the database as it was, and a backup taken while another connection is in
the middle of a write neither waits for it nor contains it."""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from territories.tests.importer_fixtures import DEPARTEMENTS, REGIONS, commune, write_json

TIMEOUT = 120


class Scratch:
    """A migrated database of its own, reached by `maillage` subprocesses and raw SQL."""

    def __init__(self, tmp_path: Path, template: "Scratch | None" = None):
        """A new database; from `template` (a copy of its file, or PostgreSQL's CREATE
        DATABASE … TEMPLATE) when given, else migrated by a `maillage migrate` of its own."""
        self.tmp_path = tmp_path
        self.vendor = connection.vendor
        options = connection.settings_dict
        suffix = "_scratch" if template else "_scratch_template"
        if self.vendor == "sqlite":
            self.path = tmp_path / f"{suffix[1:]}.sqlite3"
            self.url = f"sqlite:///{self.path}"
            if template:
                shutil.copyfile(template.path, self.path)
        else:
            self.name = f"{options['NAME']}{suffix}"[:63]
            self.server = {key.lower(): options[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if options[key]}
            auth = options["USER"] + (f":{options['PASSWORD']}" if options["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{options['HOST'] or '127.0.0.1'}:{options['PORT'] or 5432}/{self.name}"
            create = f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template.name}"' if template else "")
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', create)
        self.env = {**os.environ, "DATABASE_URL": self.url, "MAILLAGE_DATA_DIR": str(tmp_path / "data"),
                    "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "maillage.settings"}
        if template is None:
            self.maillage("migrate", "-v0")

    def _admin(self, *statements):
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as admin:
            for statement in statements:
                admin.execute(statement)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def command(self, *args) -> list[str]:
        return [sys.executable, "-m", "maillage", *args]

    def maillage(self, *args) -> str:
        result = subprocess.run(self.command(*args), env=self.env, capture_output=True, text=True, timeout=TIMEOUT,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path, isolation_level=None, timeout=30)
        import psycopg

        return psycopg.connect(dbname=self.name, autocommit=True, **self.server)

    def rows(self, *tables) -> dict[str, list]:
        with self.connect() as raw:
            return {table: sorted(raw.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


@pytest.fixture(scope="session")
def migrated(tmp_path_factory, django_db_setup, django_db_blocker):
    """One migrated database for the module's tests to start from (a migration costs
    tens of seconds; a copy, a fraction of one)."""
    with django_db_blocker.unblock():
        template = Scratch(tmp_path_factory.mktemp("template"))
        yield template
        template.drop()


@pytest.fixture
def scratch(tmp_path, db, migrated):
    database = Scratch(tmp_path, template=migrated)
    yield database
    database.drop()


TERRITORY_TABLES = ("territories_collectivity", "territories_link", "territories_succession")


EXTRA_DEPARTMENTS = [{"code": f"{number:02d}", "region": "84", "chefLieu": f"{number:02d}001", "nom": f"Département {number}",
                      "typeLiaison": 0, "zone": "metro"} for number in range(2, 12)]


def vintage(folder: Path, communes: list[dict]) -> list[str]:
    folder.mkdir()
    return [str(write_json(folder, "regions.json", REGIONS)),
            str(write_json(folder, "departements.json", DEPARTEMENTS + EXTRA_DEPARTMENTS)),
            str(write_json(folder, "communes.json", communes))]


def test_an_import_killed_in_the_middle_leaves_the_database_as_before(scratch, tmp_path):
    scratch.maillage("import_territories", "--date", "2025-01-01",
                     *vintage(tmp_path / "2025", [commune("69123", "Lyon", 520_000), commune("01053", "Bourg", 41_000)]))
    before = scratch.rows(*TERRITORY_TABLES)
    assert len(before["territories_collectivity"]) > 5

    # A much larger vintage that renames Lyon and adds 20 000 communes: long enough to kill.
    larger = [commune("69123", "Lyon (nouveau nom)", 530_000)] + [
        commune(f"{department}{number:03d}", f"Commune {department}-{number}", 100 + number)
        for department in ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "69")
        for number in range(1, 1000) if f"{department}{number:03d}" != "69123"
    ]
    process = subprocess.Popen(scratch.command("import_territories", "--date", "2026-01-01",
                                               *vintage(tmp_path / "2026", larger)),
                               env=scratch.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL)
    try:
        # The first file applied is written inside the import's transaction; the communes
        # are still being written when the process is killed.
        for line in process.stdout:
            if "appliqués" in line:
                break
        else:
            pytest.fail(f"the import ended before writing anything: {process.stderr.read()}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the import must have been killed, not have finished"

    assert scratch.rows(*TERRITORY_TABLES) == before
    # The database is still usable: the same import run to its end then applies.
    scratch.maillage("import_territories", "--date", "2026-01-01", *[str(path) for path in (tmp_path / "2026").iterdir()])
    with scratch.connect() as raw:
        assert raw.execute("SELECT count(*) FROM territories_collectivity").fetchone()[0] > 10_000


def test_a_backup_taken_during_a_write_is_the_state_before_it(scratch, tmp_path):
    scratch.maillage("import_territories", "--date", "2025-01-01",
                     *vintage(tmp_path / "2025", [commune("69123", "Lyon", 520_000)]))
    before = scratch.rows(*TERRITORY_TABLES)
    writer = scratch.connect()
    try:
        writer.execute("BEGIN")
        writer.execute("UPDATE territories_collectivity SET name = 'Écrit pendant la sauvegarde'")
        started = time.monotonic()
        scratch.maillage("backup", str(tmp_path / "pendant.tar"))
        assert time.monotonic() - started < TIMEOUT
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert scratch.rows(*TERRITORY_TABLES) != before

    scratch.maillage("restore", "--noinput", str(tmp_path / "pendant.tar"))
    assert scratch.rows(*TERRITORY_TABLES) == before
