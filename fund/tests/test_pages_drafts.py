"""A collectivity editor's draft through the pages: created for their own collectivity
while the call is open, completed part by part (saved as they go, a stale save shown with
what changed and the input kept), the eligibility problems listed, submitted before the
deadline."""
import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.dates import short_date, time_of_day
from fund import actions
from fund.models import Application, Stage

from .factories import make_application

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lyon(client, personas):
    client.force_login(personas["lyon"])
    return client


@pytest.fixture
def empty_draft(call, personas, lyon_commune):
    return make_application(call, lyon_commune, complete=False, title="Brouillon vide")


def test_an_editor_creates_a_draft_for_their_collectivity(lyon, call, lyon_commune, personas):
    response = lyon.post(f"/fonds/appels/{call.pk}/candidater/", {"lead": lyon_commune.pk, "title": "Jeunes relais",
                                                                 "summary": "Échanges"})
    application = Application.objects.get(title="Jeunes relais")
    assert response.status_code == 302 and response.url == f"/fonds/demandes/{application.pk}/modifier/"
    assert (application.lead, application.stage, application.created_by) == (lyon_commune, Stage.DRAFT,
                                                                             personas["lyon"])
    assert "Le brouillon « Jeunes relais » est créé" in text(lyon.get(response.url))


def test_an_editor_cannot_create_a_draft_for_another_collectivity(lyon, call, trois_rivieres_ville):
    response = lyon.post(f"/fonds/appels/{call.pk}/candidater/", {"lead": trois_rivieres_ville.pk, "title": "Non"})
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Collectivité cheffe de file" in text(response)


def test_a_closed_call_takes_no_new_draft(lyon, call):
    call.opens_at, call.closes_at = timezone.now() - datetime.timedelta(days=30), timezone.now()
    call.save()
    response = lyon.get(f"/fonds/appels/{call.pk}/candidater/")
    assert response.status_code == 403 and "est clos : il ne reçoit plus de demande" in text(response)


def test_the_draft_is_completed_part_by_part(lyon, empty_draft, call, trois_rivieres_ville):
    base = f"/fonds/demandes/{empty_draft.pk}/"
    theme = call.themes.first()
    steps = [
        ("modifier/", {"title": "Jeunes ambassadeurs", "summary": "Échanges de jeunes.", "themes": [theme.pk],
                       "version": empty_draft.version}, "Le brouillon est enregistré."),
        ("partenaires/ajouter/", {"partenaires-collectivity": "qc:37067"}, "La collectivité partenaire est ajoutée."),
        ("calendrier/ajouter/", {"calendrier-year": "2026", "calendrier-fund_eur": "10000", "calendrier-own_eur": "12000",
                                 "calendrier-fund_cad": "15000", "calendrier-own_cad": "15000"},
         "L'année est enregistrée dans le calendrier."),
        ("lieux/ajouter/", {"lieux-side": "fr", "lieux-place": "Lyon"}, "Le lieu d'activité est ajouté."),
        ("lieux/ajouter/", {"lieux-side": "qc", "lieux-place": "Trois-Rivières"}, "Le lieu d'activité est ajouté."),
    ]
    for path, data, message in steps:
        response = lyon.post(base + path, data)
        assert response.status_code == 302, (path, text(response)[:2000])
        assert message in text(lyon.get(response.url))
    for kind, name in (("accord", "accord.txt"), ("deliberation", "deliberation.pdf")):
        content = b"%PDF-1.4\n%%EOF\n" if name.endswith(".pdf") else b"Accord des partenaires"
        response = lyon.post(base + "pieces/ajouter/", {"pieces-kind": kind,
                                                        "pieces-file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, text(response)[:2000]
    empty_draft.refresh_from_db()
    assert empty_draft.title == "Jeunes ambassadeurs" and list(empty_draft.themes.all()) == [theme]
    assert [c.collectivity for c in empty_draft.co_applicant_links.all()] == [trois_rivieres_ville]
    assert empty_draft.years.get().fund_eur == 10000 and empty_draft.documents.count() == 2
    content = text(lyon.get(base + "modifier/"))
    assert "La demande remplit toutes les conditions de l'appel." in content


def test_the_draft_page_lists_what_to_change_to_be_eligible(lyon, empty_draft):
    content = text(lyon.get(f"/fonds/demandes/{empty_draft.pk}/modifier/"))
    for expected in ("Ajoutez au moins une collectivité québécoise parmi les demandeurs",
                     "Indiquez au moins un lieu d'activité côté Québec",
                     "Ajoutez le calendrier annuel du projet", "Choisissez au moins un des thèmes de l'appel.",
                     "Joignez la pièce « Accord signé des partenaires »."):
        assert expected in content, expected


def test_an_upload_whose_content_is_not_its_extension_is_refused(lyon, empty_draft):
    response = lyon.post(f"/fonds/demandes/{empty_draft.pk}/pieces/ajouter/", {
        "pieces-kind": "accord", "pieces-file": SimpleUploadedFile("accord.pdf", b"pas un PDF")})
    assert response.status_code == 200 and not empty_draft.documents.exists()
    assert "Le contenu de « accord.pdf » ne correspond pas à son extension .pdf : c'est du texte." in text(response)


def test_an_amount_is_a_decimal_with_cents_never_negative(lyon, empty_draft):
    response = lyon.post(f"/fonds/demandes/{empty_draft.pk}/calendrier/ajouter/", {
        "calendrier-year": "2026", "calendrier-fund_eur": "-5", "calendrier-own_eur": "1.234",
        "calendrier-fund_cad": "0", "calendrier-own_cad": "0"})
    assert response.status_code == 200 and not empty_draft.years.exists()
    assert 'id="id_calendrier-fund_eur_errors"' in response.content.decode()
    assert 'id="id_calendrier-own_eur_errors"' in response.content.decode()


def test_a_stale_save_shows_what_changed_and_keeps_the_input(lyon, empty_draft, personas):
    read_version = empty_draft.version
    actions.save_draft(Application.objects.get(pk=empty_draft.pk), by=personas["lyon"], title="Titre d'un collègue")
    response = lyon.post(f"/fonds/demandes/{empty_draft.pk}/modifier/", {
        "title": "Mon titre", "summary": "Mon résumé", "version": read_version})
    content = text(response)
    assert response.status_code == 200
    assert "Depuis que vous avez ouvert ce formulaire, une modification a été enregistrée par lyon" in content
    assert "Titre : « Brouillon vide » → « Titre d'un collègue »" in content
    assert 'value="Mon titre"' in content and "Mon résumé" in content
    assert Application.objects.get(pk=empty_draft.pk).title == "Titre d'un collègue"
    # Saving again, deliberately, overwrites: the form now carries the current version.
    current = response.context["form"].data["version"]
    response = lyon.post(f"/fonds/demandes/{empty_draft.pk}/modifier/", {
        "title": "Mon titre", "summary": "Mon résumé", "version": current})
    assert response.status_code == 302 and Application.objects.get(pk=empty_draft.pk).title == "Mon titre"


def test_a_part_is_removed_from_the_draft(lyon, application):
    location = application.locations.get(side="qc")
    response = lyon.post(f"/fonds/demandes/{application.pk}/lieux/{location.pk}/retirer/")
    assert response.status_code == 302 and not application.locations.filter(side="qc").exists()
    assert "Indiquez au moins un lieu d'activité côté Québec" in text(lyon.get(response.url))


def test_a_submitted_application_is_no_longer_edited(lyon, application, personas):
    actions.submit(application, by=personas["lyon"])
    response = lyon.get(f"/fonds/demandes/{application.pk}/modifier/")
    assert response.status_code == 403 and "seul un brouillon se modifie" in text(response)
    assert "Compléter le brouillon" not in text(lyon.get(f"/fonds/demandes/{application.pk}/"))


def test_the_lead_submits_from_the_draft_page(lyon, application):
    assert "Déposer la demande" in text(lyon.get(f"/fonds/demandes/{application.pk}/modifier/"))
    response = lyon.post(f"/fonds/demandes/{application.pk}/etapes/deposer/")
    assert response.status_code == 302 and response.url == f"/fonds/demandes/{application.pk}/"
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED
    content = text(lyon.get(response.url))
    assert "La demande est déposée." in content and "Brouillon → Déposée" in content


def test_a_late_submission_is_refused_with_the_deadline_in_the_applicants_zone(lyon, application, call, personas):
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    lyon_user = personas["lyon"]
    lyon_user.time_zone = "America/Toronto"
    lyon_user.save()
    response = lyon.post(f"/fonds/demandes/{application.pk}/etapes/deposer/")
    deadline = call.closes_at.astimezone(ZoneInfo("America/Toronto"))
    assert response.status_code == 200
    assert (f"Trop tard : l'appel « {call.title} » a fermé le {short_date(deadline)} à {time_of_day(deadline)} "
            "(heure de Montréal)") in text(response)
    application.refresh_from_db()
    assert application.stage == Stage.DRAFT


def test_a_co_applicant_cannot_submit(client, personas, application):
    client.force_login(personas["trois_rivieres"])
    response = client.post(f"/fonds/demandes/{application.pk}/etapes/deposer/")
    assert response.status_code == 403
    assert "« Déposer la demande » est réservé aux éditeurs de la collectivité cheffe de file." in text(response)
    assert "Déposer la demande" not in text(client.get(f"/fonds/demandes/{application.pk}/modifier/"))
