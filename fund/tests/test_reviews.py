from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fund import actions, reviews
from fund.models import Application, Review, Stage

from .conftest import scores

pytestmark = pytest.mark.django_db


def test_a_reviewer_attached_to_a_partner_collectivity_cannot_review_it(under_review, personas, django_user_model,
                                                                         trois_rivieres_ville):
    attached = django_user_model.objects.create_user("attached", is_fund_reviewer=True)
    attached.memberships.create(collectivity=trois_rivieres_ville)
    with pytest.raises(ValidationError) as error:
        actions.assign_reviewer(under_review, reviewer=attached, by=personas["secretariat"])
    assert error.value.message_dict["reviewer"] == [
        "attached est rattaché à Trois-Rivières, demandeur de « Jeunes ambassadeurs » : conflit d'intérêts, cette "
        "personne ne peut pas l'évaluer."]


def test_a_reviewer_attached_after_the_assignment_cannot_score(under_review, personas, lyon_commune):
    reviewer = personas["reviewer"]
    reviewer.memberships.create(collectivity=lyon_commune)
    review = Review.objects.get(reviewer=reviewer)
    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        actions.submit_review(review, by=reviewer, scores=scores(under_review, 10, 5))


def test_only_fund_reviewers_are_assigned_by_the_secretariat(under_review, personas):
    with pytest.raises(ValidationError, match="n'est pas évaluateur du Fonds"):
        actions.assign_reviewer(under_review, reviewer=personas["outsider"], by=personas["secretariat"])
    with pytest.raises(PermissionDenied):
        actions.assign_reviewer(under_review, reviewer=personas["reviewer"], by=personas["committee"])


def test_a_declared_conflict_ends_the_review_and_hides_the_application(under_review, personas):
    reviewer = personas["reviewer"]
    review = Review.objects.get(reviewer=reviewer)
    assert Application.objects.visible_to(reviewer).count() == 1
    actions.declare_conflict(review, by=reviewer, note="Ancien employé de la Ville de Lyon")
    assert Application.objects.visible_to(reviewer).count() == 0
    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        actions.submit_review(review, by=reviewer, scores=scores(under_review, 10, 5))


def test_scores_follow_the_grid(under_review, personas):
    reviewer = personas["reviewer"]
    review = Review.objects.get(reviewer=reviewer)
    with pytest.raises(ValidationError) as error:
        actions.submit_review(review, by=reviewer, scores=scores(under_review, 21))
    assert error.value.message_dict["scores"] == [
        "Critère « Intérêt pour les deux territoires » : de 0 à 20 points (reçu 21).",
        "Notez le critère « Qualité du partenariat ».",
    ]
    with pytest.raises(PermissionDenied):
        actions.submit_review(review, by=personas["secretariat"], scores=scores(under_review, 10, 5))


def test_reviewers_see_the_others_scores_only_once_theirs_is_in(under_review, personas, second_reviewer):
    reviewer = personas["reviewer"]
    actions.submit_review(Review.objects.get(reviewer=second_reviewer), by=second_reviewer,
                          scores=scores(under_review, 18, 9))
    assert reviews.visible_reviews(under_review, reviewer) == []
    assert len(reviews.visible_reviews(under_review, second_reviewer)) == 1
    actions.submit_review(Review.objects.get(reviewer=reviewer), by=reviewer, scores=scores(under_review, 10, 4))
    assert len(reviews.visible_reviews(under_review, reviewer)) == 2
    assert len(reviews.visible_reviews(under_review, personas["committee"])) == 2
    assert reviews.visible_reviews(under_review, personas["lyon"]) == []
    assert reviews.visible_reviews(under_review, personas["outsider"]) == []


def test_the_committee_sees_totals_averages_and_spread(under_review, personas, second_reviewer):
    actions.submit_review(Review.objects.get(reviewer=second_reviewer), by=second_reviewer,
                          scores=scores(under_review, 18, 9))  # 18 + 9 × 2 = 36
    actions.submit_review(Review.objects.get(reviewer=personas["reviewer"]), by=personas["reviewer"],
                          scores=scores(under_review, 10, 4))  # 10 + 4 × 2 = 18
    summary = reviews.summary(under_review)
    assert summary.reviews == 2
    assert sorted(summary.totals) == [Decimal("18"), Decimal("36")]
    assert summary.out_of == Decimal("40")  # 20 + 10 × 2
    assert (summary.average, summary.minimum, summary.maximum, summary.spread) == (
        Decimal("27.00"), Decimal("18"), Decimal("36"), Decimal("18"))
    first = summary.criteria[0]
    assert (first.average, first.minimum, first.maximum) == (Decimal("14.00"), 10, 18)


def test_the_committee_selects_once_a_review_is_in(under_review, personas):
    with pytest.raises(ValidationError, match="Aucune évaluation n'est encore remise"):
        actions.select(under_review, by=personas["committee"])
    actions.submit_review(Review.objects.get(reviewer=personas["reviewer"]), by=personas["reviewer"],
                          scores=scores(under_review, 10, 4))
    with pytest.raises(PermissionDenied, match="réservé aux membres du comité et au secrétariat"):
        actions.select(under_review, by=personas["reviewer"])
    actions.select(under_review, by=personas["committee"])
    under_review.refresh_from_db()
    assert under_review.stage == Stage.SELECTED
