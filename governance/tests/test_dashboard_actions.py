"""The tableau de bord follows the action items (governance.figures): by status, for the
meetings the reader may read, kept current by the declared read model."""
import datetime
import re

import pytest

from governance.figures import action_figures
from governance.models import ActionItem

from .conftest import make_action_item, make_decision, make_meeting

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2010, 4, 15)


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1)


@pytest.fixture
def items(committee):
    published = make_meeting(committee)
    hidden = make_meeting(committee, title="Réunion préparatoire", published=False)
    return {
        "late": make_action_item(meeting=published, text="Rédiger le bilan", due=datetime.date(2010, 3, 31)),
        "open": make_action_item(decision=make_decision(published), text="Lancer l'appel", due=datetime.date(2010, 6, 1)),
        "done": make_action_item(meeting=published, text="Réunir les partenaires", done=True),
        "hidden": make_action_item(meeting=hidden, text="Note interne", due=datetime.date(2010, 3, 1)),
    }


def test_the_items_are_counted_by_status_for_the_meetings_the_reader_may_read(items, personas):
    public = action_figures(None, today=TODAY)
    assert (public.open, public.late, public.done) == (1, 1, 1)
    assert [item.text for item in public.next_due] == ["Rédiger le bilan", "Lancer l'appel"]
    assert [item.late for item in public.next_due] == [True, False]
    committee = action_figures(personas["committee"], today=TODAY)
    assert (committee.open, committee.late, committee.done) == (1, 2, 1)
    assert committee.next_due[0].text == "Note interne"


def test_the_dashboard_shows_them_and_follows_a_change_at_once(client, items, django_assert_max_num_queries):
    html = client.get("/tableau-de-bord/").content.decode()
    # Today (2026) every open item of 2010 is late.
    assert (figure(html, "actions-open"), figure(html, "actions-late"), figure(html, "actions-done")) == ("0", "2", "1")
    assert "Rédiger le bilan" in html and "Note interne" not in html
    item = ActionItem.objects.get(pk=items["late"].pk)
    item.is_done = True
    item.save()
    html = client.get("/tableau-de-bord/").content.decode()
    assert (figure(html, "actions-late"), figure(html, "actions-done")) == ("1", "2")
