"""Synthetic fund data at national scale, for benchmarks: `seed_fund(applications=5000)`,
run by `maillage seed_scale` after the projects.

Biennial calls from 2008 to this year and one open now, the envelopes of every year the
plan sets (those already there are kept), and applications of collectivities of both
sides at every stage: reviews with scores from the synthetic reviewers, each side's
decision, commitments within the envelopes (an application the envelope cannot fund is
not selected), disbursements within the commitments, the reports received. Bulk inserts,
no history and no transition log (what is measured is reading); deterministic for a
given seed and registry. The calls' titles say they are synthetic.
"""
from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from territories.models import Collectivity, Side

from .figures import refresh_all
from .models import (
    ActivityLocation, Application, ApplicationYear, Call, CallTheme, CoApplicant, Commitment, Criterion, Decision,
    Disbursement, Envelope, Report, Review, Score, Stage, region_of_expression,
)

BATCH = 2000
PARIS = ZoneInfo("Europe/Paris")
FIRST_YEAR = 2008
REVIEWERS = 12
THEMES = ("Développement durable", "Jeunesse", "Culture et patrimoine", "Économie", "Gouvernance locale",
          "Santé et services sociaux", "Tourisme", "Numérique")
CRITERIA = (("Intérêt pour les deux territoires", 20), ("Qualité du partenariat", 20), ("Retombées mesurables", 10))
TOPICS = ("Échanges de jeunes", "Circuits courts", "Gestion de l'eau", "Résidences d'artistes", "Mobilité durable",
          "Bibliothèques numériques", "Patrimoine bâti", "Francophonie", "Économie sociale", "Forêts de proximité")
# What an open call holds, and what a closed call's applications became (weights).
OPEN_STAGES = {Stage.DRAFT: 30, Stage.SUBMITTED: 20, Stage.ENDORSED: 15, Stage.ELIGIBLE: 10,
               Stage.UNDER_REVIEW: 25}
CLOSED_STAGES = {Stage.INELIGIBLE: 10, Stage.NOT_SELECTED: 25, Stage.REFUSED: 5, Stage.DECIDED: 8,
                 Stage.AGREEMENT_SIGNED: 7, Stage.IN_PROGRESS: 15, Stage.MIDTERM_REPORT: 10, Stage.FINAL_REPORT: 5,
                 Stage.CLOSED: 15}
FUNDED = [Stage.DECIDED, Stage.AGREEMENT_SIGNED, Stage.IN_PROGRESS, Stage.MIDTERM_REPORT, Stage.FINAL_REPORT,
          Stage.CLOSED]
REVIEWED = {Stage.UNDER_REVIEW, Stage.SELECTED, Stage.NOT_SELECTED, Stage.REFUSED, *FUNDED}
SIDES = (Side.FRANCE, Side.QUEBEC)


def plan_envelope(year: int) -> tuple[Decimal, Decimal]:
    """(euros, Canadian dollars) each side brings in `year`, as the plan sets them."""
    if year < 2009:
        return Decimal("100000"), Decimal("150000")
    if year == 2009:
        return Decimal("150000"), Decimal("225000")
    return Decimal("200000"), Decimal("300000")


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _user(username: str, **flags):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, last_name="(synthétique)", **flags)
        user.set_unusable_password()
        user.save()
    return user


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=PARIS)


def _envelopes(last_year: int) -> dict[tuple[str, int], Decimal]:
    """What remains to commit per (side, year), the plan's envelopes created where missing."""
    existing = set(Envelope.objects.values_list("side", "year"))
    missing = []
    for year in range(FIRST_YEAR, last_year + 1):
        eur, cad = plan_envelope(year)
        for side, amount, currency in ((Side.FRANCE, eur, "EUR"), (Side.QUEBEC, cad, "CAD")):
            if (side, year) not in existing:
                missing.append(Envelope(side=side, year=year, amount=amount, currency=currency,
                                        note="Jeu synthétique (seed_scale)"))
    _bulk(Envelope, missing)
    remaining = {(side, year): amount for side, year, amount in Envelope.objects.values_list("side", "year", "amount")}
    for row in Commitment.objects.order_by().values("side", "year").annotate(total=Sum("amount")):
        remaining[row["side"], row["year"]] -= row["total"]
    return remaining


def _calls(now: datetime.datetime, this_year: int, number: int) -> list[Call]:
    """Biennial calls from FIRST_YEAR, and one open now (for the years to come)."""
    calls = []
    for year in range(FIRST_YEAR, this_year + 1, 2):
        calls.append(Call(
            title=f"Appel à projets {year}-{year + 1} n° {number} (synthétique)", periodicity=Call.Periodicity.BIENNIAL,
            description="Appel synthétique pour les mesures de performance.",
            opens_at=_at(year - 1, 12, 1, 9), closes_at=_at(year, 3, 16), first_year=year, last_year=year + 1,
            cap_eur=Decimal("16000"), cap_cad=Decimal("20000"), follow_up_share=Decimal("5"),
            midterm_report_due=_at(year, 12, 15), final_report_due=_at(year + 2, 1, 31)))
    year = this_year + 1
    calls.append(Call(
        title=f"Appel à projets {year}-{year + 1} n° {number} (synthétique, ouvert)",
        periodicity=Call.Periodicity.BIENNIAL, description="Appel synthétique ouvert.",
        opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=45), first_year=year,
        last_year=year + 1, cap_eur=Decimal("16000"), cap_cad=Decimal("20000"), follow_up_share=Decimal("5"),
        midterm_report_due=_at(year, 12, 15), final_report_due=_at(year + 2, 1, 31)))
    return _bulk(Call, calls)


def seed_fund(*, applications: int, seed: int = 42, stdout=None) -> int:
    """Create the calls, envelopes and `applications` applications described above; returns
    the number of applications created. Moves the data version once."""
    rng = random.Random(seed)
    current = Collectivity.objects.current()
    # (id, name, territory) of each collectivity: bulk inserts copy what save() would.
    current = current.annotate(territory=region_of_expression()).order_by("pk")
    french = list(current.filter(side=Side.FRANCE).values_list("pk", "name", "territory"))
    quebec = list(current.filter(side=Side.QUEBEC).values_list("pk", "name", "territory"))
    if not french or not quebec or applications <= 0:
        return 0
    now = timezone.now()
    this_year = timezone.localdate().year
    secretariat = _user("fonds-secretariat-synthetique", is_secretariat=True)
    reviewers = [_user(f"fonds-evaluateur-{index}", is_fund_reviewer=True) for index in range(1, REVIEWERS + 1)]
    calls = _calls(now, this_year, Call.objects.count() + 1)
    remaining = _envelopes(max(call.last_year for call in calls))
    themes = _bulk(CallTheme, [CallTheme(call=call, title=title, position=position) for call in calls
                               for position, title in enumerate(rng.sample(THEMES, 4))])
    criteria = _bulk(Criterion, [Criterion(call=call, label=label, max_points=points, position=position)
                                 for call in calls for position, (label, points) in enumerate(CRITERIA)])
    themes_of, criteria_of = defaultdict(list), defaultdict(list)
    for theme in themes:
        themes_of[theme.call_id].append(theme.pk)
    for criterion in criteria:
        criteria_of[criterion.call_id].append(criterion)

    created = 0
    while created < applications:
        size = min(BATCH, applications - created)
        _seed_batch(rng, size, calls, french, quebec, themes_of, criteria_of, remaining, reviewers, secretariat,
                    now)
        created += size
        _write(stdout, f"{created} / {applications}")
    # Bulk inserts send no signal: the report's stored figures are rebuilt here, which
    # moves the data version the cached figures (the dashboard's too) are keyed on.
    refresh_all()
    return created


def _stage(rng, call: Call, now: datetime.datetime) -> str:
    weights = OPEN_STAGES if call.closes_at > now else CLOSED_STAGES
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _schedule(rng, call: Call) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal]]:
    """(year, fund EUR, fund CAD, own EUR, own CAD): within the caps, matched at least 1:1."""
    years = range(call.first_year, call.last_year + 1) if rng.random() < 0.7 else [call.first_year]
    rows = []
    for year in years:
        fund_eur = Decimal(rng.randrange(4000, 16001, 500))
        fund_cad = Decimal(rng.randrange(6000, 20001, 500))
        rows.append((year, fund_eur, fund_cad, fund_eur * Decimal(rng.choice(("1", "1.2", "1.5"))),
                     fund_cad * Decimal(rng.choice(("1", "1.25", "1.5")))))
    return rows


def _fundable(schedule, remaining) -> bool:
    return all(remaining.get((Side.FRANCE, year), 0) >= eur and remaining.get((Side.QUEBEC, year), 0) >= cad
               for year, eur, cad, _own_eur, _own_cad in schedule)


def _seed_batch(rng, size, calls, french, quebec, themes_of, criteria_of, remaining, reviewers, secretariat,
                now) -> None:
    plans, rows = [], []
    for _index in range(size):
        call = rng.choice(calls)
        lead_side = rng.choice(SIDES)
        lead = rng.choice(french if lead_side == Side.FRANCE else quebec)
        partner = rng.choice(quebec if lead_side == Side.FRANCE else french)
        schedule = _schedule(rng, call)
        stage = _stage(rng, call, now)
        if stage in FUNDED:
            if _fundable(schedule, remaining):
                for year, eur, cad, _own_eur, _own_cad in schedule:
                    remaining[Side.FRANCE, year] -= eur
                    remaining[Side.QUEBEC, year] -= cad
            else:  # the envelopes of those years are spent: the committee did not select it
                stage = Stage.NOT_SELECTED
        submitted = None
        if stage != Stage.DRAFT:
            window = (call.closes_at - call.opens_at).total_seconds()
            submitted = call.opens_at + datetime.timedelta(seconds=rng.uniform(0, min(window, (
                now - call.opens_at).total_seconds())))
        rows.append(Application(call=call, lead_id=lead[0], lead_side=lead_side, lead_region_id=lead[2],
                                title=f"{rng.choice(TOPICS)} : {lead[1]} – {partner[1]}"[:250],
                                summary="Demande synthétique pour les mesures de performance.", stage=stage,
                                submitted_at=submitted))
        plans.append({"call": call, "lead_side": lead_side, "partner": partner, "schedule": schedule})
    _bulk(Application, rows)

    co_applicants, locations, years, theme_links = [], [], [], []
    reviews, review_plans, decisions, commitments, disbursements, reports = [], [], [], [], [], []
    for application, plan in zip(rows, plans):
        call, stage = plan["call"], application.stage
        partner_side = Side.QUEBEC if plan["lead_side"] == Side.FRANCE else Side.FRANCE
        co_applicants.append(CoApplicant(application=application, collectivity_id=plan["partner"][0],
                                         side=partner_side, region_id=plan["partner"][2]))
        locations += [ActivityLocation(application=application, side=Side.FRANCE, place="France"),
                      ActivityLocation(application=application, side=Side.QUEBEC, place="Québec")]
        years += [ApplicationYear(application=application, year=year, fund_eur=eur, fund_cad=cad, own_eur=own_eur,
                                  own_cad=own_cad) for year, eur, cad, own_eur, own_cad in plan["schedule"]]
        theme_links += [Application.themes.through(application_id=application.pk, calltheme_id=pk)
                        for pk in rng.sample(themes_of[call.pk], rng.randint(1, 2))]
        if stage in REVIEWED:
            for position, reviewer in enumerate(rng.sample(reviewers, 2)):
                # Under review, the second reviewer has not handed in yet.
                handed_in = stage != Stage.UNDER_REVIEW or position == 0
                reviews.append(Review(application=application, reviewer=reviewer, comment="Évaluation synthétique.",
                                      submitted_at=application.submitted_at if handed_in else None))
                review_plans.append(handed_in)
        decided_on = call.closes_at + datetime.timedelta(days=60)
        if stage == Stage.REFUSED:
            decisions += [Decision(application=application, side=side, granted=False, decided_by=secretariat,
                                   reasons="Priorités de l'année.", decided_at=decided_on) for side in SIDES]
        if stage in FUNDED:
            decisions += [Decision(application=application, side=side, granted=True, decided_by=secretariat,
                                   decided_at=decided_on) for side in SIDES]
            paid_share = {Stage.IN_PROGRESS: Decimal("0.5"), Stage.MIDTERM_REPORT: Decimal("1"),
                          Stage.FINAL_REPORT: Decimal("1"), Stage.CLOSED: Decimal("1")}.get(stage)
            for index, (year, eur, cad, _own_eur, _own_cad) in enumerate(plan["schedule"]):
                for side, amount, currency in ((Side.FRANCE, eur, "EUR"), (Side.QUEBEC, cad, "CAD")):
                    commitments.append(Commitment(application=application, side=side, year=year, amount=amount,
                                                  currency=currency, committed_by=secretariat,
                                                  committed_at=decided_on))
                    # In progress: half of the first year; after the mid-term report, the
                    # first year; after the final report, everything.
                    first_only = stage in {Stage.IN_PROGRESS, Stage.MIDTERM_REPORT}
                    if paid_share and (index == 0 or not first_only):
                        disbursements.append(Disbursement(
                            application=application, side=side, year=year, currency=currency,
                            amount=(amount * paid_share).quantize(Decimal("0.01")),
                            paid_on=datetime.date(year, 7, 1), paid_by=secretariat))
            if stage in {Stage.MIDTERM_REPORT, Stage.FINAL_REPORT, Stage.CLOSED}:
                reports.append(Report(application=application, kind=Report.Kind.MIDTERM, sender_id=application.lead_id,
                                      received_on=datetime.date(call.first_year, 12, 10), recorded_by=secretariat))
            if stage in {Stage.FINAL_REPORT, Stage.CLOSED}:
                reports.append(Report(application=application, kind=Report.Kind.FINAL, sender_id=application.lead_id,
                                      received_on=datetime.date(call.last_year + 1, 1, 20), recorded_by=secretariat))
    _bulk(CoApplicant, co_applicants)
    _bulk(ActivityLocation, locations)
    _bulk(ApplicationYear, years)
    _bulk(Application.themes.through, theme_links)
    _bulk(Review, reviews)
    scores = []
    for review, handed_in in zip(reviews, review_plans):
        if handed_in:
            scores += [Score(review=review, criterion=criterion, points=rng.randint(criterion.max_points // 3,
                                                                                     criterion.max_points))
                       for criterion in criteria_of[review.application.call_id]]
    _bulk(Score, scores)
    _bulk(Decision, decisions)
    _bulk(Commitment, commitments)
    _bulk(Disbursement, disbursements)
    _bulk(Report, reports)
