from governance import demo
from governance.models import ActionItem, Body, Decision, Meeting, Membership, parity_is_broken, proposed_side


def test_the_demo_loads_the_bodies_and_the_meetings_and_runs_again(db):
    assert demo.load_demo() == "4 instances, 3 réunions et événements, 3 actions"
    assert demo.load_demo() == "4 instances, 3 réunions et événements, 3 actions"
    assert (Body.objects.count(), Membership.objects.count(), Meeting.objects.count(), Decision.objects.count(),
            ActionItem.objects.count()) == (4, 18, 3, 4, 3)
    committee = Body.objects.get(slug="comite-technique")
    assert not parity_is_broken(committee.memberships.current())
    sides = list(Meeting.objects.filter(body=committee).order_by("starts_at").values_list("side", flat=True))
    assert sides == ["fr", "qc"] and proposed_side(committee) == "fr"
    assert Meeting.objects.get(kind="event").title.startswith("Assises")
