"""A newer vintage updates names, populations and memberships, and records mergers."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from territories.importers import import_files
from territories.models import Collectivity, Kind, Link, Side, Succession

from .importer_fixtures import (
    COMMUNES_2025,
    COMMUNES_2026,
    EPCI_2025,
    EPCI_2026,
    write_json,
    write_vintage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vintages(tmp_path):
    return (
        write_vintage(tmp_path / "2025", COMMUNES_2025, EPCI_2025),
        write_vintage(tmp_path / "2026", COMMUNES_2026, EPCI_2026),
    )


def commune(code, kind=Kind.COMMUNE):
    return Collectivity.objects.get(side=Side.FRANCE, kind=kind, code=code)


def member_codes(epci_code):
    epci = Collectivity.objects.current().get(kind=Kind.EPCI, code=epci_code)
    return sorted(epci.children.values_list("code", flat=True))


def test_first_vintage_builds_the_hierarchy(vintages):
    report = import_files(vintages[0], effective_date=date(2025, 1, 1))
    assert report.counts[Kind.COMMUNE]["created"] == 6
    assert report.counts[Kind.OUTRE_MER]["created"] == 1
    assert member_codes("240100883") == ["01003", "01004"]
    assert commune("01053").region.code == "84"
    assert commune("01053").parents.get(kind=Kind.DEPARTEMENT).code == "01"
    assert commune("97502").parents.get().kind == Kind.OUTRE_MER


def test_newer_vintage_updates_names_populations_and_memberships(vintages):
    import_files(vintages[0], effective_date=date(2025, 1, 1))
    report = import_files(vintages[1], effective_date=date(2026, 1, 1))

    bourg = commune("01053")
    assert bourg.population == 41500
    amberieu = commune("01004")
    assert amberieu.name == "Ambérieu-en-Bugey-la-Neuve"
    assert amberieu.search_name == "amberieu en bugey la neuve"
    assert member_codes("200071751") == ["01005", "01053"]
    assert member_codes("240100883") == ["01004"]
    # Stale memberships of the merged communes are gone; they keep their département.
    assert not Link.objects.filter(
        child__code__in=["01002", "01003"], parent__kind=Kind.EPCI
    ).exists()
    assert commune("01002").parents.get().code == "01"
    assert commune("01002").valid_until is not None
    assert report.counts[Kind.COMMUNE]["created"] == 1
    assert report.counts[Kind.COMMUNE]["updated"] == 2
    assert report.counts[Kind.COMMUNE]["unchanged"] == 2
    assert report.counts[Kind.COMMUNE]["closed"] == 2
    assert report.counts[Kind.COMMUNE_DELEGUEE]["created"] == 2
    assert report.links_removed == 2  # 01002 → CA, 01003 → CC


def test_merged_communes_end_and_point_to_their_successor(vintages):
    import_files(vintages[0], effective_date=date(2025, 1, 1))
    import_files(vintages[1], effective_date=date(2026, 1, 1))

    successor = commune("01005")
    for code in ("01002", "01003"):
        former = commune(code)
        assert former.valid_until == date(2025, 12, 31)
        succession = former.successions.get()
        assert (succession.successor, succession.event, succession.date) == (
            successor,
            Succession.Event.MERGER,
            date(2026, 1, 1),
        )
        # The same code lives on as a commune déléguée of the commune nouvelle.
        deleguee = commune(code, Kind.COMMUNE_DELEGUEE)
        assert deleguee.valid_until is None
        assert list(deleguee.parents.all()) == [successor]
    assert Succession.objects.count() == 2  # 01999 was never known: no succession
    assert Collectivity.objects.current().filter(kind=Kind.COMMUNE).count() == 5


def test_reimporting_a_vintage_changes_nothing(vintages):
    import_files(vintages[0], effective_date=date(2025, 1, 1))
    import_files(vintages[1], effective_date=date(2026, 1, 1))
    snapshot = list(Collectivity.objects.order_by("pk").values())
    links = set(Link.objects.values_list("child_id", "parent_id"))

    again = import_files(vintages[1], effective_date=date(2026, 1, 1))

    assert not again.changed_anything
    assert again.total("created") == again.total("updated") == again.total("closed") == 0
    assert list(Collectivity.objects.order_by("pk").values()) == snapshot
    assert set(Link.objects.values_list("child_id", "parent_id")) == links
    assert Succession.objects.count() == 2


def test_the_command_reports_counts_and_a_no_op_run(vintages):
    out = StringIO()
    call_command("import_territories", *map(str, vintages[0]), stdout=out)
    assert "Commune : 6 créées, 0 mises à jour, 0 inchangées, 0 disparues" in out.getvalue()
    assert (
        "communes.json.gz : communes (@etalab/decoupage-administratif), 7 enregistrements lus"
        in out.getvalue()
    )

    out = StringIO()
    call_command("import_territories", *map(str, reversed(vintages[0])), stdout=out)
    assert "Commune : 0 créées, 0 mises à jour, 6 inchangées, 0 disparues" in out.getvalue()
    assert "Aucun changement : la base était à jour." in out.getvalue()


def test_the_command_dates_a_vintage(vintages):
    call_command("import_territories", *map(str, vintages[0]), stdout=StringIO())
    call_command(
        "import_territories",
        *map(str, vintages[1]),
        "--date",
        "2026-01-01",
        "--millesime",
        "2026",
        stdout=StringIO(),
    )
    assert commune("01003").valid_until == date(2025, 12, 31)
    assert commune("01005").source.endswith("— communes.json.gz (2026)")


def test_demo_rows_are_never_ended_by_an_import(vintages):
    demo = Collectivity(side=Side.FRANCE, kind=Kind.COMMUNE, code="99999", is_demo=True)
    demo.set_name("Commune de démonstration")
    demo.save()
    import_files(vintages[0])
    demo.refresh_from_db()
    assert demo.valid_until is None


def test_a_later_file_of_the_same_run_can_drop_a_membership_the_earlier_one_added(tmp_path):
    # Two EPCI files in one run: the second one is the authority.
    communes, epcis, departements, regions = write_vintage(tmp_path, COMMUNES_2025, EPCI_2025)
    without_amareins = [
        dict(e, membres=[m for m in e["membres"] if m["code"] != "01003"]) for e in EPCI_2025
    ]
    newer = write_json(tmp_path, "epci-bis.json", without_amareins)
    report = import_files([communes, departements, regions, epcis, newer])
    assert member_codes("240100883") == ["01004"]
    assert report.links_removed == 1
