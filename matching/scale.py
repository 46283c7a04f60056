"""Seeded cooperation profiles at national scale, for the benchmarks (`maillage seed_scale
--profiles N`). Bulk writes send no signal: the suggestions' index is built at the end
(indexing.refresh_all), as `build_matching_index` would."""
import random

from django.db import transaction

from plan.models import Axis, Piste
from territories.models import Collectivity, Side

from . import indexing
from .models import Profile

# What a profile offers or seeks, in the words collectivities use.
SUBJECTS = [
    "gestion de l'eau potable", "forêts et filière bois", "tourisme hivernal", "patrimoine bâti",
    "festivals et arts de la rue", "agriculture biologique", "circuits courts alimentaires",
    "transport collectif rural", "énergies renouvelables", "numérique dans les écoles",
    "accueil des immigrants", "jeunesse et mobilité", "santé des aînés", "économie sociale",
    "aménagement des berges", "pêche et aquaculture", "bibliothèques publiques", "sports d'hiver",
    "gestion des déchets", "valorisation du compost", "langue française", "musées et archives",
    "innovation industrielle", "aéronautique", "recherche universitaire", "habitat durable",
]
CRENEAUX = ["aéronautique", "agroalimentaire", "énergies renouvelables", "bois et forêt", "tourisme",
            "technologies de l'information", "optique photonique", "biotechnologies", "métaux", "mode et textile"]


def seed_profiles(*, count: int, seed: int = 42, stdout=None) -> int:
    """Create `count` published profiles (a fifth of them in Québec when it has as many
    collectivities), on collectivities that have none, then build the index."""
    rng = random.Random(seed)
    if count <= 0:
        return 0
    taken = set(Profile.objects.filter(collectivity__isnull=False).values_list("collectivity_id", flat=True))
    sides = {side: [pk for pk in Collectivity.objects.current().filter(side=side).order_by("pk").values_list(
        "pk", flat=True) if pk not in taken] for side in (Side.FRANCE, Side.QUEBEC)}
    quebec = min(len(sides[Side.QUEBEC]), count // 5)
    chosen = [(Side.QUEBEC, pk) for pk in rng.sample(sides[Side.QUEBEC], quebec)]
    chosen += [(Side.FRANCE, pk) for pk in rng.sample(sides[Side.FRANCE], min(len(sides[Side.FRANCE]),
                                                                             count - quebec))]
    theme_ids = list(Axis.objects.filter(kind=Axis.Kind.THEME).order_by("pk").values_list("pk", flat=True))
    piste_ids = list(Piste.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        profiles = Profile.objects.bulk_create([Profile(
            collectivity_id=pk, side=side, is_published=True, is_open=rng.random() < 0.9,
            offers="; ".join(rng.sample(SUBJECTS, 2)), seeks="; ".join(rng.sample(SUBJECTS, 2)),
            excellence="; ".join(rng.sample(CRENEAUX, rng.randint(0, 2))),
        ) for side, pk in chosen], batch_size=1000)
        themes, pistes = Profile.themes.through, Profile.pistes.through
        themes.objects.bulk_create([themes(profile_id=p.pk, axis_id=a) for p in profiles
                                    for a in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 3)))],
                                   batch_size=2000)
        pistes.objects.bulk_create([pistes(profile_id=p.pk, piste_id=s) for p in profiles
                                    for s in rng.sample(piste_ids, min(len(piste_ids), rng.randint(0, 3)))],
                                   batch_size=2000)
        indexing.refresh_all()
    if stdout:
        stdout.write(f"{len(profiles)} profils de coopération\n")
    return len(profiles)
