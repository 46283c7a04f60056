"""French alphabetical order in Python and in the database (SQLite's registered function,
PostgreSQL's ICU collation): both give the same order."""
import random

import pytest
from django.db import connection

from core.collation import french, sort_key
from territories.models import Collectivity, Kind, Side

# The order a French reader expects (the départements' and régions' names mixed).
EXPECTED = [
    "Ain",
    "Auvergne-Rhône-Alpes",
    "Côte-d'Or",
    "Côtes-d'Armor",
    "Creuse",
    "Essonne",
    "Eure",
    "Eure-et-Loir",
    "Hauts-de-France",
    "Île-de-France",
    "Indre",
    "Isère",
    "Jura",
    "Œuvre commune",
    "Oise",
    "Saint-Étienne",
    "Sainte-Foy",
    "Saintes",
    "Yonne",
]


def shuffled(names: list[str]) -> list[str]:
    names = list(names)
    random.Random(13).shuffle(names)
    return names


def test_python_sorts_the_french_way():
    assert sorted(shuffled(EXPECTED), key=sort_key) == EXPECTED


def test_accents_and_case_only_break_ties():
    assert sorted(["côte", "Cote", "cote", "Côté"], key=sort_key) == ["cote", "Cote", "côte", "Côté"]
    assert sorted(["Abbeville", "abbeville", "Abbaye"], key=sort_key) == ["Abbaye", "abbeville", "Abbeville"]


@pytest.mark.django_db
def test_the_database_sorts_the_same_way():
    for index, name in enumerate(shuffled(EXPECTED)):
        Collectivity.objects.create(side=Side.FRANCE, kind=Kind.DEPARTEMENT, code=f"{index:02d}", name=name)
    names = list(Collectivity.objects.order_by(french("name"), "pk").values_list("name", flat=True))
    assert names == EXPECTED, connection.vendor
    reversed_names = list(Collectivity.objects.order_by(french("name").desc()).values_list("name", flat=True))
    assert reversed_names == EXPECTED[::-1], connection.vendor


@pytest.mark.django_db
def test_côte_dor_comes_before_creuse_and_ile_de_france_among_the_is():
    for code, name in (("21", "Côte-d'Or"), ("23", "Creuse"), ("39", "Jura"), ("32", "Hauts-de-France"),
                       ("11", "Île-de-France"), ("36", "Indre")):
        Collectivity.objects.create(side=Side.FRANCE, kind=Kind.DEPARTEMENT, code=code, name=name)
    names = list(Collectivity.objects.order_by(french("name")).values_list("name", flat=True))
    assert names == ["Côte-d'Or", "Creuse", "Hauts-de-France", "Île-de-France", "Indre", "Jura"]
