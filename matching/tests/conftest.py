"""The matchmaking's test data, beside the root personas (lyon, trois_rivieres…):

- `themes`: a plan with the themes `jeunesse` and `culture` and two pistes;
- `lyon_profile`, `tr_profile`: the published profiles of Lyon and Trois-Rivières, with
  their contacts (Trois-Rivières' elected official is Jean Lamontagne);
- `organisation_profile`: the published profile of a French research centre (kept by the
  secretariat), with its contacts.
"""
import pytest

from conftest import make_collectivity
from projects.models import Organisation
from territories.models import Kind, Side

from .factories import make_profile, make_themes


@pytest.fixture
def themes(db):
    return make_themes()


@pytest.fixture
def lyon_profile(personas, lyon_commune, themes):
    return make_profile(lyon_commune, themes=[themes["culture"]], pistes=themes["pistes"][:1],
                        offers="Ateliers d'artistes municipaux.", seeks="Un partenaire pour des résidences.",
                        elected_name="Claire Martin", elected_email="claire.martin@lyon.example",
                        staff_name="Paul Girard", staff_email="paul.girard@lyon.example")


@pytest.fixture
def tr_profile(personas, trois_rivieres_ville, themes):
    return make_profile(trois_rivieres_ville, themes=[themes["culture"], themes["jeunesse"]],
                        offers="Festival international de la poésie.", seeks="Des résidences d'artistes.",
                        languages="en", elected_name="Jean Lamontagne", elected_title="Conseiller municipal",
                        elected_email="jean.lamontagne@v3r.example", staff_name="Julie Côté",
                        staff_email="julie.cote@v3r.example")


@pytest.fixture
def organisation_profile(db, themes):
    centre = Organisation.objects.create(name="Centre de recherche sur l'eau", kind=Organisation.Kind.RESEARCH,
                                         country="FR")
    return make_profile(centre, themes=[themes["jeunesse"]], offers="Laboratoire d'analyse des eaux.",
                        staff_name="Nadia Benali", staff_email="nadia.benali@eau.example")


@pytest.fixture
def villeurbanne(db):
    return make_collectivity(Side.FRANCE, Kind.COMMUNE, "69266", "Villeurbanne", country="FR")
