"""Files are recognised from their content, compressed or not, whatever their name."""

import pytest

from territories.importers import import_files
from territories.models import Collectivity, Kind

from .importer_fixtures import (
    COMMUNES_2025,
    DEPARTEMENTS,
    EPCI_2025,
    REGIONS,
    write_json,
    write_vintage,
)

pytestmark = pytest.mark.django_db


def state():
    return sorted(
        Collectivity.objects.values_list("kind", "code", "name", "population", "region__code")
    )


def test_gzipped_and_plain_json_give_the_same_registry(tmp_path):
    import_files(write_vintage(tmp_path / "gz", COMMUNES_2025, EPCI_2025, gz=True))
    gzipped = state()
    Collectivity.objects.all().delete()
    import_files(write_vintage(tmp_path / "plain", COMMUNES_2025, EPCI_2025, gz=False))
    assert state() == gzipped
    assert len(gzipped) == 14


def test_files_are_recognised_by_content_not_name(tmp_path):
    files = [
        write_json(tmp_path, "telechargement.json", EPCI_2025),
        write_json(tmp_path, "telechargement (1).json", COMMUNES_2025, gz=True),
        write_json(tmp_path, "telechargement (2).json", DEPARTEMENTS),
        write_json(tmp_path, "telechargement (3).json", REGIONS, gz=True),
    ]
    report = import_files(files)
    assert report.counts[Kind.EPCI]["created"] == 3
    assert Collectivity.objects.get(kind=Kind.EPCI, code="200046977").children.get().name == "Lyon"


def test_departemental_arrondissements_are_recognised_and_ignored(tmp_path):
    arrondissements = [
        {
            "code": "011",
            "departement": "01",
            "region": "84",
            "chefLieu": "01034",
            "nom": "Belley",
            "typeLiaison": 0,
        }
    ]
    messages = []
    report = import_files(
        [write_json(tmp_path, "arrondissements.json", arrondissements)], progress=messages.append
    )
    assert not report.changed_anything
    assert Collectivity.objects.count() == 0
    assert messages == [
        (
            "arrondissements.json : arrondissements départementaux (@etalab/decoupage-administratif), "
            "ignoré (pas de collectivité à importer)"
        )
    ]
