"""Demonstration data of the fund: the plan's 2009 and 2010 envelopes (150 000 € and
225 000 $ in 2009, 200 000 € and 300 000 $ in 2010) and the 2009-2010 call with
applications at several stages, from a draft to a closed project, each brought there by
the actions a real user would run (fund.actions).

`load_demo()` is safe to run again: it replaces the demo call and what came of it.
Collectivities are looked up by their official code and created (is_demo) only when the
registry lacks them; the demo accounts are those of `maillage demo` when present.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from projects.models import Project
from territories.models import Collectivity, Kind, Side

from . import actions
from .models import (
    Application, Call, CallTheme, Commitment, Coordinator, Criterion, Disbursement, DocumentKind, Envelope,
    RequiredDocument, Report, Stage,
)
from .money import currency_of

ENVELOPES = {
    (2009, Side.FRANCE): Decimal("150000"), (2009, Side.QUEBEC): Decimal("225000"),
    (2010, Side.FRANCE): Decimal("200000"), (2010, Side.QUEBEC): Decimal("300000"),
}
CALL_TITLE = "Appel à projets 2009-2010 du Fonds franco-québécois (démo)"
PARIS = ZoneInfo("Europe/Paris")
# Inside the call's window: the demo's submissions happened then.
SUBMITTED_AT = datetime.datetime(2009, 2, 2, 10, 0, tzinfo=PARIS)

# key: (side, kind, code, name if the registry lacks it, designation, région's key)
COLLECTIVITIES = {
    "auvergne-rhone-alpes": (Side.FRANCE, Kind.REGION, "84", "Auvergne-Rhône-Alpes", "", None),
    "nouvelle-aquitaine": (Side.FRANCE, Kind.REGION, "75", "Nouvelle-Aquitaine", "", None),
    "mauricie": (Side.QUEBEC, Kind.REGION, "04", "Mauricie", "", None),
    "capitale-nationale": (Side.QUEBEC, Kind.REGION, "03", "Capitale-Nationale", "", None),
    "lyon": (Side.FRANCE, Kind.COMMUNE, "69123", "Lyon", "", "auvergne-rhone-alpes"),
    "bordeaux": (Side.FRANCE, Kind.COMMUNE, "33063", "Bordeaux", "", "nouvelle-aquitaine"),
    "trois-rivieres": (Side.QUEBEC, Kind.MUNICIPALITE, "37067", "Trois-Rivières", "Ville", "mauricie"),
    "quebec": (Side.QUEBEC, Kind.MUNICIPALITE, "23027", "Québec", "Ville", "capitale-nationale"),
}
ACCOUNTS = {
    "secretariat": {"is_secretariat": True, "is_staff": True},
    "comite": {"is_committee_member": True},
    "evaluateur": {"is_fund_reviewer": True},
}

# (title, lead, co-applicant, the stage it ends at)
APPLICATIONS = [
    ("Jeunes ambassadeurs du Saint-Laurent et du Rhône", "lyon", "trois-rivieres", Stage.DRAFT),
    ("Tourisme fluvial partagé", "bordeaux", "quebec", Stage.SUBMITTED),
    ("Résidences d'artistes croisées", "lyon", "quebec", Stage.INELIGIBLE),
    ("Circuits courts agroalimentaires", "bordeaux", "trois-rivieres", Stage.UNDER_REVIEW),
    ("Gestion intégrée des berges", "lyon", "trois-rivieres", Stage.NOT_SELECTED),
    ("Écoquartiers en réseau", "bordeaux", "quebec", Stage.DECIDED),
    ("Numérique dans les bibliothèques", "lyon", "quebec", Stage.IN_PROGRESS),
    ("Mobilité des jeunes travailleurs", "bordeaux", "trois-rivieres", Stage.CLOSED),
]


def _collectivity(key: str, found: dict) -> Collectivity:
    side, kind, code, name, designation, region = COLLECTIVITIES[key]
    collectivity = Collectivity.objects.current().filter(side=side, kind=kind, code=code).first()
    if collectivity is None:
        collectivity = Collectivity(side=side, kind=kind, code=code, designation=designation, is_demo=True,
                                    country="FR" if side == Side.FRANCE else "CA")
        collectivity.set_name(name)
    if region and collectivity.region_id is None and (collectivity.is_demo or collectivity.pk is None):
        # Only a demo collectivity is placed in its région here; the registry's own are
        # placed by its import.
        collectivity.region = found[region]
    collectivity.save()
    return collectivity


def _account(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model()(username=username, last_name="(démo)", **ACCOUNTS[username])
        user.set_unusable_password()
        user.save()
    return user


def _remove_previous() -> None:
    previous = Application.objects.filter(call__title=CALL_TITLE)
    projects = Project.objects.filter(is_demo=True, fund_applications__in=previous)
    projects.delete()
    Disbursement.objects.filter(application__in=previous).delete()
    Commitment.objects.filter(application__in=previous).delete()
    Report.objects.filter(application__in=previous).delete()
    previous.delete()
    Call.objects.filter(title=CALL_TITLE).delete()


def _call(found: dict) -> Call:
    call = Call.objects.create(
        title=CALL_TITLE, periodicity=Call.Periodicity.BIENNIAL,
        description="Projets de coopération décentralisée sur un ou deux ans.",
        opens_at=datetime.datetime(2008, 12, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime.datetime(2009, 3, 16, 12, 0, tzinfo=PARIS),
        first_year=2009, last_year=2010, max_duration_years=2, cap_eur=Decimal("16000"), cap_cad=Decimal("20000"),
        follow_up_share=Decimal("5"))
    for position, title in enumerate(("Développement durable", "Jeunesse", "Culture et patrimoine", "Économie")):
        CallTheme.objects.create(call=call, title=title, position=position)
    RequiredDocument.objects.create(call=call, kind=DocumentKind.AGREEMENT)
    RequiredDocument.objects.create(call=call, kind=DocumentKind.RESOLUTION, alternative=DocumentKind.LETTER_OF_INTENT)
    for position, (label, points) in enumerate((("Intérêt pour les deux territoires", 20),
                                                ("Qualité du partenariat", 20), ("Retombées mesurables", 10))):
        Criterion.objects.create(call=call, label=label, max_points=points, position=position)
    # 2009: the conseils régionaux and the CRÉ (abolished in 2015) coordinate.
    for territory, body, name in (("auvergne-rhone-alpes", "auvergne-rhone-alpes", ""),
                                  ("nouvelle-aquitaine", "nouvelle-aquitaine", ""),
                                  ("mauricie", None, "Conférence régionale des élus de la Mauricie"),
                                  ("capitale-nationale", None, "Conférence régionale des élus de la Capitale-Nationale")):
        Coordinator.objects.create(call=call, territory=found[territory], body=found[body] if body else None,
                                   body_name=name)
    return call


def _fill(application: Application, co_applicant: Collectivity, *, by, complete: bool) -> None:
    actions.add_co_applicant(application, collectivity=co_applicant, by=by)
    for year in (2009, 2010):
        actions.set_year(application, year=year, by=by, fund_eur=Decimal("12000"), fund_cad=Decimal("18000"),
                         own_eur=Decimal("15000"), own_cad=Decimal("20000"))
    actions.add_location(application, side=Side.FRANCE, place=application.lead.name, by=by)
    actions.set_themes(application, themes=list(application.call.themes.all()[:2]), by=by)
    actions.attach_document(application, kind=DocumentKind.AGREEMENT, by=by,
                            file=ContentFile(b"Accord des partenaires (demo)", name="accord.txt"))
    if complete:
        actions.add_location(application, side=Side.QUEBEC, place=co_applicant.name, by=by)
        actions.attach_document(application, kind=DocumentKind.RESOLUTION, by=by,
                                file=ContentFile(b"Deliberation du conseil (demo)", name="deliberation.txt"))


def _advance(application: Application, target: str, people: dict) -> None:
    """Run the actions that bring `application` from a draft to `target`."""
    sec, reviewer, committee = people["secretariat"], people["evaluateur"], people["comite"]
    order = [Stage.DRAFT, Stage.SUBMITTED, Stage.ELIGIBLE, Stage.UNDER_REVIEW, Stage.SELECTED, Stage.DECIDED,
             Stage.IN_PROGRESS, Stage.CLOSED]
    reach = {Stage.INELIGIBLE: Stage.ELIGIBLE, Stage.NOT_SELECTED: Stage.SELECTED}.get(target, target)
    steps = order[1:order.index(reach) + 1]
    for step in steps:
        if step == Stage.SUBMITTED:
            actions.submit(application, by=sec, now=SUBMITTED_AT)
        elif step == Stage.ELIGIBLE:
            territories = application.territories().values()
            if not territories:
                # Applicants placed in no région (a registry imported without its régions):
                # no coordinating body can endorse; the application stays submitted.
                return
            for territory in territories:
                actions.endorse(application, territory=territory, by=sec)
            actions.check_eligibility(application, by=sec)
        elif step == Stage.UNDER_REVIEW:
            (review,) = actions.open_review(application, by=sec, reviewers=[reviewer])
            points = {criterion.pk: criterion.max_points * 3 // 4 for criterion in application.call.criteria.all()}
            actions.submit_review(review, by=reviewer, scores=points, comment="Projet solide et bien partagé.")
        elif step == Stage.SELECTED:
            if target == Stage.NOT_SELECTED:
                actions.not_select(application, by=committee, note="Enveloppe réservée à des projets plus avancés.")
                return
            actions.select(application, by=committee)
        elif step == Stage.DECIDED:
            for side, amount in ((Side.FRANCE, Decimal("12000")), (Side.QUEBEC, Decimal("18000"))):
                actions.decide(application, side=side, by=sec, amounts={2009: amount, 2010: amount})
            Project.objects.filter(pk=application.project_id).update(is_demo=True)
        elif step == Stage.IN_PROGRESS:
            actions.sign_agreement(application, by=sec, signed_on=datetime.date(2009, 6, 1))
            actions.disburse(application, side=Side.FRANCE, year=2009, amount=Decimal("6000"), by=sec,
                             paid_on=datetime.date(2009, 7, 1))
        elif step == Stage.CLOSED:
            for side in (Side.FRANCE, Side.QUEBEC):
                for year in (2009, 2010):
                    committed = application.commitments.get(side=side, year=year).amount
                    paid = sum((d.amount for d in application.disbursements.filter(side=side, year=year)),
                               Decimal("0"))
                    if committed > paid:
                        actions.disburse(application, side=side, year=year, amount=committed - paid, by=sec,
                                         paid_on=datetime.date(year, 9, 1))
            for kind, day in (("etape", datetime.date(2009, 12, 15)), ("final", datetime.date(2011, 1, 31))):
                actions.record_report(application, kind=kind, by=sec, received_on=day, sender=application.lead)
            actions.close(application, by=sec, note="Rapport final approuvé.")


@transaction.atomic
def load_demo() -> None:
    """The plan's 2009 and 2010 envelopes and the demo call, replaced (idempotent)."""
    for (year, side), amount in ENVELOPES.items():
        envelope = Envelope.objects.filter(year=year, side=side).first() or Envelope(year=year, side=side)
        envelope.amount, envelope.currency, envelope.note = amount, currency_of(side), "Plan d'action 2008-2010"
        envelope.full_clean()
        envelope.save()
    _remove_previous()
    found: dict[str, Collectivity] = {}
    for key in COLLECTIVITIES:
        found[key] = _collectivity(key, found)
    people = {username: _account(username) for username in ACCOUNTS}
    call = _call(found)
    for title, lead, co_applicant, target in APPLICATIONS:
        application = actions.create_application(call=call, lead=found[lead], by=people["secretariat"], title=title,
                                                 summary=f"{title} : projet de démonstration.")
        _fill(application, found[co_applicant], by=people["secretariat"], complete=target != Stage.INELIGIBLE)
        _advance(application, target, people)
