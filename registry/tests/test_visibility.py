"""Who reads which records (Agreement/Twinning.objects.visible_to), shared by the pages,
the API and the exports."""
from django.contrib.auth.models import AnonymousUser

from registry.models import Agreement, Twinning

from .records_data import *  # noqa: F403
from .records_data import GOVERNMENT, make_agreement, party


def titles(user):
    return set(Agreement.objects.visible_to(user).values_list("title", flat=True))


def twinning_ids(user):
    return set(Twinning.objects.visible_to(user).values_list("pk", flat=True))


def test_the_public_reads_what_is_published(records):
    assert titles(AnonymousUser()) == {"7e plan d'action Québec – Rhône-Alpes", "8e plan d'action Québec – Rhône-Alpes"}
    assert twinning_ids(AnonymousUser()) == {records["annecy"].pk, records["lyon"].pk}


def test_the_secretariat_and_the_committees_read_everything(records, personas):
    for persona in ("secretariat", "committee"):
        assert len(titles(personas[persona])) == 4
        assert len(twinning_ids(personas[persona])) == 3


def test_an_editor_reads_their_collectivitys_unpublished_records(records, personas):
    assert "Protocole Lyon – Trois-Rivières" in titles(personas["lyon"])
    assert "9e plan d'action Québec – Auvergne-Rhône-Alpes" not in titles(personas["lyon"])
    assert titles(personas["outsider"]) == titles(AnonymousUser())
    assert records["chicoutimi"].pk not in twinning_ids(personas["lyon"])


def test_the_editor_of_saguenay_reads_the_unpublished_twinning_of_chicoutimi(records, saguenay_editor):
    assert records["chicoutimi"].pk in twinning_ids(saguenay_editor)


def test_the_editor_of_a_region_reads_what_its_former_region_signed(records, places, personas, django_user_model):
    make_agreement(personas["secretariat"], party(places["rhone_alpes"]), dict(GOVERNMENT), title="Projet Rhône-Alpes",
                   is_published=False)
    editor = django_user_model.objects.create_user("ara", "ara@example.org", "mot-de-passe-sûr-42")
    editor.memberships.create(collectivity=places["ara"])
    assert {"Projet Rhône-Alpes", "9e plan d'action Québec – Auvergne-Rhône-Alpes"} <= titles(editor)
    assert "Projet Rhône-Alpes" not in titles(personas["lyon"])
