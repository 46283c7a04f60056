"""Records of the matchmaking for tests: a plan with themes and pistes, profiles, postings,
staff exchanges."""
import datetime

from plan.models import Axis, Piste, Plan

from matching.models import Posting, Profile, StaffExchange


def make_themes() -> dict:
    """A plan with two themes (`jeunesse`, `culture`) and an axis with two pistes."""
    plan, _created = Plan.objects.get_or_create(
        slug="2008-2010", defaults={"title": "Plan d'action 2008-2010", "start_year": 2008, "end_year": 2010})
    axis, _created = Axis.objects.get_or_create(plan=plan, slug="developpement-durable",
                                                defaults={"position": 1, "title": "Développement durable"})
    themes = {slug: Axis.objects.get_or_create(plan=plan, slug=slug, defaults={
        "position": position, "title": title, "kind": Axis.Kind.THEME})[0]
        for slug, position, title in (("jeunesse", 8, "Jeunesse"), ("culture", 9, "Culture et patrimoine"))}
    pistes = [Piste.objects.get_or_create(axis=axis, code=f"dd-{n}", defaults={"position": n, "text": f"Piste {n}"})[0]
              for n in (1, 2)]
    return {**themes, "pistes": pistes}


def make_profile(owner, *, themes=(), pistes=(), **fields) -> Profile:
    """The profile of a collectivity or an organisation (published unless told)."""
    from territories.models import Collectivity

    is_collectivity = isinstance(owner, Collectivity)
    side = owner.side if is_collectivity else {"FR": "fr", "CA": "qc"}.get(owner.country, "other")
    profile = Profile.objects.create(**({"collectivity": owner} if is_collectivity else {"organisation": owner}),
                                     side=side, **{"is_published": True, **fields})
    profile.themes.set(themes)
    profile.pistes.set(pistes)
    return profile


def make_posting(profile, *, themes=(), **fields) -> Posting:
    posting = Posting.objects.create(profile=profile, **{
        "kind": Posting.Kind.OFFER, "title": "Résidences d'artistes croisées",
        "text": "Nous accueillons des artistes québécois dans nos ateliers municipaux.", **fields})
    posting.themes.set(themes)
    return posting


def make_exchange(profile, *, themes=(), **fields) -> StaffExchange:
    exchange = StaffExchange.objects.create(profile=profile, **{
        "kind": StaffExchange.Kind.OFFER, "post": "Urbaniste", "duration_weeks": 6,
        "available_from": datetime.date(2027, 3, 1), "available_until": datetime.date(2027, 6, 30),
        "languages": "en", **fields})
    exchange.themes.set(themes)
    return exchange
