"""The dashboard read at a glance: the key figures at the top equal the aggregates the rest
of the page shows; each active filter is a chip that links to the page without it; the
detail is folded by axis, the pistes without project folded apart."""
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from core.templatetags.money import money
from dashboard.aggregates import Filters, build_dashboard
from mobility.models import Direction, Exchange, ExchangeKind
from registry.models import Twinning

from .test_dashboard_page import URL, figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(world):
    """Twinnings of each activity (one unpublished) and exchanges each way."""
    active = Twinning.objects.create(french=world.lyon, quebec=world.trois_rivieres, since_year=1990)
    Twinning.objects.create(french=world.nantes, quebec=world.trois_rivieres, since_year=2001,
                            status=Twinning.Status.DORMANT)
    Twinning.objects.create(french=world.lyon, quebec=world.trois_rivieres, kind=Twinning.Kind.FRIENDSHIP,
                            is_published=False)
    for direction, participants, year in [(Direction.FR_TO_QC, 12, 2009), (Direction.QC_TO_FR, 5, 2009),
                                          (Direction.FR_TO_QC, 3, 2010)]:
        Exchange.objects.create(title="Stage", kind=ExchangeKind.INTERNSHIP, direction=direction,
                                participants=participants, start_date=date(year, 3, 1))
    return active


def glance(html: str) -> str:
    """The key figures block."""
    start = html.index('id="en-bref"')
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize("user", [None, "committee"])
@pytest.mark.parametrize("filters", [{}, {"year": 2009}])
def test_the_key_figures_equal_the_aggregates_of_the_page(client, world, linked, user, filters):
    if user:
        client.force_login(world.personas[user])
    html = client.get(URL, filters).content.decode()
    board = build_dashboard(world.personas[user] if user else None, Filters(plan=world.plan, **filters))
    block = glance(html)
    rate = board.budgets.rate
    assert figure(block, "key-projects") == figure(html, "total") == str(board.overall.total)
    assert figure(block, "key-total-eur") == figure(html, "total-eur")
    assert figure(block, "key-total-cad") == figure(html, "total-cad")
    for side in board.budgets.by_side:
        expected = f"≈ {money(side.amounts.in_eur(rate), 'EUR')}".replace("\u00a0", " ").replace("\u202f", " ")
        assert figure(block, f"key-budget-{side.side or 'none'}") == expected
    covered = sum(1 for axis in board.axes for row in axis.pistes if row.counts.total)
    assert figure(block, "key-pistes-covered") == str(covered)
    assert f"sur {board.piste_count} pistes" in block
    reached = sum(int(figure(html, f"reached-{row.category}")) for row in board.outcomes)
    assert figure(block, "key-outcomes-reached") == str(reached)
    visible = Twinning.objects.visible_to(world.personas[user]) if user else Twinning.objects.filter(is_published=True)
    assert figure(block, "key-twinnings") == str(visible.filter(status=Twinning.Status.ACTIVE).count())
    assert f"sur {visible.count()} jumelages" in block
    assert figure(block, "key-mobility-fr-qc") == str(sum(row.fr_to_qc for row in board.mobility))
    assert figure(block, "key-mobility-qc-fr") == str(sum(row.qc_to_fr for row in board.mobility))
    assert figure(block, "key-mobility-imbalance") == str(
        sum(row.fr_to_qc - row.qc_to_fr for row in board.mobility))
    # The fund's year: 2009, the latest year with an envelope (or the year filtered).
    for row in board.fund:
        assert figure(block, f"key-fund-{row.side}") == figure(html, f"fund-2009-{row.side}-amount")
    assert "Fonds franco-québécois 2009" in block


def test_the_key_figures_are_a_description_list_readable_without_script(client, world, linked):
    block = glance(client.get(URL).content.decode())
    assert "<dl class=\"glance\">" in block
    labels = re.findall(r"<dt>(.*?)</dt>", block, re.S)
    assert [unescape(label).strip() for label in labels] == [
        "Projets", "Budget par côté du financeur", "Pistes couvertes", "Cibles de retombées atteintes",
        "Fonds franco-québécois 2009", "Jumelages actifs", "Mobilité, toutes années (participants)",
    ]
    assert block.count("<dd>") == len(labels)
    assert "<script" not in block


def test_the_converted_total_names_the_rate_and_its_date(client, world):
    block = unescape(glance(client.get(URL).content.decode())).replace("\u00a0", " ")
    assert "au taux de 1,4700 $ CA pour 1 €, en vigueur depuis le 1 janvier 2024" in block
    block_2007 = unescape(glance(client.get(URL, {"year": 2007}).content.decode())).replace("\u00a0", " ")
    assert "au taux de 1,5000 $ CA pour 1 €, convention du plan d'action (aucun taux en vigueur au 1 janvier 2007)" \
        in block_2007


def test_the_twinnings_follow_the_region_filter(client, world, linked):
    client.force_login(world.personas["committee"])
    html = client.get(URL, {"region": world.capitale.pk}).content.decode()
    # Every twinning is with Trois-Rivières, in Mauricie: none in the Capitale-Nationale.
    assert figure(glance(html), "key-twinnings") == "0"
    html = client.get(URL, {"region": world.mauricie.pk}).content.decode()
    assert figure(glance(html), "key-twinnings") == "2"  # the committee reads the unpublished one too
    assert "region=qc:04" in unescape(glance(html))


def chips(html: str) -> dict[str, str]:
    """{name: href} of the chips of the active filters."""
    return {name: unescape(href) for href, name in re.findall(r'<a class="chip" href="([^"]*)" data-chip="([^"]*)"', html)}


def test_each_active_filter_is_a_chip_linking_to_the_page_without_it(client, world):
    client.force_login(world.personas["committee"])
    params = {"year": "2009", "side": "qc", "region": str(world.mauricie.pk), "theme": "ruralite",
              "status": "en_cours", "plan": "2008-2010"}
    raw = client.get(URL, params).content.decode()
    found, html = chips(raw), unescape(raw)
    assert set(found) == set(params)
    for name, href in found.items():
        url = urlsplit(href)
        assert url.path == URL
        left = {key: values[0] for key, values in parse_qs(url.query).items()}
        assert left == {key: value for key, value in params.items() if key != name}
    assert "Année : 2009" in html and "Côté : Québec" in html and "Région : Mauricie (Québec)" in html
    assert "Thème : Ruralité" in html and "État du projet : En cours" in html
    assert "Plan d'action : Plan d'action 2008-2010" in html
    assert 'aria-label="Retirer le filtre Année : 2009"' in html
    assert f'<a href="{URL}" data-chip="all">Tout effacer</a>' in html


def test_removing_a_chip_removes_only_that_filter(client, world):
    client.force_login(world.personas["committee"])
    html = client.get(URL, {"year": "2009", "status": "en_cours"}).content.decode()
    without_year = client.get(chips(html)["year"]).content.decode()
    assert set(chips(without_year)) == {"status"}
    assert figure(without_year, "total") == figure(client.get(URL, {"status": "en_cours"}).content.decode(), "total")


def test_no_filter_no_chip_and_an_invalid_filter_makes_none(client, world):
    html = client.get(URL).content.decode()
    assert 'data-chip=' not in html
    html = client.get(URL, {"year": "deux-mille", "side": "fr"}).content.decode()
    assert set(chips(html)) == {"side"}
    assert chips(html)["side"] == URL


def test_the_detail_is_folded_by_axis_and_the_pistes_without_project_apart(client, world):
    html = client.get(URL).content.decode()
    section = html[html.index('id="axes"'):html.index('id="annees-title"')]
    folds = re.findall(r'<details class="axis-detail">\s*<summary>(.*?)</summary>', section, re.S)
    summaries = [" ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) for text in folds]
    assert summaries == [
        "Développement durable — 1 projet, 2 pistes sur 3 avec un projet",
        "Culture et identité — 1 projet, 1 piste sur 2 avec un projet",
    ]
    # The public sees Écoquartiers (dd-1, dd-2) and Patrimoine (ci-1): dd-3 and ci-2 have none.
    empty = re.findall(r'<details class="zero-rows">\s*<summary>(.*?)</summary>(.*?)</details>', section, re.S)
    assert [summary.strip() for summary, _rows in empty] == ["1 piste sans projet", "1 piste sans projet"]
    assert 'data-figure="piste-dd-3"' in empty[0][1] and 'data-figure="piste-dd-1"' not in empty[0][1]
    assert 'data-figure="piste-ci-2"' in empty[1][1]


def test_axes_without_active_project_are_folded_in_the_year_table(client, world):
    html = client.get(URL, {"year": 2009}).content.decode()
    section = html[html.index('id="annees-title"'):html.index('id="budgets"')]
    # In 2009 Culture et identité has no active project (Patrimoine ended in 2008).
    summary = re.search(r'<details class="zero-rows">\s*<summary>(.*?)</summary>(.*?)</details>', section, re.S)
    assert summary.group(1).strip() == "1 axe sans projet actif ces années-là"
    assert "Culture et identité" in summary.group(2)
    assert "Développement durable" not in summary.group(2)
