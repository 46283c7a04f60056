"""Every piste of the 2008-2010 document is in the database, word for word.

The document (/work/shared/plan) is parsed here on its own, without the data file, following
the reading documented in plan/data/README.md; then the loaded plan is compared with it,
whitespace being the only thing normalised (plus the document's Markdown markup)."""
import re
from pathlib import Path

import pytest

from plan.models import Axis, Piste

# shared/ lies beside the working tree, here and in CI.
DOCUMENT = Path(__file__).resolve().parents[3] / "shared" / "plan" / "plan-d-action-2008-2010.md"

AXES = ["Développement durable", "Culture et identité", "Innovation et développement social",
        "Nouvelles voies de la coopération décentralisée"]
PISTE_SECTIONS = ("Piste de coopération 2008-2010", "Pistes et projets de coopération 2008-2010",
                  "Pistes de coopération 2008-2010", "Perspectives nouvelles")


def normalise(text: str) -> str:
    text = text.replace("<sup>e</sup>", "e").replace("<sup>me</sup>", "me").replace("\\$", "$").replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def sections(lines: list[str], level: int) -> dict[str, list[str]]:
    """Title → lines, for the headings of exactly `level` #."""
    found, current = {}, None
    marker = "#" * level + " "
    for line in lines:
        if line.startswith(marker):
            current = normalise(line[len(marker):])
            found[current] = []
        elif line.startswith("#") and len(line) - len(line.lstrip("#")) < level:
            current = None
        elif current is not None:
            found[current].append(line)
    return found


def bullets(lines: list[str]) -> list[str]:
    return [normalise(line[2:]).removesuffix(";").rstrip() for line in lines if line.startswith("- ")]


def paragraphs(lines: list[str]) -> list[str]:
    text = "\n".join(line for line in lines if line.strip() != "---")
    return [normalise(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def expected_plan():
    """[(axis title, kind, [(heading, text)])] as the document says."""
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    level2 = sections(lines, 2)
    plan = []
    for title in AXES:
        pistes = []
        for sub, sub_lines in sections(level2[title], 3).items():
            if sub not in PISTE_SECTIONS:
                continue
            headed = sections(sub_lines, 4)
            if headed:
                pistes += [(heading, text) for heading, items in headed.items() for text in bullets(items)]
            else:
                pistes += [("", text) for text in bullets(sub_lines)]
        plan.append((title, "axe", pistes))
    fund = " ".join(paragraphs(level2["Fonds de coopération décentralisée"]))
    recommendations = fund.split("Parmi ces recommandations :", 1)[1]
    plan.append(("Fonds de coopération décentralisée", "fonds",
                 [("", item.strip()) for item in recommendations.split(";")]))
    for group, group_lines in sections(level2["Thèmes à développer et à explorer"], 3).items():
        for theme, theme_lines in sections(group_lines, 4).items():
            plan.append((theme, "theme", [(group, paragraphs(theme_lines)[-1])]))
    return plan


@pytest.fixture
def expected():
    return expected_plan()


def test_the_reading_of_the_document_finds_42_pistes(expected):
    # Guards the parser itself: 12 + 6 + 7 + 10 + 3 + 4 themes.
    assert [len(pistes) for _title, _kind, pistes in expected] == [12, 6, 7, 10, 3, 1, 1, 1, 1]


def test_axes_fund_and_themes_are_those_of_the_document(plan_2008, expected):
    loaded = list(Axis.objects.filter(plan=plan_2008).values_list("title", "kind"))
    assert loaded == [(title, kind) for title, kind, _pistes in expected]
    assert loaded[-4:] == [
        ("Les créneaux d'excellence et les pôles de compétitivité", "theme"),
        ("La francophonie", "theme"), ("La ruralité", "theme"), ("Le tourisme", "theme"),
    ]


def test_every_piste_is_there_word_for_word_in_order(plan_2008, expected):
    loaded = {}
    for piste in Piste.objects.filter(axis__plan=plan_2008).select_related("axis"):
        loaded.setdefault(piste.axis.title, []).append((piste.heading, normalise(piste.text)))
    for title, _kind, pistes in expected:
        assert loaded[title] == pistes, title


def test_nouvelles_voies_keeps_its_sub_headings(plan_2008):
    headings = Piste.objects.filter(axis__slug="nouvelles-voies").values_list("heading", flat=True)
    assert list(dict.fromkeys(headings)) == [
        "Formes de coopération", "Ententes entre collectivités", "Coopération tripartite", "Mobilité des personnes",
    ]


def test_enjeux_of_the_axes_are_word_for_word(plan_2008):
    level2 = sections(DOCUMENT.read_text(encoding="utf-8").splitlines(), 2)
    for title in AXES:
        document = " ".join(paragraphs(sections(level2[title], 3)["Enjeux et défis communs"]))
        axis = Axis.objects.get(plan=plan_2008, title=title)
        assert normalise(axis.enjeux) == document, title
