from conftest import make_collectivity
from observatory import demo
from observatory.models import Practice, SearchDocument
from territories.models import Kind, Side


def test_the_demo_loads_published_practices_and_runs_again(plan, lyon_commune, trois_rivieres_ville):
    for side, kind, code, name in ((Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux"),
                                   (Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec"),
                                   (Side.QUEBEC, Kind.MUNICIPALITE, "25213", "Lévis"),
                                   (Side.QUEBEC, Kind.MUNICIPALITE, "66023", "Montréal")):
        make_collectivity(side, kind, code, name)
    assert demo.load_demo() == "5 pratiques"
    assert demo.load_demo() == "5 pratiques"
    practices = Practice.objects.filter(is_demo=True)
    assert practices.count() == 5 and all(p.collectivities.count() == 2 for p in practices)
    assert SearchDocument.objects.filter(kind="practice", is_public=True).count() == 5
