"""The call's eligibility rules, checked automatically: `problems(application)` lists, in
French, what the applicants must change; an empty list means eligible.

Each rule is one function of RULES, so that a page can show them one by one and a test
can give each a passing and a failing application."""
from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from territories.models import Side

from .models import Application
from .money import FUND_SIDES, Money

def _side_name(side: str) -> str:
    return str(Side(side).label)


def both_sides(application: Application) -> list[str]:
    """At least one French and one Québec collectivity among the applicants."""
    sides = {collectivity.side for collectivity in application.applicants()}
    messages = []
    if Side.FRANCE not in sides:
        messages.append(_("Ajoutez au moins une collectivité française parmi les demandeurs : le Fonds finance "
                          "des projets de collectivités des deux côtés."))
    if Side.QUEBEC not in sides:
        messages.append(_("Ajoutez au moins une collectivité québécoise parmi les demandeurs : le Fonds finance "
                          "des projets de collectivités des deux côtés."))
    return messages


def activities_on_both_territories(application: Application) -> list[str]:
    sides = set(application.locations.values_list("side", flat=True))
    return [_("Indiquez au moins un lieu d'activité côté %(side)s : les activités doivent se dérouler sur les "
              "deux territoires.") % {"side": _side_name(side)} for side in FUND_SIDES if side not in sides]


def matching_and_caps(application: Application) -> list[str]:
    """On each side and each year, the fund's share at most the collectivities' own share
    of that side (1:1) and at most the call's cap per project per year."""
    messages = []
    for year in application.schedule():
        for side in FUND_SIDES:
            fund, own, cap = year.fund(side), year.own(side), application.call.cap(side)
            values = {"year": year.year, "side": _side_name(side), "fund": fund, "own": own, "cap": cap}
            if own < fund:
                messages.append(_(
                    "Année %(year)s, côté %(side)s : la part demandée au Fonds (%(fund)s) dépasse l'apport des "
                    "collectivités de ce côté (%(own)s) ; ramenez-la à %(own)s au plus ou augmentez l'apport "
                    "(le Fonds apporte au plus autant que les collectivités).") % _texts(values))
            if cap < fund:
                messages.append(_(
                    "Année %(year)s, côté %(side)s : la part demandée au Fonds (%(fund)s) dépasse le plafond de "
                    "l'appel (%(cap)s par projet et par année) ; ramenez-la à %(cap)s au plus.") % _texts(values))
    return messages


def _texts(values: dict) -> dict:
    return {key: str(value) if isinstance(value, Money) else value for key, value in values.items()}


def schedule_within_call(application: Application) -> list[str]:
    call = application.call
    years = [year.year for year in application.schedule()]
    if not years:
        return [_("Ajoutez le calendrier annuel du projet : au moins une année avec les montants demandés "
                  "au Fonds et l'apport des collectivités.")]
    messages = []
    outside = [year for year in years if not call.first_year <= year <= call.last_year]
    if outside:
        messages.append(_("Les années %(years)s sont hors de l'appel : ne demandez que des années de %(first)s à "
                          "%(last)s.") % {"years": ", ".join(map(str, outside)), "first": call.first_year,
                                          "last": call.last_year})
    duration = max(years) - min(years) + 1
    if duration > call.max_duration_years:
        messages.append(_("Le projet dure %(duration)s ans (%(first)s-%(last)s) : l'appel finance %(max)s ans au "
                          "plus ; raccourcissez le calendrier.") % {
            "duration": duration, "first": min(years), "last": max(years), "max": call.max_duration_years})
    if len(years) != duration:
        missing = sorted(set(range(min(years), max(years) + 1)) - set(years))
        messages.append(_("Le calendrier saute les années %(years)s : ajoutez-les (même à zéro) ou raccourcissez "
                          "le projet.") % {"years": ", ".join(map(str, missing))})
    return messages


def themes_of_the_call(application: Application) -> list[str]:
    themes = list(application.themes.all())
    if not themes:
        return [_("Choisissez au moins un des thèmes de l'appel.")]
    foreign = [theme.title for theme in themes if theme.call_id != application.call_id]
    if foreign:
        return [_("Les thèmes %(themes)s ne sont pas ceux de cet appel : choisissez parmi les thèmes de "
                  "« %(call)s ».") % {"themes": ", ".join(f"« {t} »" for t in foreign),
                                     "call": application.call.title}]
    return []


def required_documents(application: Application) -> list[str]:
    present = set(application.documents.exclude(file="").values_list("kind", flat=True))
    messages = []
    for required in application.call.required_documents.order_by("pk"):
        if not required.accepted_kinds() & present:
            if required.alternative:
                messages.append(_("Joignez la pièce « %(kind)s » ou, à défaut, « %(alternative)s ».") % {
                    "kind": required, "alternative": required.get_alternative_display()})
            else:
                messages.append(_("Joignez la pièce « %(kind)s ».") % {"kind": required})
    return messages


RULES: tuple[Callable[[Application], list[str]], ...] = (
    both_sides, activities_on_both_territories, matching_and_caps, schedule_within_call, themes_of_the_call,
    required_documents,
)


def problems(application: Application) -> list[str]:
    """What the application must change to be eligible, in French (empty: eligible)."""
    return [message for rule in RULES for message in rule(application)]
