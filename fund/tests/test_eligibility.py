"""Every rule of fund.eligibility, with an application that passes it and one that fails."""
from decimal import Decimal

import pytest

from fund import eligibility
from fund.models import ApplicationDocument, ApplicationYear, CallTheme, CoApplicant, DocumentKind
from fund.tests.factories import make_call
from projects.tests.factories import make_french_commune

pytestmark = pytest.mark.django_db


def test_the_complete_application_passes_every_rule(application):
    assert eligibility.problems(application) == []
    for rule in eligibility.RULES:
        assert rule(application) == [], rule.__name__


def test_it_needs_a_french_and_a_quebec_collectivity(application, trois_rivieres_ville):
    assert eligibility.both_sides(application) == []
    CoApplicant.objects.filter(collectivity=trois_rivieres_ville).delete()
    CoApplicant.objects.create(application=application, collectivity=make_french_commune())
    assert eligibility.both_sides(application) == [
        "Ajoutez au moins une collectivité québécoise parmi les demandeurs : le Fonds finance des projets de "
        "collectivités des deux côtés."]


def test_it_needs_activities_on_both_territories(application):
    assert eligibility.activities_on_both_territories(application) == []
    application.locations.filter(side="qc").delete()
    assert eligibility.activities_on_both_territories(application) == [
        "Indiquez au moins un lieu d'activité côté Québec : les activités doivent se dérouler sur les deux "
        "territoires."]


def test_the_fund_brings_at_most_what_the_collectivities_of_that_side_bring(application):
    # 15 000 $ asked, 15 000 $ brought: exactly 1:1 passes.
    assert eligibility.matching_and_caps(application) == []
    ApplicationYear.objects.filter(application=application, year=2027).update(own_cad=Decimal("14999.99"))
    (message,) = eligibility.matching_and_caps(application)
    assert message.startswith("Année 2027, côté Québec : la part demandée au Fonds (15\u202f000,00\u00a0$\u00a0CA) "
                              "dépasse l'apport des collectivités de ce côté (14\u202f999,99\u00a0$\u00a0CA) ; "
                              "ramenez-la à 14\u202f999,99\u00a0$\u00a0CA au plus ou augmentez l'apport")


def test_the_fund_share_stays_within_the_cap_per_project_and_year(application):
    ApplicationYear.objects.filter(application=application, year=2026).update(
        fund_eur=Decimal("16000"), own_eur=Decimal("20000"))
    assert eligibility.matching_and_caps(application) == []
    ApplicationYear.objects.filter(application=application, year=2026).update(fund_eur=Decimal("16000.01"))
    assert eligibility.matching_and_caps(application) == [
        "Année 2026, côté France : la part demandée au Fonds (16\u202f000,01\u00a0€) dépasse le plafond de "
        "l'appel (16\u202f000,00\u00a0€ par projet et par année) ; ramenez-la à 16\u202f000,00\u00a0€ au plus."]


def test_the_schedule_stays_within_the_call_years(application):
    assert eligibility.schedule_within_call(application) == []
    ApplicationYear.objects.filter(application=application, year=2027).update(year=2028)
    messages = eligibility.schedule_within_call(application)
    assert messages[0] == "Les années 2028 sont hors de l'appel : ne demandez que des années de 2026 à 2027."
    assert "Le projet dure 3 ans (2026-2028) : l'appel finance 2 ans au plus ; raccourcissez le calendrier." in messages
    assert "Le calendrier saute les années 2027 : ajoutez-les (même à zéro) ou raccourcissez le projet." in messages


def test_the_duration_stays_within_the_call_maximum(application):
    application.call.max_duration_years = 1
    assert eligibility.schedule_within_call(application) == [
        "Le projet dure 2 ans (2026-2027) : l'appel finance 1 ans au plus ; raccourcissez le calendrier."]


def test_it_needs_a_schedule(application):
    application.years.all().delete()
    assert eligibility.schedule_within_call(application)[0].startswith("Ajoutez le calendrier annuel du projet")


def test_themes_are_the_calls(application):
    assert eligibility.themes_of_the_call(application) == []
    other_call = make_call(title="Appel suivant")
    application.themes.add(CallTheme.objects.create(call=other_call, title="Tourisme"))
    assert eligibility.themes_of_the_call(application) == [
        "Les thèmes « Tourisme » ne sont pas ceux de cet appel : choisissez parmi les thèmes de « Appel 2026-2027 »."]
    application.themes.clear()
    assert eligibility.themes_of_the_call(application) == ["Choisissez au moins un des thèmes de l'appel."]


def test_required_documents_are_present(application):
    assert eligibility.required_documents(application) == []
    # A letter of intent does instead of the délibération.
    application.documents.filter(kind=DocumentKind.RESOLUTION).update(kind=DocumentKind.LETTER_OF_INTENT)
    assert eligibility.required_documents(application) == []
    ApplicationDocument.objects.filter(application=application).delete()
    assert eligibility.required_documents(application) == [
        "Joignez la pièce « Accord signé des partenaires ».",
        "Joignez la pièce « Délibération du conseil » ou, à défaut, « Lettre d'intention chiffrée ».",
    ]
