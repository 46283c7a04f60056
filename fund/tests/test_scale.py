"""The fund's data at scale (`maillage seed_scale`, fund/scale.py) at a small size, and the
fund's demonstration data loaded by `maillage demo`, twice without duplicates."""
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from conftest import make_collectivity
from fund import figures
from fund.models import (
    Application, Call, Commitment, Decision, Disbursement, Envelope, Report, Review, Score, Stage,
)
from fund.scale import plan_envelope, seed_fund
from projects.facts import data_version
from territories.models import Kind, Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_registry():
    ara = make_collectivity(Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", country="FR")
    mauricie = make_collectivity(Side.QUEBEC, Kind.REGION, "04", "Mauricie", country="CA")
    for code, name in [("69123", "Lyon"), ("69266", "Villeurbanne"), ("38185", "Grenoble")]:
        make_collectivity(Side.FRANCE, Kind.COMMUNE, code, name, region=ara, country="FR")
    for code, name in [("37067", "Trois-Rivières"), ("36033", "Shawinigan")]:
        make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, code, name, region=mauricie, country="CA")


def test_seed_scale_adds_calls_applications_at_every_stage_reviews_and_money(small_registry):
    out = StringIO()
    started = time.perf_counter()
    call_command("seed_scale", projects=6, applications=400, seed=5, stdout=out)
    assert time.perf_counter() - started < 60  # bulk inserts: a few seconds here
    assert "400 demandes synthétiques au Fonds franco-québécois." in out.getvalue()
    assert Application.objects.count() == 400
    stages = set(Application.objects.values_list("stage", flat=True))
    assert len(stages) >= 12, stages
    assert Call.objects.open().exists()  # and its applications: drafts, under review…
    assert Review.objects.filter(submitted_at__isnull=False).exists()
    assert Score.objects.count() == 3 * Review.objects.filter(submitted_at__isnull=False).count()
    assert Decision.objects.filter(granted=False).exists() and Commitment.objects.exists()
    assert Disbursement.objects.exists() and Report.objects.exists()
    # Every application has both sides among its applicants.
    assert not Application.objects.annotate(n=Count("co_applicant_links")).exclude(n=1).exists()


def test_commitments_stay_within_the_envelopes_and_payments_within_the_commitments(small_registry):
    seed_fund(applications=600, seed=11)
    for row in figures.envelope_figures():
        assert row.remaining >= 0, row
        assert row.disbursed <= row.committed, row
    committed = {(r["application"], r["side"], r["year"]): r["total"] for r in Commitment.objects.values(
        "application", "side", "year").annotate(total=Sum("amount"))}
    for row in Disbursement.objects.values("application", "side", "year").annotate(total=Sum("amount")):
        assert row["total"] <= committed[row["application"], row["side"], row["year"]]
    funded = Application.objects.filter(stage__in=figures.FUNDED_STAGES)
    assert funded.exists()
    assert not funded.filter(commitments__isnull=True).exists()
    assert not Application.objects.exclude(stage__in=figures.FUNDED_STAGES).filter(commitments__isnull=False).exists()


def test_the_plans_envelopes_are_created_once_and_kept(small_registry):
    Envelope.objects.create(side=Side.FRANCE, year=2010, amount=Decimal("123456"), currency="EUR")
    before = data_version()
    seed_fund(applications=20, seed=1)
    seed_fund(applications=20, seed=2)
    assert data_version() > before
    assert Envelope.objects.get(side=Side.FRANCE, year=2010).amount == Decimal("123456")
    assert Envelope.objects.get(side=Side.QUEBEC, year=2009).amount == plan_envelope(2009)[1] == Decimal("225000")
    assert not Envelope.objects.values("side", "year").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert Application.objects.count() == 40


def test_the_same_seed_gives_the_same_applications(small_registry):
    seed_fund(applications=30, seed=3)
    first = sorted(Application.objects.values_list("title", "stage"))
    Report.objects.all().delete()
    Disbursement.objects.all().delete()
    Commitment.objects.all().delete()
    Application.objects.all().delete()
    Call.objects.all().delete()
    seed_fund(applications=30, seed=3)
    assert sorted(Application.objects.values_list("title", "stage")) == first


def test_nothing_without_both_sides_in_the_registry(db):
    make_collectivity(Side.FRANCE, Kind.COMMUNE, "69123", "Lyon")
    assert seed_fund(applications=10) == 0
    assert not Call.objects.exists()


def fund_snapshot() -> dict:
    return {
        "envelopes": sorted(Envelope.objects.values_list("year", "side", "amount")),
        "calls": sorted(Call.objects.values_list("title", flat=True)),
        "applications": sorted(Application.objects.values_list("title", "stage")),
        "commitments": Commitment.objects.count(),
        "disbursements": Disbursement.objects.count(),
    }


def test_maillage_demo_loads_the_fund_and_a_second_run_duplicates_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Fonds franco-québécois" in out.getvalue()
    first = fund_snapshot()
    call_command("demo", stdout=StringIO())
    assert fund_snapshot() == first
    assert [(year, side) for year, side, _amount in first["envelopes"]] == [
        (2009, "fr"), (2009, "qc"), (2010, "fr"), (2010, "qc")]
    assert {stage for _title, stage in first["applications"]} >= {Stage.DRAFT, Stage.UNDER_REVIEW, Stage.CLOSED}
