"""The demonstration bodies and meetings: the technical committee (ten members, five on
each side), the steering committee, the secretariat and the working group on tripartite
cooperation; the committee's 2009 meeting in France and 2010 meeting in Québec (sides
alternating), the Assises of autumn 2010 in Rhône-Alpes, with decisions and action items.
`load_demo()` replaces the demo meetings and the demo bodies' members: running it again
changes nothing. The people are fictitious."""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from .models import ActionItem, Attendance, Body, Decision, Meeting, MeetingSide, Membership

FR, QC = MeetingSide.FRANCE, MeetingSide.QUEBEC
PARIS, MONTREAL = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")
SINCE = datetime.date(2008, 6, 1)

# (slug, name, kind, description, mandate, members: (name, role, side))
BODIES = [
    ("comite-technique", "Comité technique", Body.Kind.TECHNICAL_COMMITTEE,
     "Suit la mise en œuvre du plan d'action ; une dizaine de membres, à parité France–Québec.", "",
     [("Claire Fontaine", "Coprésidente", FR), ("Marc Dubreuil", "Coprésident", QC),
      ("Sophie Arnaud", "Membre", FR), ("Julien Roy", "Membre", QC),
      ("Nadia Perrin", "Membre", FR), ("Émilie Gagnon", "Membre", QC),
      ("Thomas Lefèvre", "Membre", FR), ("Louis Tremblay", "Membre", QC),
      ("Inès Carpentier", "Membre", FR), ("Annie Bouchard", "Membre", QC)]),
    ("comite-de-pilotage", "Comité de pilotage", Body.Kind.STEERING_COMMITTEE,
     "Les élus des deux côtés ; les associations d'élus et de jumelage y sont membres associés.", "",
     [("Paul Mercier", "Élu, coprésident", FR), ("Hélène Lavoie", "Élue, coprésidente", QC),
      ("Association des maires (représentant)", "Membre associé", FR),
      ("Fédération des municipalités (représentante)", "Membre associé", QC)]),
    ("secretariat", "Secrétariat", Body.Kind.SECRETARIAT,
     "Un secrétariat léger : un représentant de chaque côté.", "",
     [("Camille Bernard", "Secrétaire, côté France", FR), ("Mathieu Côté", "Secrétaire, côté Québec", QC)]),
    ("groupe-cooperation-tripartite", "Groupe de travail sur la coopération tripartite", Body.Kind.WORKING_GROUP,
     "", "Proposer au comité technique des projets associant un troisième partenaire (Afrique francophone, "
     "Amérique latine) et les moyens de les financer.",
     [("Sophie Arnaud", "Animatrice", FR), ("Julien Roy", "Animateur", QC)]),
]


def _at(zone, *parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=zone)


# (title, body slug or None, kind, start, end, place, side, agenda, minutes, decisions: (text, [(action, owner, due, done)]))
MEETINGS = [
    ("Comité technique 2009", "comite-technique", Meeting.Kind.MEETING,
     _at(PARIS, 2009, 10, 15, 9, 30), _at(PARIS, 2009, 10, 15, 17, 0), "Hôtel de Région, Lyon", FR,
     "1. Bilan de la première année du plan d'action\n2. Premier appel du Fonds\n3. Mobilité des jeunes",
     "Le comité a examiné le bilan de la première année et les premiers projets financés par le Fonds.",
     [("Le comité adopte le bilan 2009 du plan d'action.", []),
      ("Un groupe de travail sur la coopération tripartite est créé.",
       [("Rédiger le mandat du groupe de travail", "Secrétariat", datetime.date(2009, 12, 15), True)]),
      ("L'écart de la mobilité entre les deux sens ne dépassera pas cinq participants en 2010.",
       [("Relancer les collectivités québécoises d'envoi", "Secrétariat, côté Québec",
         datetime.date(2010, 3, 31), False)])]),
    ("Comité technique 2010", "comite-technique", Meeting.Kind.MEETING,
     _at(MONTREAL, 2010, 10, 20, 9, 0), _at(MONTREAL, 2010, 10, 20, 16, 30), "Hôtel de ville, Trois-Rivières", QC,
     "1. Bilan 2010\n2. Préparation des Assises\n3. Rapport du groupe de travail tripartite",
     "Le comité a entendu le rapport du groupe de travail et préparé les Assises.",
     [("Le comité retient deux projets tripartites pour l'appel 2011.",
       [("Préparer l'appel 2011 avec un volet tripartite", "Groupe de travail tripartite",
         datetime.date(2011, 2, 28), False)])]),
    ("Assises de la coopération décentralisée franco-québécoise", None, Meeting.Kind.EVENT,
     _at(PARIS, 2010, 11, 18, 9, 0), _at(PARIS, 2010, 11, 19, 17, 0), "Rhône-Alpes", FR,
     "Les élus et les acteurs de la coopération des deux côtés, deux ans après les Assises de 2008.", "", []),
]


@transaction.atomic
def load_demo() -> str:
    Meeting.objects.filter(is_demo=True).delete()
    bodies = {}
    for position, (slug, name, kind, description, mandate, members) in enumerate(BODIES):
        body, _created = Body.objects.update_or_create(slug=slug, defaults={
            "name": name, "kind": kind, "description": description, "mandate": mandate, "position": position,
            "is_demo": True})
        body.memberships.all().delete()
        Membership.objects.bulk_create(Membership(body=body, name=person, role=role, side=side, start_date=SINCE)
                                       for person, role, side in members)
        bodies[slug] = body
    items = 0
    for title, slug, kind, start, end, place, side, agenda, minutes, decisions in MEETINGS:
        meeting = Meeting.objects.create(
            body=bodies.get(slug), title=title, kind=kind, starts_at=start, ends_at=end, place=place, side=side,
            agenda=agenda, minutes=minutes, is_published=True, is_demo=True)
        if slug:
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, membership=member, name=member.name, side=member.side)
                for member in bodies[slug].memberships.order_by("pk"))
        for position, (text, actions) in enumerate(decisions, start=1):
            decision = Decision.objects.create(meeting=meeting, text=text, position=position)
            for action, owner, due, done in actions:
                ActionItem.objects.create(decision=decision, text=action, owner=owner, due_date=due, is_done=done)
                items += 1
    return _("%(bodies)s instances, %(meetings)s réunions et événements, %(items)s actions") % {
        "bodies": len(BODIES), "meetings": len(MEETINGS), "items": items}
