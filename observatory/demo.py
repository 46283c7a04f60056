"""Demonstration practices of the observatory, drawn from the plan's themes and axes
(watershed management, local food marketing, organic waste, Agendas 21, climate plans,
school perseverance, integration of newcomers, libraries). `load_demo()` replaces the
demo practices; it needs the plan and the demo collectivities (maillage demo loads them)."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plan.models import Axis, Piste
from projects.models import Project
from territories.models import Collectivity

from .models import Practice

PRACTICES = [
    {"title": "Gestion concertée des bassins versants", "axis": "developpement-durable", "piste": "dd-3",
     "codes": [("fr", "69123"), ("qc", "37067")],
     "summary": "Un comité de bassin versant réunit élus, agriculteurs et riverains pour la qualité de l'eau.",
     "body": "Inspirée des organismes de bassin versant du Québec, la démarche associe la Métropole de Lyon "
             "et Trois-Rivières autour de la rivière Saint-Maurice et des affluents du Rhône.",
     "results": "Trois contrats de rivière signés, 40 km de berges restaurées.",
     "figures": "40 km de berges ; 120 exploitations engagées.",
     "worked": "Un animateur de bassin à temps plein, des données partagées.",
     "to_avoid": "L'impatience : la qualité de l'eau se mesure sur dix ans, pas sur un mandat."},
    {"title": "Circuits courts et mise en marché de proximité", "axis": "ruralite", "piste": "ruralite-1",
     "codes": [("fr", "33063"), ("qc", "23027")],
     "summary": "Marchés publics de producteurs et paniers livrés dans les cantines scolaires.",
     "body": "Bordeaux et Québec ont comparé leurs marchés de producteurs et la commercialisation de proximité "
             "des produits agroalimentaires locaux.",
     "results": "Une plateforme d'achat local pour 25 cantines.", "figures": "30 % de produits locaux.",
     "worked": "Commencer par quelques produits de saison.",
     "to_avoid": "Des attentes irréalistes sur les volumes dès la première année."},
    {"title": "Valorisation des matières organiques", "axis": "developpement-durable", "piste": "dd-8",
     "codes": [("fr", "69123"), ("qc", "25213")],
     "summary": "Collecte des déchets organiques et compostage de quartier.",
     "body": "Lévis et Lyon ont partagé leurs écotechnologies de biométhanisation et de compostage.",
     "results": "Une collecte à trois voies dans quatre quartiers.", "figures": "8 000 tonnes détournées par an.",
     "worked": "Des bacs bruns distribués avec un guide simple.",
     "to_avoid": "Le manque de continuité quand l'équipe change."},
    {"title": "Agenda 21 local et plan climat territorial", "axis": "developpement-durable", "piste": "dd-1",
     "codes": [("fr", "33063"), ("qc", "66023")],
     "summary": "Un Agenda 21 et un plan climat construits avec les habitants.",
     "body": "Montréal et Bordeaux ont échangé leurs méthodes d'Agenda 21 local et de plan climat-énergie.",
     "results": "Deux plans adoptés, un tableau de bord public.", "figures": "−20 % d'émissions visées en 2020.",
     "worked": "Des indicateurs simples publiés chaque année.",
     "to_avoid": "Un plan trop long que personne ne suit."},
    {"title": "Persévérance scolaire et réussite éducative", "axis": "innovation-et-developpement-social",
     "piste": "ids-2", "codes": [("fr", "69123"), ("qc", "66023")],
     "summary": "Des partenariats école–famille–communauté contre le décrochage.",
     "body": "Les instances régionales de concertation sur la persévérance scolaire du Québec ont inspiré Lyon.",
     "results": "Décrochage en baisse dans deux quartiers.", "figures": "1 200 élèves suivis.",
     "worked": "Mobiliser les employeurs locaux.", "to_avoid": "Des projets pilotes sans suite."},
]


@transaction.atomic
def load_demo() -> str:
    Practice.objects.filter(is_demo=True).delete()
    axes = {a.slug: a for a in Axis.objects.filter(plan__slug="2008-2010")}
    pistes = {p.code: p for p in Piste.objects.filter(axis__plan__slug="2008-2010")}
    count = 0
    for spec in PRACTICES:
        spec = dict(spec)
        codes = spec.pop("codes")
        axis, piste = axes.get(spec.pop("axis")), pistes.get(spec.pop("piste"))
        if axis is None:
            continue
        practice = Practice.objects.create(
            theme=axis, piste=piste, status=Practice.Status.PUBLISHED, published_at=timezone.now(),
            is_demo=True, contact_name="Secrétariat de la coopération", **spec)
        collectivities = [c for side, code in codes for c in Collectivity.objects.current().filter(side=side, code=code)[:1]]
        practice.collectivities.set(collectivities)
        done = Project.objects.filter(is_demo=True, status=Project.Status.DONE, pistes=piste).first()
        if done:
            practice.projects.add(done)
        count += 1
    return _("%(count)s pratiques") % {"count": count}
