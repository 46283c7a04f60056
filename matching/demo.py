"""Demonstration cooperation profiles, run by `maillage demo` after the registry's demo.

Five published profiles (Lyon and Bordeaux, Trois-Rivières, Québec and Lévis; Montréal
keeps none, so that the demo also shows suggestions drawn from the registry and the
projects alone), three offers and requests of the bourse, one staff exchange offer
(Lyon's) and one expression of interest awaiting Lyon's answer (from Lévis, about that
exchange), which `editeur-lyon` can accept. Themes and pistes are those of the 2008-2010
plan; the contacts are fictitious people, at the demo's e-mail domain.

Records are created when missing and otherwise left as they are: a profile is found by
its collectivity, a posting or an exchange by its profile and title, the interest by its
two profiles. A second run changes nothing, and what a demo user changed meanwhile (a
profile completed, the interest accepted) stays. A collectivity missing from the registry
is skipped, with what belongs to it."""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plan.models import Axis, Piste
from territories.models import Collectivity, Side

from . import actions
from .models import Horizon, Interest, Posting, Profile, StaffExchange

EMAIL_DOMAIN = "demo.maillage.invalid"
FR, QC = Side.FRANCE, Side.QUEBEC

# key: (side, code, themes' slugs, pistes' codes, offers, seeks, créneaux, languages,
#       (elected official, title), (professional, title))
PROFILES = {
    "lyon": (FR, "69123", ["francophonie", "tourisme"], ["ci-1", "ci-5", "dd-3"],
             "Résidences d'artistes dans nos ateliers municipaux ; gestion des berges du Rhône et de la Saône ; "
             "tourisme fluvial.",
             "Un festival de poésie ou de chanson francophone ; des échanges de personnel sur l'eau et les rivières.",
             "Biotechnologies ; Numérique", "en",
             ("Camille Rousseau", "Adjointe au maire, relations internationales"),
             ("Thomas Lefèvre", "Chargé de mission coopération")),
    "bordeaux": (FR, "33063", ["tourisme", "francophonie"], ["ci-3", "dd-5"],
                 "Médiation numérique dans les bibliothèques et les musées ; œnotourisme.",
                 "Circuits courts agroalimentaires ; accueil des croisières.",
                 "Aéronautique", "en, es",
                 ("Antoine Moreau", "Conseiller municipal délégué à la coopération"),
                 ("Sophie Laurent", "Responsable des partenariats internationaux")),
    "trois_rivieres": (QC, "37067", ["francophonie", "tourisme"], ["ci-1", "ci-5"],
                       "Festival international de la poésie ; patrimoine industriel des pâtes et papiers.",
                       "Résidences d'artistes ; gestion des berges et des rivières.",
                       "", "en",
                       ("Marc Gagnon", "Conseiller municipal"),
                       ("Isabelle Tremblay", "Agente de relations internationales")),
    "quebec": (QC, "23027", ["tourisme", "francophonie"], ["ci-1", "ci-3"],
               "Tourisme hivernal et carnaval ; bibliothèques de quartier.",
               "Œnotourisme ; médiation numérique dans les musées.",
               "Optique photonique", "en",
               ("Louise Bouchard", "Conseillère associée aux relations internationales"),
               ("Philippe Côté", "Conseiller en affaires internationales")),
    "levis": (QC, "25213", ["ruralite", "tourisme"], ["dd-3", "dd-9"],
              "Gestion de l'eau et des bassins versants ; aménagement des berges du fleuve.",
              "Stages en gestion des rivières ; tourisme fluvial.",
              "Biotechnologies", "en",
              ("Jacques Pelletier", "Conseiller municipal"),
              ("Nathalie Roy", "Coordonnatrice en environnement")),
}

# profile key, kind, title, text, themes' slugs, horizon
POSTINGS = [
    ("lyon", Posting.Kind.OFFER, "Résidences d'artistes croisées Lyon – Québec",
     "Nos ateliers municipaux accueillent chaque année deux artistes québécois pour trois mois ; nous cherchons "
     "une ville qui accueillerait deux artistes lyonnais en retour.", ["francophonie"], Horizon.YEAR),
    ("levis", Posting.Kind.REQUEST, "Restauration des berges : un partenaire français",
     "Lévis restaure ses berges du Saint-Laurent et cherche une collectivité française qui a mené des travaux "
     "comparables sur un fleuve, pour comparer les méthodes et accueillir une délégation.", ["ruralite"],
     Horizon.NOW),
    ("quebec", Posting.Kind.OFFER, "Savoir-faire du tourisme hivernal",
     "La ville de Québec partage l'organisation de son carnaval et de ses activités d'hiver avec une ville "
     "française qui veut allonger sa saison touristique.", ["tourisme"], Horizon.LATER),
]

# profile key, kind, post, description, themes' slugs, weeks, from, until, languages
EXCHANGES = [
    ("lyon", StaffExchange.Kind.OFFER, "Chargé ou chargée de mission rivières et berges",
     "La direction de l'eau de Lyon accueille un professionnel québécois : suivi des chantiers des berges du "
     "Rhône, concertation avec les riverains.", ["tourisme"], 8, datetime.date(2027, 4, 1),
     datetime.date(2027, 9, 30), "en"),
]

# sender's key, recipient's key, exchange's post (or None), message
INTERESTS = [
    ("levis", "lyon", "Chargé ou chargée de mission rivières et berges",
     "Notre coordonnatrice environnement suit la restauration de nos berges : un séjour à Lyon au printemps "
     "2027 nous intéresse beaucoup."),
]


def _author():
    """The secretariat's demo account (created, without a password, when the demo users
    are not loaded), the author of the demo records in their history."""
    User = get_user_model()
    user = User.objects.filter(username="secretariat").first()
    if user is None:
        user = User(username="secretariat", last_name="(démo)", is_secretariat=True, is_staff=True)
        user.set_unusable_password()
        user.save()
    return user


def _email(name: str) -> str:
    """« Camille Rousseau » → camille.rousseau@demo.maillage.invalid"""
    return f"{slugify(name).replace('-', '.')}@{EMAIL_DOMAIN}"


def _profiles(by) -> dict[str, Profile]:
    themes = {axis.slug: axis for axis in Axis.objects.filter(kind=Axis.Kind.THEME)}
    pistes = {piste.code: piste for piste in Piste.objects.filter(axis__plan__slug="2008-2010")}
    found = {}
    for key, (side, code, theme_slugs, codes, offers, seeks, excellence, languages, elected, staff) in PROFILES.items():
        collectivity = Collectivity.objects.current().filter(side=side, code=code).order_by("kind").first()
        if collectivity is None:
            continue
        profile = Profile.objects.filter(collectivity=collectivity).first()
        if profile is None:
            profile = actions.create_profile(
                by=by, collectivity=collectivity, offers=offers, seeks=seeks, excellence=excellence,
                languages=languages, is_open=True, is_published=True,
                elected_name=elected[0], elected_title=elected[1], elected_email=_email(elected[0]),
                staff_name=staff[0], staff_title=staff[1], staff_email=_email(staff[0]),
                themes=[themes[s] for s in theme_slugs if s in themes],
                pistes=[pistes[c] for c in codes if c in pistes])
        found[key] = profile
    return found


@transaction.atomic
def load_demo() -> str:
    """Create what is missing of the demo's profiles, postings, exchange and interest."""
    by = _author()
    profiles = _profiles(by)
    themes = {axis.slug: axis for axis in Axis.objects.filter(kind=Axis.Kind.THEME)}
    for key, kind, title, text, theme_slugs, horizon in POSTINGS:
        profile = profiles.get(key)
        if profile and not Posting.objects.filter(profile=profile, title=title).exists():
            actions.create_posting(profile, by=by, kind=kind, title=title, text=text, horizon=horizon,
                                   is_published=True, themes=[themes[s] for s in theme_slugs if s in themes])
    for key, kind, post, description, theme_slugs, weeks, start, end, languages in EXCHANGES:
        profile = profiles.get(key)
        if profile and not StaffExchange.objects.filter(profile=profile, post=post).exists():
            actions.create_exchange(profile, by=by, kind=kind, post=post, description=description,
                                    duration_weeks=weeks, available_from=start, available_until=end,
                                    languages=languages, is_published=True,
                                    themes=[themes[s] for s in theme_slugs if s in themes])
    for sender_key, recipient_key, post, message in INTERESTS:
        sender, recipient = profiles.get(sender_key), profiles.get(recipient_key)
        if sender and recipient and not Interest.objects.between(sender, recipient).exists():
            # Written directly rather than through actions.signal_interest, which lets the
            # secretariat signal only for organisations (Lévis has no demo editor) and mails
            # the recipient's editors: the demo records it, in the secretariat's name, silently.
            interest = Interest(sender=sender, recipient=recipient, message=message, sent_by=by,
                                staff_exchange=StaffExchange.objects.filter(profile=recipient, post=post).first())
            interest.full_clean()
            interest._history_user = by
            interest.save()
    keys = set(profiles)
    return _("%(profiles)s profils de coopération, %(postings)s annonces, %(exchanges)s échange de personnel, "
             "%(interests)s manifestation d'intérêt") % {
        "profiles": len(profiles),
        "postings": sum(1 for posting in POSTINGS if posting[0] in keys),
        "exchanges": sum(1 for exchange in EXCHANGES if exchange[0] in keys),
        "interests": sum(1 for interest in INTERESTS if {interest[0], interest[1]} <= keys)}
