"""A small registry with known answers for complementarity, growth and the map.

France: Auvergne-Rhône-Alpes (84), successor of Rhône-Alpes (82); the Rhône (69) in it;
Lyon and Villeurbanne in the Rhône; Bretagne (53) with Rennes. Québec: Mauricie (04) with
Trois-Rivières; Capitale-Nationale (03) with Québec; Saguenay–Lac-Saint-Jean (02) with
Saguenay, successor of Chicoutimi. Themes: Culture (piste cu-1), Économie (ec-1),
Environnement (en-1).

A1 (published) Rhône-Alpes + Québec, Culture, serves cu-1.
A2 (unpublished) Lyon + Saguenay, Environnement, serves en-1.
T1 Lyon–Trois-Rivières, Culture, since 1990, active, last exchange 2025.
T2 Villeurbanne–Trois-Rivières, Culture, since 1990, active, last exchange 2015.
T3 Villeurbanne–Chicoutimi, Économie, since 2001, dormant, no exchange recorded.
T4 Rennes–Québec, Environnement, since 2010, ended.
"""
import datetime

from conftest import make_collectivity
from plan.models import Axis, Piste, Plan
from registry.models import Agreement, AgreementParty, Twinning, TwinningCommittee
from territories.models import Kind, Link, Side, Succession


def build(lyon, trois_rivieres, *, extra: int = 0) -> dict:
    fr, qc = Side.FRANCE, Side.QUEBEC
    ara = make_collectivity(fr, Kind.REGION, "84", "Auvergne-Rhône-Alpes")
    rhone_alpes = make_collectivity(fr, Kind.REGION, "82", "Rhône-Alpes", valid_until=datetime.date(2015, 12, 31))
    Succession.objects.create(predecessor=rhone_alpes, successor=ara, event="fusion", date=datetime.date(2016, 1, 1))
    rhone = make_collectivity(fr, Kind.DEPARTEMENT, "69", "Rhône", region=ara)
    lyon.region = ara
    lyon.save()
    villeurbanne = make_collectivity(fr, Kind.COMMUNE, "69266", "Villeurbanne", region=ara)
    Link.objects.bulk_create([Link(child=lyon, parent=rhone), Link(child=villeurbanne, parent=rhone),
                              Link(child=rhone, parent=ara)])
    bretagne = make_collectivity(fr, Kind.REGION, "53", "Bretagne")
    rennes = make_collectivity(fr, Kind.COMMUNE, "35238", "Rennes", region=bretagne)
    mauricie = make_collectivity(qc, Kind.REGION, "04", "Mauricie")
    trois_rivieres.region = mauricie
    trois_rivieres.save()
    capitale = make_collectivity(qc, Kind.REGION, "03", "Capitale-Nationale")
    quebec = make_collectivity(qc, Kind.MUNICIPALITE, "23027", "Québec", region=capitale)
    saguenay_region = make_collectivity(qc, Kind.REGION, "02", "Saguenay–Lac-Saint-Jean")
    saguenay = make_collectivity(qc, Kind.MUNICIPALITE, "94068", "Saguenay", region=saguenay_region)
    chicoutimi = make_collectivity(qc, Kind.MUNICIPALITE, "94065", "Chicoutimi", region=saguenay_region,
                                   valid_until=datetime.date(2001, 12, 31))
    Succession.objects.create(predecessor=chicoutimi, successor=saguenay, event="fusion", date=datetime.date(2002, 2, 18))

    plan = Plan.objects.create(slug="2008-2010", title="Plan 2008-2010", start_year=2008, end_year=2010)
    culture, economy, environment = (
        Axis.objects.create(plan=plan, slug=slug, kind="theme", position=i, title=title)
        for i, (slug, title) in enumerate([("culture", "Culture"), ("economie", "Économie"),
                                           ("environnement", "Environnement")], 1)
    )
    cu1, ec1, en1 = (Piste.objects.create(axis=axis, code=code, position=1, text=f"Piste {code}")
                     for axis, code in [(culture, "cu-1"), (economy, "ec-1"), (environment, "en-1")])

    a1 = Agreement.objects.create(title="Plan d'action Rhône-Alpes–Québec")
    AgreementParty.objects.create(agreement=a1, side=fr, collectivity=rhone_alpes)
    AgreementParty.objects.create(agreement=a1, side=qc, collectivity=quebec)
    a1.themes.add(culture)
    a1.pistes.add(cu1)
    a2 = Agreement.objects.create(title="Entente Lyon–Saguenay", is_published=False)
    AgreementParty.objects.create(agreement=a2, side=fr, collectivity=lyon)
    AgreementParty.objects.create(agreement=a2, side=qc, collectivity=saguenay)
    a2.themes.add(environment)
    a2.pistes.add(en1)

    def twin(french, québec, theme, year, status, last):
        twinning = Twinning.objects.create(french=french, quebec=québec, since_year=year, status=status,
                                           last_exchange=last)
        twinning.themes.add(theme)
        return twinning

    t1 = twin(lyon, trois_rivieres, culture, 1990, "actif", datetime.date(2025, 6, 1))
    t2 = twin(villeurbanne, trois_rivieres, culture, 1990, "actif", datetime.date(2015, 6, 1))
    t3 = twin(villeurbanne, chicoutimi, economy, 2001, "dormant", None)
    t4 = twin(rennes, quebec, environment, 2010, "termine", None)
    TwinningCommittee.objects.create(twinning=t1, side=fr, name="Comité de jumelage de Lyon",
                                     contact_name="Anne Martin", email="anne@example.org")
    TwinningCommittee.objects.create(twinning=t1, side=qc, name="Comité Trois-Rivières–Lyon",
                                     contact_name="Luc Roy", email="luc@example.org")
    # `extra` more twinnings in the Rhône, none changing the answers above but the counts
    # (for the query-count tests at two sizes).
    for i in range(extra):
        commune = make_collectivity(fr, Kind.COMMUNE, f"69{300 + i}", f"Commune {i}", region=ara)
        Link.objects.create(child=commune, parent=rhone)
        extra_twinning = twin(commune, saguenay, economy, 2020, "actif", datetime.date(2026, 1, 1))
        TwinningCommittee.objects.create(twinning=extra_twinning, side=fr, name=f"Comité {i}")
        agreement = Agreement.objects.create(title=f"Entente {i}")
        AgreementParty.objects.create(agreement=agreement, side=fr, collectivity=commune)
        AgreementParty.objects.create(agreement=agreement, side=qc, collectivity=saguenay)
        agreement.themes.add(economy)
    return {name: value for name, value in locals().items() if name not in {"twin", "extra", "i", "fr", "qc"}}
