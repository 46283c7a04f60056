from conftest import make_collectivity
from mobility import demo, figures
from mobility.models import Exchange, Target
from territories.models import Kind, Side


def test_the_demo_loads_exchanges_and_targets_and_runs_again(lyon_commune, trois_rivieres_ville):
    make_collectivity(Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux")
    make_collectivity(Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec")
    assert demo.load_demo() == "7 échanges, 2 objectifs"
    assert demo.load_demo() == "7 échanges, 2 objectifs"
    assert Exchange.objects.filter(is_demo=True).count() == 7 and Target.objects.count() == 2
    # Montréal and Lévis are not in this registry: named as bodies.
    assert Exchange.objects.get(title="Personnels des bibliothèques").sending == "Montréal"
    assert Exchange.objects.get(title="Personnels des bibliothèques").sending_collectivity is None
    assert [(row.year, row.fr_to_qc, row.qc_to_fr, row.target_met) for row in figures.trend()] == [
        (2009, 32, 8, False), (2010, 3, 25, False)]
