"""A save read at an older version is refused, with what changed meanwhile, instead of
silently reverting it (core/locking.py)."""
import datetime
import html
import re
import threading
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from django.test import Client

from core.locking import VersionConflict, claim_version
from projects import actions
from projects.models import Activity, BudgetLine, Contact, Document, Measurement, Partner, Project, Update

from .factories import fill_project, make_project

pytestmark = pytest.mark.django_db

PROJECT_DATA = {
    "summary": "Résidences croisées de jeunes artistes", "description": "", "start_date": "2025-01-01",
    "end_date": "2027-12-31", "status": "en_cours",
}


def version_in(page) -> str:
    return re.search(r'name="version" value="(\d+)"', page.content.decode())[1]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_second_of_two_saves_is_refused_with_the_change_and_keeps_its_input(personas, lyon_commune):
    project = make_project(lyon_commune, title="Relève artistique")
    url = f"/projets/{project.pk}/modifier/"
    secretariat, lyon = client_of(personas["secretariat"]), client_of(personas["lyon"])
    read_by_secretariat, read_by_lyon = version_in(secretariat.get(url)), version_in(lyon.get(url))

    first = secretariat.post(url, {**PROJECT_DATA, "title": "Relève artistique franco-québécoise",
                                   "version": read_by_secretariat})
    assert first.status_code == 302
    second = lyon.post(url, {**PROJECT_DATA, "title": "Jeunes artistes en résidence", "version": read_by_lyon})

    assert second.status_code == 200
    page = html.unescape(second.content.decode())
    assert "Depuis que vous avez ouvert ce formulaire, une modification a été enregistrée par secretariat le" in page
    assert "Titre : « Relève artistique » → « Relève artistique franco-québécoise »" in page
    assert "Vos saisies sont conservées ci-dessous" in page
    assert 'value="Jeunes artistes en résidence"' in page  # Lyon's input, kept
    project.refresh_from_db()
    assert project.title == "Relève artistique franco-québécoise"
    assert version_in(second) == str(project.version) != read_by_lyon

    again = lyon.post(url, {**PROJECT_DATA, "title": "Jeunes artistes en résidence", "version": version_in(second)})
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.title == "Jeunes artistes en résidence"
    assert project.history.latest().history_user == personas["lyon"]


def test_the_conflict_names_changed_pistes_and_leaves_the_unchanged_fields_out(personas, lyon_commune):
    from .factories import make_plan_items

    pistes, _theme = make_plan_items()
    project = make_project(lyon_commune, title="Relève artistique")
    url = f"/projets/{project.pk}/modifier/"
    lyon = client_of(personas["lyon"])
    read = version_in(lyon.get(url))
    actions.update_project(project, by=personas["secretariat"], pistes=[pistes[0]])
    response = lyon.post(url, {**PROJECT_DATA, "title": "Relève artistique", "version": read})
    page = html.unescape(response.content.decode())
    assert "Pistes : « — » → « dd-1 — Piste 1 »" in page
    assert "Titre :" not in page
    assert not Project.objects.get().pistes.exclude(pk=pistes[0].pk).exists()


def test_a_write_without_a_version_is_not_checked_but_makes_open_forms_stale(personas, lyon_commune):
    project = make_project(lyon_commune, title="Relève artistique")
    assert project.version == 1
    actions.update_project(project, by=personas["secretariat"], title="Autre titre")
    assert Project.objects.get().version == 2
    with pytest.raises(VersionConflict) as refused:
        actions.update_project(Project.objects.get(), by=personas["lyon"], version=1, title="Encore")
    assert refused.value.current_version == 2
    assert [c.label for c in refused.value.changes] == ["Titre"]
    assert Project.objects.get().title == "Autre titre"


def test_of_two_saves_read_at_the_same_version_only_one_updates_the_row(personas, lyon_commune):
    make_project(lyon_commune)
    first, second = Project.objects.get(), Project.objects.get()
    with transaction.atomic():
        claim_version(first, 1)
    with pytest.raises(VersionConflict), transaction.atomic():
        claim_version(second, 1)
    assert (first.version, Project.objects.get().version) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_read_at_the_same_version_cannot_both_pass(personas, lyon_commune):
    """Both transactions start after both have read version 1; the database lets one
    compare-and-swap through and the other finds the version moved on."""
    project = make_project(lyon_commune)
    both_read = threading.Barrier(2, timeout=20)
    outcomes = []

    def save(title):
        try:
            instance = Project.objects.get(pk=project.pk)
            both_read.wait()
            for _attempt in range(200):
                try:
                    with transaction.atomic():
                        claim_version(instance, 1)
                        instance.title = title
                        instance.save()
                    break
                except OperationalError as error:
                    # SQLite's in-memory test database refuses a second writer rather
                    # than making it wait as PostgreSQL does: it tries again.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.02)
            outcomes.append(("saved", title))
        except VersionConflict:
            outcomes.append(("refused", title))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(title,)) for title in ("Premier", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcome for outcome, _title in outcomes) == ["refused", "saved"]
    saved = next(title for outcome, title in outcomes if outcome == "saved")
    assert Project.objects.values_list("title", "version").get() == (saved, 2)


def _items(project, personas, lyon_commune):
    """For each kind of item_edit: the item, the form's data, and how someone else changes it."""
    indicator = fill_project(project, author=personas["lyon"], territory=lyon_commune)
    # An approved value makes the indicator the secretariat's only: Lyon edits its draft.
    Measurement.objects.filter(status=Measurement.Status.APPROVED).delete()
    partner = project.partners.get(collectivity=lyon_commune)
    contact = Contact.objects.get()
    line = BudgetLine.objects.get(source="FFQCD")
    activity = Activity.objects.get()
    update = Update.objects.get()
    draft = Measurement.objects.get(status=Measurement.Status.DRAFT)
    document = Document.objects.create(project=project, title="Convention", uploaded_by=personas["lyon"],
                                       file=SimpleUploadedFile("convention.txt", b"Convention de partenariat"))
    return {
        "budget": (line, {"source": "FFQCD 2025", "amount": "12000", "currency": "EUR", "year": "2025"},
                   {"amount": Decimal("11000")}, "Montant"),
        "activites": (activity, {"kind": "activite", "title": "Mission à Lyon", "start_date": "2024-05-01",
                                 "status": "prevue"}, {"title": "Mission à Québec"}, "Titre"),
        "contacts": (contact, {"partner": contact.partner_id, "name": "Marie Tremblay", "kind": "elu", "role": "",
                               "email": ""}, {"name": "Marie Gagnon"}, "Nom"),
        "documents": (document, {"title": "Convention signée"}, {"title": "Convention 2025"}, "Titre"),
        "indicateurs": (indicator, {"name": "Emplois", "category": "economique", "unit": "emplois", "baseline": "0",
                                    "target": "12", "territory": lyon_commune.pk}, {"unit": "postes"}, "Unité"),
        "partenaires": (partner, {"role": "partenaire"}, {"role": Partner.Role.FUNDER}, "Rôle"),
        "journal": (update, {"date": "2024-06-01", "text": "Mission réalisée à Québec"},
                    {"text": "Mission reportée"}, "Texte"),
        "mesures": (draft, {"period_start": "2024-07-01", "period_end": "2024-12-31", "value": "8"},
                    {"value": Decimal("9")}, "Valeur mesurée"),
    }


@pytest.mark.parametrize("kind", ["budget", "activites", "contacts", "documents", "indicateurs", "partenaires",
                                  "journal", "mesures"])
def test_a_stale_save_of_each_item_is_refused(personas, lyon_commune, kind):
    project = make_project(lyon_commune)
    item, data, other_change, label = _items(project, personas, lyon_commune)[kind]
    url = f"/projets/{project.pk}/{kind}/{item.pk}/modifier/"
    lyon = client_of(personas["lyon"])
    read = version_in(lyon.get(url))
    fresh = type(item).objects.get(pk=item.pk)
    for name, value in other_change.items():
        setattr(fresh, name, value)
    actions.save_item(fresh, project=project, by=personas["secretariat"], version=int(read))

    response = lyon.post(url, {**data, "version": read})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "une modification a été enregistrée par secretariat" in page
    assert f"{label} : « " in page
    stored = type(item).objects.get(pk=item.pk)
    for name, value in other_change.items():
        assert getattr(stored, name) == value
    assert response.context["form"]["version"].value() == str(stored.version)


def test_approving_a_measurement_makes_its_open_edit_form_stale(personas, lyon_commune):
    project = make_project(lyon_commune)
    fill_project(project, author=personas["lyon"], territory=lyon_commune)
    draft = Measurement.objects.get(status=Measurement.Status.DRAFT)
    version = draft.version
    actions.approve_measurement(draft, by=personas["secretariat"])
    assert Measurement.objects.get(pk=draft.pk).version == version + 1


def test_a_unreadable_version_is_shown_above_the_form(personas, lyon_commune):
    project = make_project(lyon_commune, title="Relève artistique")
    lyon = client_of(personas["lyon"])
    response = lyon.post(f"/projets/{project.pk}/modifier/", {**PROJECT_DATA, "title": "Autre", "version": "abc"})
    assert "La version de ce formulaire est illisible : rechargez la page." in html.unescape(response.content.decode())
    assert Project.objects.get().title == "Relève artistique"


def test_the_history_keeps_each_version(personas, lyon_commune):
    project = make_project(lyon_commune)
    actions.update_project(project, by=personas["lyon"], version=1, title="Deux",
                           start_date=datetime.date(2024, 1, 1))
    assert list(project.history.order_by("history_date").values_list("version", flat=True)) == [1, 2]
