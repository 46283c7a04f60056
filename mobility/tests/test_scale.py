from mobility.models import Exchange
from mobility.scale import seed_exchanges


def test_synthetic_exchanges_are_valid_and_replaced(lyon_commune, trois_rivieres_ville):
    assert seed_exchanges(count=30, seed=1) == 30
    assert seed_exchanges(count=20, seed=1) == 20
    exchanges = list(Exchange.objects.all())
    assert len(exchanges) == 20
    for exchange in exchanges:
        exchange.full_clean()  # the same rules as a recorded exchange


def test_nothing_is_seeded_without_both_sides(lyon_commune):
    assert seed_exchanges(count=10) == 0 and not Exchange.objects.exists()
