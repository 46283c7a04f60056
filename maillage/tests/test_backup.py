"""`maillage backup` and `maillage restore` give back an identical database, uploaded files
included, and refuse what is not one of their archives without touching anything."""
import datetime
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import make_collectivity
from projects import actions
from projects.models import Project
from territories.models import Collectivity, Kind, Side

# pg_dump reads the database from another process: the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    """Every row of every table, and on PostgreSQL every sequence's position."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            tables["<sequences>"] = sorted(cursor.fetchall())
    return tables


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "projects" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "projects" / "2026" / "convention.pdf").write_bytes(b"%PDF-1.4 convention signee")
    return settings.MEDIA_ROOT


@pytest.fixture
def project(personas, lyon_commune, trois_rivieres_ville):
    project = actions.create_project(
        by=personas["lyon"], collectivity=lyon_commune, role="chef_de_file", title="Circuits courts",
        summary="Des marchés de producteurs à Lyon et Trois-Rivières.",
        start_date=datetime.date.fromisoformat("2024-01-01"), end_date=datetime.date.fromisoformat("2025-12-31"))
    actions.add_partner(project, by=personas["lyon"], role="partenaire", collectivity=trois_rivieres_ville)
    return project


def run(command, *args, **options) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def test_restore_gives_back_the_database_as_it_was_backed_up(project, personas, media, tmp_path):
    archive = tmp_path / "sauvegarde.tar"
    before = snapshot()
    assert before["projects_project"], "the backup must hold data for the test to mean something"

    output = run("backup", str(archive))
    assert "Sauvegarde écrite" in output

    # Afterwards: a project changed, one deleted, one created, a collectivity added, files changed.
    actions.update_project(project, by=personas["secretariat"], title="Titre changé après la sauvegarde")
    make_collectivity(Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux")
    other = actions.create_project(by=personas["secretariat"], collectivity=Collectivity.objects.get(code="33063"),
                                   role="chef_de_file", title="Créé après", summary="Nouveau.", start_date=datetime.date.fromisoformat("2025-01-01"))
    (media / "projects" / "2026" / "convention.pdf").unlink()
    (media / "nouveau.txt").write_text("ajouté après la sauvegarde")
    assert snapshot() != before

    output = run("restore", str(archive), interactive=False)
    assert "Base restaurée" in output

    assert snapshot() == before
    assert not Project.objects.filter(pk=other.pk).exists()
    assert Project.objects.get(pk=project.pk).title == "Circuits courts"
    assert (media / "projects" / "2026" / "convention.pdf").read_bytes() == b"%PDF-1.4 convention signee"
    assert not (media / "nouveau.txt").exists()
    # Sequences (PostgreSQL) and SQLite's counters came back too: a new row gets a fresh id.
    again = actions.create_project(by=personas["secretariat"], collectivity=Collectivity.objects.get(code="69123"),
                                   role="chef_de_file", title="Après la restauration", summary="Nouveau.", start_date=datetime.date.fromisoformat("2026-01-01"))
    assert again.pk > project.pk


def test_it_refuses_a_file_that_is_not_a_backup_and_changes_nothing(project, tmp_path):
    bogus = tmp_path / "pas-une-sauvegarde.tar"
    bogus.write_bytes(b"ceci n'est pas une archive")
    before = snapshot()
    with pytest.raises(CommandError, match="n'est pas une sauvegarde de Maillage.*Rien n'a été modifié"):
        run("restore", str(bogus), interactive=False)
    assert snapshot() == before


def test_it_refuses_a_backup_of_the_other_database_engine(project, tmp_path):
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "autre-base.tar"
    with tarfile.open(archive, "w") as tar:
        manifest = tmp_path / "manifest.json"
        manifest.write_text(json.dumps({"format": "maillage-backup", "version": 1, "engine": other_engine}))
        tar.add(manifest, arcname="manifest.json")
    before = snapshot()
    with pytest.raises(CommandError, match=f"sauvegarde d'une base {other_engine}"):
        run("restore", str(archive), interactive=False)
    assert snapshot() == before


def test_it_refuses_an_archive_missing_its_database(tmp_path, db):
    engine = connection.vendor
    archive = tmp_path / "incomplete.tar"
    with tarfile.open(archive, "w") as tar:
        manifest = tmp_path / "manifest.json"
        manifest.write_text(json.dumps({"format": "maillage-backup", "version": 1, "engine": engine}))
        tar.add(manifest, arcname="manifest.json")
    with pytest.raises(CommandError, match="manquant"):
        run("restore", str(archive), interactive=False)


def test_restore_asks_for_confirmation(project, tmp_path, monkeypatch):
    archive = tmp_path / "sauvegarde.tar"
    run("backup", str(archive))
    Project.objects.filter(pk=project.pk).update(title="Changé")
    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    with pytest.raises(CommandError, match="annulée"):
        run("restore", str(archive))
    assert Project.objects.get(pk=project.pk).title == "Changé"


def test_backup_into_a_missing_folder_says_so(tmp_path, db):
    with pytest.raises(CommandError, match="n'existe pas"):
        run("backup", str(tmp_path / "absent" / "sauvegarde.tar"))
