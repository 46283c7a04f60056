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
