"""The rows of the dashboard's large tables: links, labels, escaping and numbers."""
import re
from html import escape, unescape
from urllib.parse import quote_plus

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboard.aggregates import Filters, StatusCounts, build_dashboard
from dashboard.tables import ListLinks, dashboard_tables
from plan.models import Piste

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[tuple[str, str, str]]:
    """(href, aria-label, text) of each link of a row."""
    return [
        (unescape(href), unescape(label), text)
        for href, label, text in re.findall(r'<a href="([^"]*)"(?: aria-label="([^"]*)")?[^>]*>([^<]*)</a>', html)
    ]


def piste_row(tables: dict, code: str) -> str:
    for table in tables["pistes"]:
        for row in (table.rows + "\n" + table.empty_rows).split("\n"):
            if f'<span class="code">{code}</span>' in row:
                return row
    raise AssertionError(f"no row for {code}")


def test_a_piste_links_its_figures_to_the_list_with_the_page_filters(world):
    filters = Filters(plan=world.plan, year=2009, side="fr")
    tables = dashboard_tables(build_dashboard(world.personas["committee"], filters))
    links = cells(piste_row(tables, "dd-1"))
    assert links[0][0] == "/projets/?year=2009&side=fr&piste=dd-1"
    assert [href for href, _label, _text in links[1:]] == [
        f"/projets/?year=2009&side=fr&piste=dd-1&status={status}"
        for status in ["prevu", "en_cours", "suspendu", "termine", "abandonne"]
    ]


def test_a_status_filter_of_the_page_is_replaced_in_place_by_the_cell_status(world):
    filters = Filters(plan=world.plan, status="en_cours")
    tables = dashboard_tables(build_dashboard(world.personas["committee"], filters))
    href, _label, _text = cells(piste_row(tables, "dd-1"))[4]
    assert href == "/projets/?status=termine&piste=dd-1"


def test_each_piste_figure_is_named_by_the_piste_and_the_status(world):
    tables = dashboard_tables(build_dashboard(world.personas["committee"], Filters(plan=world.plan)))
    links = cells(piste_row(tables, "dd-1"))
    assert [(label, text) for _href, label, text in links] == [
        ("", "2"), ("dd-1, Prévu : 1", "1"), ("dd-1, En cours : 1", "1"), ("dd-1, Suspendu : 0", "0"),
        ("dd-1, Terminé : 0", "0"), ("dd-1, Abandonné : 0", "0"),
    ]


def test_piste_texts_and_axis_titles_are_escaped(world):
    Piste.objects.filter(pk=world.pistes["dd-1"].pk).update(text='<script>alert("x")</script> & co')
    world.dd.title = "Durable <b>& vert</b>"
    world.dd.save()
    tables = dashboard_tables(build_dashboard(None, Filters(plan=world.plan)))
    row = piste_row(tables, "dd-1")
    assert "<script>" not in row
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</th>" in row
    assert "<b>" not in tables["years"] + tables["progress"]
    assert '<th scope="row">Durable &lt;b&gt;&amp; vert&lt;/b&gt;</th>' in tables["years"]
    assert 'aria-label="Durable &lt;b&gt;&amp; vert&lt;/b&gt;, 2009 : 1"' in tables["years"]


def test_long_piste_texts_are_cut_like_the_template_cut_them(world):
    text = "Coopération & échanges " * 10
    Piste.objects.filter(pk=world.pistes["dd-2"].pk).update(text=text)
    tables = dashboard_tables(build_dashboard(None, Filters(plan=world.plan)))
    expected = Template("{{ text|truncatechars:110 }}").render(Context({"text": text}))
    assert f"</span> {expected}</th>" in piste_row(tables, "dd-2")


def test_the_year_table_links_each_year_of_each_axis(world):
    tables = dashboard_tables(build_dashboard(world.personas["committee"], Filters(plan=world.plan, side="qc")))
    dd = tables["years"].split("\n")[0]
    assert ("/projets/?side=qc&axis=dd&year=2009", "Développement durable, 2009 : 1", "1") in cells(dd)


def test_regions_link_their_projects_but_a_missing_region_is_named_and_not_linked(world):
    tables = dashboard_tables(build_dashboard(world.personas["committee"], Filters(plan=world.plan)))
    rows = tables["regions"].split("\n")
    mauricie = next(row for row in rows if "Mauricie" in row)
    assert cells(mauricie) == [(f"/projets/?region={world.mauricie.pk}", "", "2")]
    assert mauricie.startswith("<tr><td>Québec</td>")
    unnamed = next(row for row in rows if "Région non renseignée" in row)
    assert "<a " not in unnamed
    assert 'data-figure="region-partners-None"' in unnamed


def test_counts_are_written_as_the_template_writes_numbers(world):
    board = build_dashboard(None, Filters(plan=world.plan))
    board.axes[0].pistes[0].counts = StatusCounts(total=1234567)
    for language in ["fr", "fr-ca"]:
        with translation.override(language):
            written = Template("{{ n }}").render(Context({"n": 1234567}))
            assert f'data-figure="piste-dd-1">{written}</a>' in piste_row(dashboard_tables(board), "dd-1")


@pytest.mark.parametrize("filters", [
    {}, {"year": 2009}, {"status": "termine"}, {"side": "fr", "theme": "ruralité & co"},
    {"year": 2009, "status": "prevu"}, {"region": "ara", "side": "fr"},
])
@pytest.mark.parametrize("params", [
    {"piste": "dd-1"}, {"piste": "a b&c", "status": "en_cours"}, {"axis": "dd", "year": 2009}, {"status": "prevu"},
    {"region": 12},
])
def test_a_pattern_gives_the_escaped_address_of_href(world, filters, params):
    if "region" in filters:
        filters = {**filters, "region": world.ara}
    links = ListLinks(Filters(plan=world.plan, **filters))
    pattern = links.pattern(*params)
    quoted = {key: quote_plus(str(value)) for key, value in params.items()}
    assert pattern.format(**quoted) == escape(links.href(**params))


def test_an_empty_value_removes_a_filter_from_the_address(world):
    links = ListLinks(Filters(plan=world.plan, year=2009, side="fr"))
    assert links.href(year="") == "/projets/?side=fr"
    assert links.href(year=None, side=None) == "/projets/"


def test_projects_to_watch_link_their_page_and_escape_their_title(world):
    world.sans_piste.title = "Sans <piste> & co"
    world.sans_piste.save()
    tables = dashboard_tables(build_dashboard(world.personas["committee"], Filters(plan=world.plan)))
    row = next(row for row in tables["attention"].split("\n") if "Sans" in row)
    assert f'<a href="/projets/{world.sans_piste.pk}/">Sans &lt;piste&gt; &amp; co</a>' in row
    assert "<td>En cours</td>" in row
    # Trois-Rivières is its only partner.
    assert "<li>Pas de partenaire à la fois français et québécois</li>" in row
