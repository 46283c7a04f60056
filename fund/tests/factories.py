"""Builders for the fund's tests (plain functions, as in projects/tests/factories.py)."""
import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from fund.models import (
    ActivityLocation, Application, ApplicationDocument, ApplicationYear, Call, CallTheme, CoApplicant, Coordinator,
    Criterion, DocumentKind, Envelope, RequiredDocument,
)
from territories.models import Side


def make_call(*, coordinators=(), **fields) -> Call:
    """An open call (closing in ten days) for 2026-2027, two years at most, capped at
    16 000 € and 20 000 $ per project and year, with two themes, two required documents
    (the agreement; a délibération or a letter of intent), a grid of two criteria and
    `coordinators` as (territory, body collectivity or name)."""
    now = timezone.now()
    values = {"title": "Appel 2026-2027", "opens_at": now - datetime.timedelta(days=10),
              "closes_at": now + datetime.timedelta(days=10), "first_year": 2026, "last_year": 2027,
              "max_duration_years": 2, "cap_eur": Decimal("16000"), "cap_cad": Decimal("20000"),
              "follow_up_share": Decimal("5"), **fields}
    call = Call.objects.create(**values)
    CallTheme.objects.create(call=call, title="Jeunesse", position=1)
    CallTheme.objects.create(call=call, title="Développement durable", position=2)
    RequiredDocument.objects.create(call=call, kind=DocumentKind.AGREEMENT)
    RequiredDocument.objects.create(call=call, kind=DocumentKind.RESOLUTION, alternative=DocumentKind.LETTER_OF_INTENT)
    Criterion.objects.create(call=call, label="Intérêt pour les deux territoires", max_points=20, position=1)
    Criterion.objects.create(call=call, label="Qualité du partenariat", max_points=10, weight=Decimal("2"),
                             position=2)
    for territory, body in coordinators:
        if isinstance(body, str):
            Coordinator.objects.create(call=call, territory=territory, body_name=body)
        else:
            Coordinator.objects.create(call=call, territory=territory, body=body)
    return call


def make_application(call, lead, *co_applicants, complete=True, title="Jeunes ambassadeurs", **fields) -> Application:
    """A draft of `lead` with `co_applicants`; `complete`: eligible as it stands (a
    location on each side, 2026 and 2027 within the caps and matched 1:1, a theme, both
    documents)."""
    application = Application.objects.create(call=call, lead=lead, title=title, summary="Échanges de jeunes.",
                                             **fields)
    for collectivity in co_applicants:
        CoApplicant.objects.create(application=application, collectivity=collectivity)
    if complete:
        ActivityLocation.objects.create(application=application, side=Side.FRANCE, place="Lyon")
        ActivityLocation.objects.create(application=application, side=Side.QUEBEC, place="Trois-Rivières")
        for year in (2026, 2027):
            ApplicationYear.objects.create(application=application, year=year, fund_eur=Decimal("10000"),
                                           fund_cad=Decimal("15000"), own_eur=Decimal("12000"),
                                           own_cad=Decimal("15000"))
        application.themes.add(call.themes.first())
        for kind in (DocumentKind.AGREEMENT, DocumentKind.RESOLUTION):
            ApplicationDocument.objects.create(application=application, kind=kind,
                                               file=ContentFile(b"piece", name=f"{kind}.txt"))
    return application


def make_envelopes(*years, eur=Decimal("150000"), cad=Decimal("225000")) -> None:
    for year in years:
        Envelope.objects.create(side=Side.FRANCE, year=year, amount=eur, currency="EUR")
        Envelope.objects.create(side=Side.QUEBEC, year=year, amount=cad, currency="CAD")
