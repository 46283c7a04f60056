"""GET /api/v1/export/iati.xml: the published projects as IATI 2.03 activities
(dashboard/opendata/iati.py), validated against the official schema and code lists of
shared/iati (the XSD alone accepts any code), over the data of opendata_data.py."""
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from dashboard.opendata.iati import THEME_SECTORS

from .opendata_data import make_full_project, make_open_world, make_places, make_themes

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/iati.xml"
IATI = Path(__file__).resolve().parents[3] / "shared" / "iati"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(IATI / "iati-activities-schema.xsd")))


def code_list(name: str) -> set[str]:
    items = etree.parse(str(IATI / "codelists" / f"{name}.xml")).iterfind(".//codelist-item/code")
    return {code.text for code in items}


# Every attribute of the export that holds a code, and the code list it belongs to.
CODED = {
    ("reporting-org", "type"): "OrganisationType",
    ("participating-org", "role"): "OrganisationRole",
    ("participating-org", "type"): "OrganisationType",
    ("activity-status", "code"): "ActivityStatus",
    ("activity-date", "type"): "ActivityDateType",
    ("recipient-country", "code"): "Country",
    ("budget", "type"): "BudgetType",
    ("budget", "status"): "BudgetStatus",
    ("value", "currency"): "Currency",
    ("transaction-type", "code"): "TransactionType",
    ("provider-org", "type"): "OrganisationType",
    ("receiver-org", "type"): "OrganisationType",
    ("category", "code"): "DocumentCategory",
    ("result", "type"): "ResultType",
    ("indicator", "measure"): "IndicatorMeasure",
}
# Coded attributes whose list shared/iati does not ship: the values the export may use,
# as IATI's lists define them (DescriptionType 1: general; SectorVocabulary 1: OECD DAC
# five digits, 99: the reporting organisation's own).
UNSHIPPED = {("description", "type"): {"1"}, ("sector", "vocabulary"): {"1", "99"}}
# The other attributes: no code in them.
FREE = {"version", "generated-datetime", "last-updated-datetime", XML_LANG, "ref", "iso-date", "value-date",
        "percentage", "vocabulary-uri", "url", "format", "srsName", "year", "value", "ascending"}


@pytest.fixture
def world(personas, lyon_commune, trois_rivieres_ville):
    return make_open_world(personas, lyon_commune, trois_rivieres_ville)


def export(client) -> etree._ElementTree:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return etree.ElementTree(etree.fromstring(response.content))


def activity(document, project) -> etree._Element:
    found = document.xpath("iati-activity[iati-identifier=$id]", id=f"XI-IATI-MAILLAGE-{project.pk}")
    assert len(found) == 1
    return found[0]


def test_the_export_is_valid_against_the_iati_2_03_schema(client, world, schema):
    document = export(client)
    schema.assertValid(document)
    assert document.getroot().get("version") == "2.03"


def assert_codes_in_their_lists(document) -> int:
    """Every coded attribute of `document` holds a code of its list; the number checked."""
    lists = {name: code_list(name) for name in set(CODED.values())}
    dac = code_list("Sector")
    checked = 0
    for element in document.iter():
        for attribute, value in element.attrib.items():
            key = (element.tag, attribute)
            if key in CODED:
                assert value in lists[CODED[key]], f"{element.tag}/@{attribute}={value} absent de {CODED[key]}"
                checked += 1
            elif key in UNSHIPPED:
                assert value in UNSHIPPED[key], f"{element.tag}/@{attribute}={value}"
            elif element.tag == "sector" and attribute == "code":
                if element.get("vocabulary") == "1":
                    assert value in dac, f"secteur CAD inconnu : {value}"
                    checked += 1
            else:
                assert attribute in FREE, f"attribut non vérifié : {element.tag}/@{attribute}"
    return checked


def test_every_code_is_in_its_code_list(client, world):
    assert assert_codes_in_their_lists(export(client)) > 50
    assert set(THEME_SECTORS.values()) <= code_list("Sector")


def test_the_demo_data_export_is_valid_too(client, db, schema):
    from plan.loading import load_plan
    from projects.demo import load_demo

    load_plan()
    load_demo()
    document = export(client)
    assert len(document.getroot()) > 1
    schema.assertValid(document)
    assert assert_codes_in_their_lists(document) > 50


def test_the_reporting_organisation_has_a_registered_agency_prefix(client, world):
    agencies = code_list("OrganisationRegistrationAgency")
    for ref in export(client).xpath("//reporting-org/@ref"):
        assert any(ref.startswith(agency + "-") for agency in agencies), ref


def test_one_activity_per_published_project_and_nothing_unpublished(client, world):
    document = export(client)
    identifiers = document.xpath("iati-activity/iati-identifier/text()")
    assert identifiers == [f"XI-IATI-MAILLAGE-{p.pk}" for p in (world.jeunesse, world.patrimoine, world.capitale)]
    body = etree.tostring(document, encoding="unicode")
    for hidden in ("Jardins partagés", "Villeurbanne", "999.00", "1234.00"):
        assert hidden not in body


def test_texts_are_french(client, world):
    document = export(client)
    assert {a.get(XML_LANG) for a in document.xpath("iati-activity")} == {"fr"}
    assert {n.get(XML_LANG) for n in document.iter("narrative")} == {"fr"}
    jeunesse = activity(document, world.jeunesse)
    assert jeunesse.xpath("title/narrative/text()") == ["Mobilité des jeunes"]
    assert jeunesse.xpath("description/narrative/text()") == ["Échanges de pratiques entre régions."]


def test_partners_take_part_with_their_roles_and_types(client, world):
    jeunesse = activity(export(client), world.jeunesse)
    participants = {(org.findtext("narrative"), org.get("role"), org.get("type"))
                    for org in jeunesse.iter("participating-org")}
    assert participants == {
        ("Lyon", "2", "11"),  # the lead: accountable, a local government
        ("Lyon", "1", "11"),  # it also funds a budget line
        ("Trois-Rivières", "4", "11"),  # implementing
        (f"Cégep de Trois-Rivières {world.jeunesse.pk}", "1", "80"),  # a funder, academic and research
        ("Fonds franco-québécois pour la coopération décentralisée (FFQCD)", "1", "10"),
    }


def test_status_and_dates(client, world):
    document = export(client)
    dates = {p.pk: {d.get("type"): d.get("iso-date") for d in activity(document, p).iter("activity-date")}
             for p in (world.jeunesse, world.patrimoine, world.capitale)}
    assert dates[world.jeunesse.pk] == {"1": "2024-01-01", "2": "2024-01-01", "3": "2025-12-31"}
    assert dates[world.patrimoine.pk] == {"1": "2022-01-01", "2": "2022-01-01", "3": "2023-06-30",
                                          "4": "2023-06-30"}
    assert dates[world.capitale.pk] == {"1": "2030-01-01"}  # planned: no actual date
    statuses = [activity(document, p).find("activity-status").get("code")
                for p in (world.jeunesse, world.patrimoine, world.capitale)]
    assert statuses == ["2", "4", "1"]


def test_budgets_stay_in_their_currency_per_year(client, world):
    jeunesse = activity(export(client), world.jeunesse)
    budgets = {(b.find("value").get("currency"), b.find("period-start").get("iso-date"),
                b.find("period-end").get("iso-date")): Decimal(b.findtext("value"))
               for b in jeunesse.iter("budget")}
    assert budgets == {
        ("EUR", "2024-01-01", "2024-12-31"): Decimal("10000"),
        ("CAD", "2024-01-01", "2024-12-31"): Decimal("15000"),
        ("CAD", "2024-01-01", "2025-12-31"): Decimal("2000"),  # no year: over the project's dates
    }
    values = {Decimal(v.text) for v in jeunesse.iter("value")}
    assert not values & {Decimal("25000"), Decimal("27000"), Decimal("29000")}  # never EUR + CAD


def test_the_fund_commitments_and_disbursements_are_transactions(client, world):
    jeunesse = activity(export(client), world.jeunesse)
    transactions = [(t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"),
                     t.find("value").get("currency"), Decimal(t.findtext("value")),
                     t.findtext("provider-org/narrative"), t.findtext("receiver-org/narrative"))
                    for t in jeunesse.iter("transaction")]
    fund = "Fonds franco-québécois pour la coopération décentralisée (FFQCD)"
    assert transactions == [
        ("2", "2025-11-20", "EUR", Decimal("10000"), fund, "Lyon"),
        ("2", "2025-11-20", "CAD", Decimal("15000"), fund, "Lyon"),
        ("3", "2026-02-01", "EUR", Decimal("4000"), fund, "Lyon"),
    ]
    assert activity(export(client), world.patrimoine).find("transaction") is None


def test_countries_locations_and_sectors(client, world):
    document = export(client)
    jeunesse, patrimoine = activity(document, world.jeunesse), activity(document, world.patrimoine)
    assert [(c.get("code"), c.get("percentage")) for c in jeunesse.iter("recipient-country")] == [
        ("FR", "50.00"), ("CA", "50.00")]
    points = {loc.findtext("name/narrative"): loc.findtext("point/pos") for loc in patrimoine.iter("location")}
    assert points == {"Québec": "46.81 -71.21", "Nantes": None}  # Nantes has no région: no point
    sectors = [(s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in patrimoine.iter("sector")]
    assert sectors == [("1", "15112", "33.33"), ("1", "33210", "33.33"), ("1", "43040", "33.34"),
                       ("99", "tourisme", "50.00"), ("99", "ruralite", "50.00")]
    for vocabulary in ("1", "99"):
        shares = patrimoine.xpath("sector[@vocabulary=$v]/@percentage", v=vocabulary)
        assert sum(map(Decimal, shares)) == 100
    assert [(s.get("code"), s.get("percentage")) for s in activity(document, world.capitale).iter("sector")] == [
        ("15112", "100.00")]


def test_outcomes_are_results_with_baseline_target_and_approved_values(client, world):
    document = export(client)
    indicator = activity(document, world.jeunesse).find("result/indicator")
    assert indicator.find("baseline").attrib == {"year": "2024", "iso-date": "2024-01-01", "value": "2.00"}
    periods = [(p.find("period-start").get("iso-date"), p.find("period-end").get("iso-date"),
                p.find("target").get("value"), p.find("actual").get("value")) for p in indicator.iter("period")]
    assert periods == [("2024-01-01", "2024-06-30", "10.00", "4.00")]  # the draft (7) is not published
    unmeasured = activity(document, world.patrimoine).find("result/indicator/period")
    assert unmeasured.find("target").get("value") == "500.00"
    assert unmeasured.find("actual") is None
    assert activity(document, world.capitale).find("result") is None


def test_characters_xml_cannot_hold_are_left_out(client, world, schema):
    world.jeunesse.title = "Mobilité\x0b des\x0c jeunes\x1f"
    world.jeunesse.save()
    document = export(client)  # parses
    schema.assertValid(document)
    assert activity(document, world.jeunesse).xpath("title/narrative/text()") == ["Mobilité des jeunes"]


def test_with_nothing_published_the_document_is_empty(client, db):
    document = export(client)
    assert document.getroot().tag == "iati-activities"
    assert len(document.getroot()) == 0


@pytest.mark.parametrize("count", [1, 5])
def test_queries_do_not_grow_with_the_projects(client, personas, lyon_commune, trois_rivieres_ville, count,
                                               django_assert_num_queries):
    places = make_places(lyon_commune, trois_rivieres_ville)
    themes = make_themes()
    for n in range(count):
        make_full_project(places, themes, personas["secretariat"], title=f"Projet {n}")
    # The published projects; their partners, themes, budget lines, indicators, approved
    # measurements, linked applications (with their lead), commitments, disbursements;
    # the partners' régions.
    with django_assert_num_queries(10):
        document = export(client)
    assert len(document.getroot()) == count
