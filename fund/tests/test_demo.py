from decimal import Decimal

import pytest

from fund import figures
from fund.demo import APPLICATIONS, CALL_TITLE, load_demo
from fund.models import Application, Call, Envelope, Stage

pytestmark = pytest.mark.django_db


def test_it_loads_the_plans_envelopes_and_a_call_with_applications_at_every_stage(settings, tmp_path):
    load_demo()
    assert set(Envelope.objects.values_list("year", "side", "amount", "currency")) == {
        (2009, "fr", Decimal("150000"), "EUR"), (2009, "qc", Decimal("225000"), "CAD"),
        (2010, "fr", Decimal("200000"), "EUR"), (2010, "qc", Decimal("300000"), "CAD")}
    call = Call.objects.get(title=CALL_TITLE)
    assert dict(Application.objects.filter(call=call).values_list("title", "stage")) == {
        title: stage for title, _lead, _co, stage in APPLICATIONS}
    assert {c.name for c in call.coordinators.all()} >= {"Conférence régionale des élus de la Mauricie"}
    per_stage = figures.applications_per_stage(call=call)
    assert per_stage[Stage.CLOSED] == 1 and per_stage[Stage.DRAFT] == 1
    by_key = {(f.year, f.side): f for f in figures.envelope_figures()}
    # Three applications were granted 12 000 € a year each on the French side.
    assert by_key[(2009, "fr")].committed == Decimal("36000.00")
    assert by_key[(2009, "fr")].remaining == Decimal("114000.00")
    assert by_key[(2009, "fr")].disbursed == Decimal("18000.00")  # 6 000 € started, 12 000 € paid in full
    closed = Application.objects.get(stage=Stage.CLOSED)
    assert closed.project is not None and closed.project.is_demo


def test_it_is_safe_to_run_again():
    load_demo()
    load_demo()
    assert Call.objects.filter(title=CALL_TITLE).count() == 1
    assert Envelope.objects.count() == 4
    assert Application.objects.count() == len(APPLICATIONS)


def _rates(by):
    return {rate.label: (rate.decided, rate.funded, rate.rate) for rate in figures.success_rates(by)}


def test_success_rates_by_side_region_and_theme():
    load_demo()
    # Five applications have an outcome (ineligible, not selected, and three funded by both sides).
    assert _rates("side") == {"France": (5, 3, Decimal("60.0")), "Québec": (5, 3, Decimal("60.0"))}
    assert _rates("region") == {
        "Auvergne-Rhône-Alpes": (3, 1, Decimal("33.3")), "Capitale-Nationale": (3, 2, Decimal("66.7")),
        "Mauricie": (2, 1, Decimal("50.0")), "Nouvelle-Aquitaine": (2, 2, Decimal("100.0"))}
    assert _rates("theme") == {"Développement durable": (5, 3, Decimal("60.0")), "Jeunesse": (5, 3, Decimal("60.0"))}
    with pytest.raises(ValueError):
        figures.success_rates("year")
