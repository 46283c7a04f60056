"""INSEE's Code officiel géographique as CSV (v_region_AAAA, v_departement_AAAA, v_commune_AAAA).

The fixtures follow INSEE's documented layout: comma-separated, UTF-8, one header row; on
the rows of communes déléguées (COMD), associées (COMA) and arrondissements municipaux
(ARM) the parent commune is in COMPARENT and REG/DEP may be empty.
"""

import pytest

from territories.importers import ImportFailure, import_files
from territories.models import Collectivity, Kind, Side

pytestmark = pytest.mark.django_db

V_REGION = """REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
01,97105,3,GUADELOUPE,Guadeloupe,Guadeloupe
84,69123,1,AUVERGNE RHONE ALPES,Auvergne-Rhône-Alpes,Auvergne-Rhône-Alpes
"""
V_DEPARTEMENT = """DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
01,84,01053,5,AIN,Ain,Ain
69,84,69123,2,RHONE,Rhône,Rhône
971,01,97105,3,GUADELOUPE,Guadeloupe,Guadeloupe
"""
V_COMMUNE = """TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,01015,84,01,01D,011,1,ARBOYS EN BUGEY,Arboys en Bugey,Arboys en Bugey,0108,
COMD,01015,,,,,1,ARBIGNIEU,Arbignieu,Arbignieu,,01015
COMD,01340,,,,,0,BRENOD,Brénod,Brénod,,01015
COM,01053,84,01,01D,012,0,BOURG EN BRESSE,Bourg-en-Bresse,Bourg-en-Bresse,0199,
COMA,01120,,,,,0,CORDIEUX,Cordieux,Cordieux,,01053
COM,69123,84,69,69D,691,0,LYON,Lyon,Lyon,6999,
ARM,69381,84,69,69D,691,0,LYON 1ER ARRONDISSEMENT,Lyon 1er Arrondissement,Lyon 1er Arrondissement,,69123
COM,97105,01,971,971D,9712,0,BASSE TERRE,Basse-Terre,Basse-Terre,97ZZ,
"""


@pytest.fixture
def cog(tmp_path):
    files = {
        "v_commune_2024.csv": V_COMMUNE,
        "v_region_2024.csv": V_REGION,
        "v_departement_2024.csv": V_DEPARTEMENT,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in files]


def get(kind, code):
    return Collectivity.objects.current().get(side=Side.FRANCE, kind=kind, code=code)


def test_cog_files_build_regions_departements_and_communes(cog):
    report = import_files(cog)
    assert report.counts[Kind.REGION]["created"] == 2
    assert report.counts[Kind.DEPARTEMENT]["created"] == 3
    assert report.counts[Kind.COMMUNE]["created"] == 4
    lyon = get(Kind.COMMUNE, "69123")
    assert lyon.region.code == "84"
    assert list(lyon.parents.values_list("kind", "code")) == [(Kind.DEPARTEMENT, "69")]
    assert get(Kind.REGION, "84").chef_lieu == lyon
    assert get(Kind.REGION, "01").zone == "drom"
    assert get(Kind.DEPARTEMENT, "971").zone == "drom"
    assert get(Kind.COMMUNE, "97105").region.name == "Guadeloupe"


def test_cog_infra_communal_rows_take_their_parent_and_its_region(cog):
    import_files(cog)
    brenod = get(Kind.COMMUNE_DELEGUEE, "01340")
    assert brenod.name == "Brénod" and brenod.search_name == "brenod"
    assert brenod.region.code == "84"
    assert list(brenod.parents.values_list("kind", "code")) == [(Kind.COMMUNE, "01015")]
    assert get(Kind.COMMUNE_ASSOCIEE, "01120").parents.get().code == "01053"
    assert get(Kind.ARRONDISSEMENT_MUNICIPAL, "69381").parents.get().code == "69123"


def test_cog_vintage_comes_from_the_file_name_and_a_rerun_changes_nothing(cog):
    import_files(cog)
    assert get(Kind.COMMUNE, "01053").source == (
        "INSEE, Code officiel géographique — v_commune_2024.csv (COG 2024)"
    )
    assert not import_files(cog).changed_anything


def test_cog_semicolon_files_are_read_too(tmp_path, cog):
    # Spreadsheets re-save INSEE's files with semicolons.
    for path in cog:
        path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    import_files(cog)
    assert get(Kind.COMMUNE, "69123").name == "Lyon"


def test_cog_row_without_parent_commune_is_refused(tmp_path, cog):
    cog[0].write_text(
        V_COMMUNE + "COMD,01999,,,,,0,NULLE PART,Nulle-Part,Nulle-Part,,01998\n", encoding="utf-8"
    )
    with pytest.raises(ImportFailure) as error:
        import_files(cog)
    assert str(error.value) == (
        "v_commune_2024.csv, ligne 10, champ « COMPARENT » : la commune « 01998 » est absente du fichier"
    )
    assert Collectivity.objects.count() == 0
