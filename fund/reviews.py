"""What each reader sees of the reviews: a reviewer sees the others' scores only once their
own is in; the committee and the secretariat see every submitted review, with totals,
averages and spread (`summary`)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from .models import Application, Criterion, Review, Score

TWO_PLACES = Decimal("0.01")


def _reviews(application: Application, every: list[Review] | None = None) -> list[Review]:
    """The submitted reviews, first handed in first; from `every` (all the application's
    reviews with their reviewer and scores, as Application.objects.for_detail() reads
    them) if given, else in two queries."""
    if every is not None:
        return sorted((review for review in every if review.is_submitted), key=lambda r: (r.submitted_at, r.pk))
    return list(application.reviews.filter(submitted_at__isnull=False).select_related("reviewer").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))).order_by("submitted_at", "pk"))


def visible_reviews(application: Application, user, every: list[Review] | None = None) -> list[Review]:
    """The submitted reviews whose scores `user` may read: all of them for the secretariat
    and the committees; for a reviewer of this application, their own, and the others'
    only once their own is submitted; nothing for anyone else. `every`: as `_reviews`."""
    if not user or not user.is_authenticated:
        return []
    if user.is_secretariat or user.is_superuser or user.is_committee_member:
        return _reviews(application, every)
    if every is not None:
        own = next((r for r in every if r.reviewer_id == user.pk and not r.conflict_of_interest), None)
    else:
        own = application.reviews.filter(reviewer=user, conflict_of_interest=False).first()
    if own is None or not own.is_submitted:
        return []
    return _reviews(application, every)


def weighted_total(review: Review) -> Decimal:
    """Σ points × weight of the criterion."""
    return sum((Decimal(score.points) * score.criterion.weight for score in review.scores.all()), Decimal("0"))


def maximum_total(criteria) -> Decimal:
    return sum((Decimal(criterion.max_points) * criterion.weight for criterion in criteria), Decimal("0"))


@dataclass(frozen=True)
class CriterionSummary:
    criterion: Criterion
    average: Decimal | None
    minimum: int | None
    maximum: int | None


@dataclass(frozen=True)
class Summary:
    """The committee's view: each review's weighted total, their average, lowest, highest
    and spread (highest − lowest), and per criterion the average, lowest and highest."""

    reviews: int
    totals: list[Decimal]
    out_of: Decimal
    average: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    spread: Decimal | None
    criteria: list[CriterionSummary]


def _average(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)


def summary(application: Application, every: list[Review] | None = None) -> Summary:
    """`every`: as `_reviews`."""
    reviews = _reviews(application, every)
    criteria = list(Criterion.objects.filter(call_id=application.call_id).order_by("position", "pk"))
    totals = [weighted_total(review) for review in reviews]
    per_criterion = []
    for criterion in criteria:
        points = [score.points for review in reviews for score in review.scores.all()
                  if score.criterion_id == criterion.pk]
        per_criterion.append(CriterionSummary(criterion, _average(Decimal(p) for p in points),
                                              min(points, default=None), max(points, default=None)))
    return Summary(
        reviews=len(reviews), totals=totals, out_of=maximum_total(criteria), average=_average(totals),
        minimum=min(totals, default=None), maximum=max(totals, default=None),
        spread=(max(totals) - min(totals)) if totals else None, criteria=per_criterion)
