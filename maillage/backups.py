"""Backups of a Maillage instance: the database and the uploaded files, in one archive.

`maillage backup PATH` writes a tar archive holding:

- `manifest.json`: what the archive is (format, database engine, date, last migration of
  each app), checked by `restore` before anything is touched;
- `database.sqlite3` (SQLite, through SQLite's online backup API) or `database.sql`
  (PostgreSQL, through `pg_dump`): both read one consistent snapshot, so a backup is safe
  while the server runs and writes;
- `media/`: the uploaded documents (MEDIA_ROOT).

`maillage restore PATH` gives back the database exactly as it was (same rows, same ids,
same sequences) in one transaction: SQLite's backup API writes the destination inside one
transaction, and PostgreSQL's script runs under `psql --single-transaction`. If the
database step fails, nothing has changed; the uploaded files are swapped in only after it
succeeded.
"""
from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "maillage-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRESQL_MEMBER = "database.sql"
MEDIA_MEMBER = "media"

# Run before a PostgreSQL dump is replayed, in the same transaction: the restored database
# holds what the backup held, and nothing else (a table created since is gone too).
POSTGRESQL_PREAMBLE = "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is French and says why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    engine: str
    media_files: int
    size: int


def engine_name() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("Sauvegarde impossible : base de données « %(vendor)s » non prise en charge.")
                          % {"vendor": vendor})
    return vendor


def backup(path: Path) -> Summary:
    """Writes the archive at `path` (replaced if it exists, only once complete)."""
    engine = engine_name()
    path = Path(path)
    if path.is_dir():
        raise BackupError(_("« %(path)s » est un dossier : indiquez le nom du fichier de sauvegarde à écrire.")
                          % {"path": path})
    if not path.parent.exists():
        raise BackupError(_("Le dossier « %(folder)s » n'existe pas.") % {"folder": path.parent})
    with tempfile.TemporaryDirectory(prefix="maillage-backup-") as work:
        work = Path(work)
        if engine == "sqlite":
            member = work / SQLITE_MEMBER
            _dump_sqlite(member)
        else:
            member = work / POSTGRESQL_MEMBER
            _dump_postgresql(member)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "migrations": _last_migrations(),
        }
        partial = path.with_name(path.name + ".partiel")
        media_files = 0
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(member, arcname=member.name)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.is_dir():
                archive.add(media_root, arcname=MEDIA_MEMBER)
                media_files = sum(1 for item in media_root.rglob("*") if item.is_file())
        os.replace(partial, path)
    return Summary(path=path, engine=engine, media_files=media_files, size=path.stat().st_size)


def restore(path: Path) -> Summary:
    """Replaces the database and the uploaded files with those of the archive at `path`."""
    engine = engine_name()
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Fichier introuvable : « %(path)s ».") % {"path": path})
    with tempfile.TemporaryDirectory(prefix="maillage-restore-") as work:
        work = Path(work)
        _read_archive(path, work, engine)
        if engine == "sqlite":
            _load_sqlite(work / SQLITE_MEMBER, path)
        else:
            _load_postgresql(work / POSTGRESQL_MEMBER, path)
        connections.close_all()
        media_files = _swap_media(work / MEDIA_MEMBER)
    return Summary(path=path, engine=engine, media_files=media_files, size=path.stat().st_size)


def _last_migrations() -> dict[str, str]:
    applied = MigrationRecorder(connection).applied_migrations()
    last: dict[str, str] = {}
    for app, name in sorted(applied):
        last[app] = name
    return last


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _read_archive(path: Path, work: Path, engine: str) -> dict:
    """Checks the archive's manifest, then extracts it into `work`."""
    not_a_backup = _("« %(path)s » n'est pas une sauvegarde de Maillage (%(reason)s). Rien n'a été modifié.")
    try:
        with tarfile.open(path, "r") as archive:
            try:
                manifest = json.loads(archive.extractfile(MANIFEST).read())
            except (KeyError, AttributeError, ValueError):
                raise BackupError(not_a_backup % {"path": path, "reason": _("pas de manifest.json lisible")}) from None
            if manifest.get("format") != FORMAT or manifest.get("engine") not in {"sqlite", "postgresql"}:
                raise BackupError(not_a_backup % {"path": path, "reason": _("manifest.json d'un autre format")})
            if manifest.get("version") != FORMAT_VERSION:
                raise BackupError(
                    _("« %(path)s » est une sauvegarde au format %(version)s, que cette version de Maillage ne "
                      "lit pas. Rien n'a été modifié.") % {"path": path, "version": manifest.get("version")})
            if manifest["engine"] != engine:
                raise BackupError(
                    _("« %(path)s » est une sauvegarde d'une base %(saved)s ; la base configurée est %(current)s. "
                      "Rien n'a été modifié.") % {"path": path, "saved": manifest["engine"], "current": engine})
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(work, filter="data")
    except tarfile.TarError:
        raise BackupError(not_a_backup % {"path": path, "reason": _("ce n'est pas une archive tar lisible")}) from None
    member = SQLITE_MEMBER if manifest["engine"] == "sqlite" else POSTGRESQL_MEMBER
    if not (work / member).is_file():
        raise BackupError(not_a_backup % {"path": path, "reason": _("%(member)s manquant") % {"member": member}})
    return manifest


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _dump_sqlite(target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is read within one read transaction, a snapshot
        # that concurrent writers (WAL) neither block nor change.
        _raw_sqlite().backup(destination)
    finally:
        destination.close()


def _load_sqlite(source_path: Path, archive: Path) -> None:
    source = sqlite3.connect(source_path)
    try:
        try:
            problems = source.execute("PRAGMA integrity_check").fetchall()
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise BackupError(_("La base contenue dans « %(path)s » est illisible (%(error)s). Rien n'a été modifié.")
                              % {"path": archive, "error": error}) from None
        if problems != [("ok",)] or "django_migrations" not in tables:
            raise BackupError(_("La base contenue dans « %(path)s » est endommagée. Rien n'a été modifié.")
                              % {"path": archive})
        # The destination is written inside one transaction: all of it or nothing.
        source.backup(_raw_sqlite())
    finally:
        source.close()


def _postgresql_env() -> tuple[dict[str, str], str]:
    """Environment for pg_dump and psql (no password on the command line) and the name."""
    options = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if options.get(key):
            env[variable] = str(options[key])
    return env, options["NAME"]


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(_("Le programme « %(program)s » est introuvable : installez le client PostgreSQL "
                            "(paquet Debian postgresql-client).") % {"program": program})
    return subprocess.run(command, capture_output=True, **kwargs)


def _dump_postgresql(target: Path) -> None:
    env, name = _postgresql_env()
    result = _run(["pg_dump", "--format=plain", "--no-owner", "--no-privileges", "--file", str(target), name],
                  env=env)
    if result.returncode != 0:
        raise BackupError(_("pg_dump a échoué : %(error)s") % {"error": result.stderr.decode(errors="replace").strip()})


def _load_postgresql(script: Path, archive: Path) -> None:
    env, name = _postgresql_env()
    with open(script, "rb") as dump:
        body = dump.read()
    connections.close_all()  # this process's own connection would hold locks on the tables
    result = _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                   "--dbname", name], input=POSTGRESQL_PREAMBLE.encode() + body, env=env)
    if result.returncode != 0:
        raise BackupError(
            _("La restauration de « %(path)s » a échoué ; la base est restée telle qu'elle était. %(error)s")
            % {"path": archive, "error": result.stderr.decode(errors="replace").strip()})


def _swap_media(restored: Path) -> int:
    """Puts the archive's uploaded files in MEDIA_ROOT: copied beside it first, then
    swapped in by renaming, so a failed copy leaves the current files in place."""
    media_root = Path(settings.MEDIA_ROOT)
    incoming = media_root.with_name(media_root.name + ".restauration")
    outgoing = media_root.with_name(media_root.name + ".ancien")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    if restored.is_dir():
        shutil.copytree(restored, incoming)
    else:
        incoming.mkdir(parents=True)
    if media_root.exists():
        media_root.rename(outgoing)
    incoming.rename(media_root)
    if outgoing.exists():
        shutil.rmtree(outgoing)
    return sum(1 for item in media_root.rglob("*") if item.is_file())
