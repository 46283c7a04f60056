"""Every main page on a desktop (1280 px) and on a phone (390 px), logged out and as the
editor or the secretariat where the page needs one: nothing scrolls sideways (a wide table
scrolls inside its own box), every aria-describedby and aria-labelledby names an element of
the page, every visible form control has a name, no label says the same thing twice, and
axe-core finds no violation of any impact.

Each page is loaded once, at 1280 px, checked, then narrowed to 390 px (the same document
laid out again) and checked again: one Chromium page load per page."""
import datetime

import pytest

from fund.tests.factories import make_application, make_call, make_envelopes
from governance.tests.conftest import add_members, make_action_item, make_body, make_decision, make_meeting
from matching.models import Interest
from matching.tests.factories import make_exchange as make_staff_exchange
from matching.tests.factories import make_posting, make_profile
from mobility.models import Target
from mobility.tests.conftest import make_exchange
from observatory.tests.conftest import make_practice
from plan.models import Axis, Piste
from projects.models import ExchangeRate, Project
from projects.tests.factories import fill_project, make_project
from registry.tests.records_data import *  # noqa: F403 (the registry's records and places)

from .fixtures import all_violations, log_in

WIDTHS = (1280, 390)

# What each page must hold, checked in the page: the ids that aria-describedby and
# aria-labelledby name, the form controls without a name, the labels that repeat
# themselves (« Région administrative (Région administrative) »), and the document's width.
PAGE_CHECKS = """() => {
  const problems = [];
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const name of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(name) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${el.id || el.name || el.tagName} : ${name} → #${id} absent`);
      }
    }
  }
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const text = el => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) || !visible(el)) continue;
    const named = [...(el.labels || [])].some(label => text(label))
      || (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(id => document.getElementById(id) && text(document.getElementById(id)))
      || (el.getAttribute('title') || '').trim();
    if (!named) problems.push(`${el.id || el.name} (${el.tagName.toLowerCase()}) : sans étiquette`);
  }
  for (const el of document.querySelectorAll('label, legend, option, summary, th, td, dt, dd, li, h1, span')) {
    const match = text(el).match(/^(.+?) (?:\\((.+)\\)|— (.+))$/);
    if (match && match[1].toLowerCase() === (match[2] || match[3]).toLowerCase()) problems.push(`étiquette redoublée : « ${text(el)} »`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    problems.push(`défilement horizontal : ${document.documentElement.scrollWidth} px pour ${window.innerWidth} (${wide.join(', ')})`);
  }
  return problems;
}"""


@pytest.fixture
def world(records, places, personas):
    """A little of everything, each page having rows to show: the registry's records
    (records_data), a public project of Lyon and Trois-Rivières with its partners, budget,
    activities and indicator, the fund's call with Lyon's draft and envelopes, profiles, an
    interest, postings, a practice, exchanges, a committee with a meeting."""
    lyon, trois_rivieres = places["lyon"], places["trois_rivieres"]
    places["mauricie"].designation = "Région administrative"  # as Québec's reference data says
    places["mauricie"].save()
    ExchangeRate.objects.create(valid_from="2024-01-01", cad_per_eur="1.4700", source="test")
    project = make_project(lyon, trois_rivieres, title="Écoquartiers partagés", is_public=True,
                           status=Project.Status.ONGOING)
    fill_project(project, author=personas["lyon"], territory=lyon, piste=Piste.objects.get(code="dd-1"),
                 theme=Axis.objects.get(slug="tourisme"))
    foreign = make_project(trois_rivieres, title="Forêts boréales", is_public=True)

    call = make_call(coordinators=[(places["ara"], places["ara"]), (places["mauricie"], "CRÉ de la Mauricie")])
    application = make_application(call, lyon, trois_rivieres)
    make_envelopes(2026, 2027)

    themes = [Axis.objects.get(slug="tourisme")]
    lyon_profile = make_profile(lyon, themes=themes, offers="Des résidences d'artistes.", seeks="Un festival.")
    tr_profile = make_profile(trois_rivieres, themes=themes, offers="Un festival de poésie.")
    interest = Interest.objects.create(sender=lyon_profile, recipient=tr_profile, message="Parlons-en.",
                                       sent_by=personas["lyon"])
    make_posting(lyon_profile, themes=themes)
    make_staff_exchange(tr_profile, themes=themes)

    practice = make_practice(lyon, trois_rivieres, title="Gestion concertée des bassins versants",
                             body="Un comité de bassin versant réunit élus et agriculteurs.")
    make_exchange(lyon, trois_rivieres, participants=12, title="Stages d'urbanisme")
    Target.objects.create(year=2009, max_imbalance=5)

    committee = make_body()
    add_members(committee, 2, 2)
    meeting = make_meeting(committee, agenda="1. Bilan\n2. Fonds", minutes="Le comité a siégé.")
    make_action_item(decision=make_decision(meeting), text="Rédiger le mandat", due=datetime.date(2009, 12, 15))
    return {"project": project, "foreign": foreign, "call": call, "application": application,
            "lyon_profile": lyon_profile, "tr_profile": tr_profile, "interest": interest, "practice": practice,
            "meeting": meeting, "agreement": records["ra8"], "twinning": records["annecy"]}


# section → [(persona or None, [path or (path, expected status)])]; paths may name the
# world's records: {project}, {call}...
SECTIONS = {
    "accueil et comptes": [
        (None, ["/", "/comptes/connexion/", ("/page-qui-n-existe-pas/", 404)]),
        ("lyon", ["/mon-espace/", "/comptes/profil/", ("/projets/{foreign}/modifier/", 403)]),
    ],
    "collectivités": [
        (None, ["/collectivites/", "/collectivites/?q=lyon", "/collectivites/fr/region/84/",
                "/collectivites/fr/commune/69123/",
                "/collectivites/?side=qc", "/collectivites/qc/region/04/"]),
    ],
    "projets": [
        (None, ["/projets/", "/projets/?status=en_cours&piste=dd-1", "/projets/{project}/"]),
        ("lyon", ["/projets/nouveau/", "/projets/{project}/modifier/", "/projets/{project}/"]),
        ("secretariat", ["/projets/publication/a-decider/", "/projets/mesures/a-valider/"]),
    ],
    "plan et tableau de bord": [
        (None, ["/plan/", "/plan/2008-2010/", "/plan/2008-2010/pistes/dd-1/", "/tableau-de-bord/"]),
        ("secretariat", ["/plan/2008-2010/pistes/dd-1/"]),
    ],
    "fonds": [
        (None, ["/fonds/", "/fonds/appels/{call}/", "/fonds/enveloppes/", "/fonds/bilan/"]),
        ("lyon", ["/fonds/appels/{call}/candidater/", "/fonds/mes-candidatures/", "/fonds/demandes/{application}/modifier/"]),
        ("secretariat", ["/fonds/demandes/", "/fonds/demandes/{application}/", "/fonds/evaluations/"]),
    ],
    "ententes et jumelages": [
        (None, ["/ententes-jumelages/", "/ententes-jumelages/ententes/", "/ententes-jumelages/jumelages/?status=actif",
                "/ententes-jumelages/ententes/{agreement}/", "/ententes-jumelages/jumelages/{twinning}/",
                "/ententes-jumelages/complementarite/?side=fr&code=69123", "/ententes-jumelages/croissance/",
                "/ententes-jumelages/carte/"]),
        ("lyon", ["/ententes-jumelages/jumelages/nouveau/"]),
        ("secretariat", ["/ententes-jumelages/ententes/nouvelle/"]),
    ],
    "partenaires": [
        (None, ["/partenaires/", "/partenaires/bourse/", "/partenaires/echanges/", "/partenaires/profils/{tr_profile}/"]),
        ("lyon", ["/partenaires/mon-espace/", "/partenaires/suggestions/", "/partenaires/profils/{lyon_profile}/modifier/",
                  "/partenaires/interets/{interest}/"]),
    ],
    "observatoire": [
        (None, ["/observatoire/", "/observatoire/pratiques/{practice}/", "/observatoire/recherche/?q=bassin"]),
        ("lyon", ["/observatoire/pratiques/nouvelle/"]),
    ],
    "mobilité": [
        (None, ["/mobilite/", "/mobilite/?year=2009&direction=fr_to_qc", "/mobilite/bilan/?year=2009"]),
        ("lyon", ["/mobilite/echanges/nouveau/"]),
        ("secretariat", ["/mobilite/objectifs/2009/"]),
    ],
    "gouvernance": [
        (None, ["/gouvernance/", "/gouvernance/instances/comite-technique/", "/gouvernance/reunions/",
                "/gouvernance/reunions/{meeting}/", "/gouvernance/actions/en-retard/"]),
        ("secretariat", ["/gouvernance/reunions/nouvelle/", "/gouvernance/reunions/{meeting}/modifier/"]),
    ],
}


# Forms also checked once sent empty, their errors shown.
SENT_EMPTY = {"/projets/nouveau/", "/mobilite/echanges/nouveau/", "/gouvernance/reunions/nouvelle/"}


def check_page(page, label: str) -> list[str]:
    return [f"{label} — {problem}" for problem in page.evaluate(PAGE_CHECKS) + all_violations(page)]


def check_at_both_widths(page, label: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += check_page(page, f"{label}, {width} px)")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return problems


@pytest.mark.parametrize("section", SECTIONS)
def test_the_main_pages_read_on_a_desktop_and_a_phone(page, world, section):
    ids = {name: getattr(value, "pk", value) for name, value in world.items()}
    problems = []
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    for persona, paths in SECTIONS[section]:
        if persona:
            log_in(page, persona)
        for entry in paths:
            path, status = entry if isinstance(entry, tuple) else (entry, 200)
            path = path.format(**ids)
            response = page.goto(path)
            assert response.status == status, f"{path} ({persona or 'anonyme'}) : {response.status}"
            problems += check_at_both_widths(page, f"{path} ({persona or 'anonyme'}")
            if path in SENT_EMPTY:
                # The form sent as it is: its mistakes shown beside the fields they describe.
                with page.expect_navigation():
                    page.locator("main form[method=post] button[type=submit]").first.click()
                assert page.get_by_role("alert").count(), path
                problems += check_at_both_widths(page, f"{path} envoyé vide ({persona}")
    assert problems == [], "\n".join(problems)
