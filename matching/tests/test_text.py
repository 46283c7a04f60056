from matching.text import phrase_key, terms


def test_plurals_accents_and_elisions_meet():
    assert set(terms("les forêts")) == set(terms("la foret"))
    assert set(terms("l'eau")) == set(terms("des eaux"))
    assert set(terms("Politiques culturelles")) == set(terms("politique culturelle"))


def test_stop_words_and_elided_articles_are_dropped():
    assert terms("de la et d' qu'il") == {}
    assert list(terms("l'agriculture d'aujourd'hui")) == ["agricultur", "aujourd'hui"]


def test_each_term_keeps_the_first_word_it_came_from():
    assert terms("Forêts et forestiers, forêt")["foret"] == "forêts"


def test_a_creneau_key_ignores_order_and_form():
    assert phrase_key("Énergies renouvelables") == phrase_key("renouvelable énergie")
