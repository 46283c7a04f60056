from observatory.text import excerpt, query_tokens, stems


def test_stemming_and_accents_meet_on_one_token():
    assert query_tokens("écotechnologie") == query_tokens("écotechnologies") == query_tokens("ecotechnologies")
    assert query_tokens("bassins versants") == query_tokens("bassin versant")


def test_stems_split_elisions_and_ligatures():
    assert stems("L’eau d'Agenda 21 Œuvre") == "l eau d agend 21 oeuvr"


def test_excerpt_escapes_and_marks_the_matches():
    html = str(excerpt("Les <b>bassins versants</b> & l'eau", query_tokens("bassin versant")))
    assert html == "Les &lt;b&gt;<mark>bassins</mark> <mark>versants</mark>&lt;/b&gt; &amp; l&#x27;eau"


def test_excerpt_is_cut_around_the_first_match():
    html = str(excerpt("mot " * 200 + "écotechnologies " + "fin " * 200, query_tokens("ecotechnologie")))
    assert html.startswith("… ") and html.endswith(" …") and "<mark>écotechnologies</mark>" in html


TRICKY_WORDS = (
    "Œuvres œuvre cœurs Æsope eaux chevaux yeux ayant payer québécoises Île îles ça ôtées "
    "y a à où ai aux été étés Chicoutimi Saint-Jean-sur-Richelieu quatre-vingt-dix "
    "collectivités coopération jumelages ententes bassins versants écotechnologies"
)


def test_the_excerpt_stems_only_words_whose_head_can_match(monkeypatch):
    """The excerpt skips the words whose first two characters are no token's: for every word
    of the action plan and of tricky ones, the token begins with the word's head."""
    from pathlib import Path

    from observatory import text

    plan = Path(__file__).resolve().parents[3] / "shared" / "plan" / "plan-d-action-2008-2010.md"
    vocabulary = set(text.words(plan.read_text(encoding="utf-8") + " " + TRICKY_WORDS))
    assert len(vocabulary) > 1000
    for word in vocabulary:
        token = text.stem(word)
        assert token[:2] == text._head(word)[:len(token[:2])], word

    tokens = query_tokens("écotechnologie")
    stemmed, real_stem = [], text.stem
    monkeypatch.setattr(text, "stem", lambda word: stemmed.append(word) or real_stem(word))
    html = str(text.excerpt("mot " * 100 + "écotechnologies " * 3 + "fin " * 100, tokens))
    assert html.count("<mark>écotechnologies</mark>") == 3
    assert set(stemmed) == {"écotechnologies"}
