"""Writing agreements and twinnings (registry/actions.py): the rules, who may, the version
check, the history and the bin."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.locking import VersionConflict
from registry import actions
from registry import places as read_model
from registry.models import Agreement, AgreementParty, Twinning, TwinningCommittee
from territories.models import Side

from .records_data import *  # noqa: F403
from .records_data import GOVERNMENT, make_agreement, make_twinning, party


def messages(error: ValidationError) -> str:
    return " ".join(m for ms in error.message_dict.values() for m in ms)


def test_an_agreement_needs_a_party_on_each_side(places, personas):
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"]), party(places["villeurbanne"]))
    assert "au moins une partie française et une partie québécoise" in messages(error.value)
    assert not Agreement.objects.exists()


def test_a_third_country_party_joins_both_sides_but_does_not_replace_one(places, personas):
    foreign = {"kind": AgreementParty.Kind.GOVERNMENT, "side": Side.OTHER, "name": "Province de Liège", "country": "BE"}
    with pytest.raises(ValidationError):
        make_agreement(personas["secretariat"], party(places["lyon"]), dict(foreign))
    agreement = make_agreement(personas["secretariat"], party(places["lyon"]), party(places["levis"]), dict(foreign))
    assert agreement.is_tripartite()
    assert agreement.parties.get(side=Side.OTHER).country == "BE"


def test_a_third_country_party_says_its_country(places, personas):
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"]), party(places["levis"]),
                       {"kind": "organisation", "side": "other", "name": "Réseau européen"})
    assert "indique son pays" in messages(error.value)


def test_a_party_takes_its_collectivitys_side_and_is_named_once(places, personas):
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"], side="qc"), party(places["levis"]),
                       party(places["levis"]))
    text = messages(error.value)
    assert "Lyon est du côté « France », pas « Québec »" in text
    assert "Partie 3 : Lévis est déjà partie à cette entente" in text


def test_a_government_party_has_a_name(places, personas):
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"]), {"kind": "gouvernement", "side": "qc"})
    assert "Partie 2 : indiquez le nom du gouvernement" in messages(error.value)


def test_dates_are_coherent(places, personas):
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT),
                       valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2019, 1, 1))
    assert error.value.message_dict["valid_until"] == ["La fin (1er janv. 2019) précède l'entrée en vigueur (1er janv. 2020)."]
    with pytest.raises(ValidationError) as error:
        make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT), since_year=2020,
                       until_year=2010)
    assert "L'année de fin (2010) précède l'année de début (2020)." in messages(error.value)
    with pytest.raises(ValidationError) as error:
        make_twinning(personas["secretariat"], places["lyon"], places["levis"], since_year=1990,
                      since=datetime.date(1991, 5, 1))
    assert "n'est pas celle de la date (1er mai 1991)" in messages(error.value)


def test_the_year_is_filled_from_the_date(places, personas):
    agreement = make_agreement(personas["secretariat"], party(places["lyon"]), dict(GOVERNMENT),
                               signed_on=datetime.date(2012, 3, 22), valid_until=datetime.date(2014, 12, 31))
    assert (agreement.since_year, agreement.until_year) == (2012, 2014)
    twinning = make_twinning(personas["secretariat"], places["lyon"], places["levis"], since=datetime.date(1994, 6, 4))
    assert twinning.since_year == 1994


def test_a_renewal_takes_the_next_rank_and_never_loops(records, personas):
    assert records["ra8"].sequence == 8 and records["ra9"].sequence == 9
    with pytest.raises(ValidationError) as error:
        actions.update_agreement(records["ra7"], by=personas["secretariat"], version=None, renews=records["ra9"],
                                 parties=[party(records["ra7"].parties.get(side="fr").collectivity), dict(GOVERNMENT)])
    assert "boucle" in messages(error.value)


def test_a_twinning_joins_a_french_and_a_quebec_collectivity_once(places, personas):
    with pytest.raises(ValidationError) as error:
        make_twinning(personas["secretariat"], places["levis"], places["lyon"])
    assert error.value.message_dict == {"french": ["Lévis n'est pas une collectivité française."],
                                        "quebec": ["Lyon n'est pas une collectivité québécoise."]}
    make_twinning(personas["secretariat"], places["lyon"], places["levis"])
    with pytest.raises(ValidationError) as error:
        make_twinning(personas["secretariat"], places["lyon"], places["levis"])
    assert "déjà enregistré" in messages(error.value)
    assert Twinning.objects.count() == 1


def test_an_editor_writes_only_records_of_their_collectivities(places, personas):
    with pytest.raises(ValidationError) as error:
        make_twinning(personas["lyon"], places["villeurbanne"], places["levis"])
    assert "Vous n'éditez aucune des collectivités" in " ".join(error.value.messages)
    twinning = make_twinning(personas["lyon"], places["lyon"], places["levis"])
    with pytest.raises(PermissionDenied):
        actions.update_twinning(twinning, by=personas["outsider"], version=twinning.version, committees=[])
    with pytest.raises(ValidationError):  # Lyon's editor would give it away
        actions.update_twinning(twinning, by=personas["lyon"], version=twinning.version, committees=[],
                                french=places["villeurbanne"])
    with pytest.raises(PermissionDenied):
        make_twinning(personas["outsider"], places["lyon"], places["levis"])


def test_the_editor_of_today_s_entity_writes_what_the_former_one_signed(records, saguenay_editor, places):
    twinning = Twinning.objects.for_detail().get(pk=records["chicoutimi"].pk)
    actions.update_twinning(twinning, by=saguenay_editor, version=twinning.version, status="actif",
                            committees=[{"side": "qc", "name": "Comité renouvelé"}])
    twinning.refresh_from_db()
    assert twinning.status == "actif"
    assert list(twinning.committees.values_list("name", flat=True)) == ["Comité renouvelé"]
    assert twinning.history.first().history_user == saguenay_editor


def test_a_stale_version_is_refused(records, personas):
    twinning = Twinning.objects.for_detail().get(pk=records["lyon"].pk)
    read = twinning.version
    actions.update_twinning(twinning, by=personas["lyon"], version=read, committees=[], notes="Première")
    stale = Twinning.objects.for_detail().get(pk=records["lyon"].pk)
    with pytest.raises(VersionConflict) as conflict:
        actions.update_twinning(stale, by=personas["trois_rivieres"], version=read, committees=[], notes="Seconde")
    assert any("Première" in line for line in conflict.value.messages)
    assert Twinning.objects.get(pk=stale.pk).notes == "Première"


def test_parties_are_changed_added_and_removed_in_one_transaction(records, personas, places):
    agreement = Agreement.objects.for_detail().get(pk=records["lyon_tr"].pk)
    lyon_party = agreement.parties.get(collectivity=places["lyon"])
    actions.update_agreement(agreement, by=personas["lyon"], version=agreement.version, parties=[
        {"id": lyon_party.pk, **party(places["lyon"], signatory="Maire de Lyon")}, party(places["levis"])])
    assert {(p.collectivity.name, p.signatory) for p in agreement.parties.all()} == {("Lyon", "Maire de Lyon"),
                                                                                   ("Lévis", "")}
    with pytest.raises(ValidationError):  # no Québec party left: nothing is written
        actions.update_agreement(agreement, by=personas["lyon"], version=agreement.version,
                                 parties=[party(places["lyon"])], title="Changé")
    assert Agreement.objects.get(pk=agreement.pk).title == "Protocole Lyon – Trois-Rivières"
    assert agreement.parties.count() == 2


def read_model_rows(**link):
    """The registry's read model's rows (of one link, or all)."""
    from registry.models import LinkPlace, NearbyLink

    return [sorted(model.objects.filter(**link).values_list(*fields), key=str) for model, fields in (
        (LinkPlace, ("agreement", "twinning", "side", "area", "is_region")),
        (NearbyLink, ("agreement", "twinning", "area", "is_region", "axis", "partner", "is_published")))]


def test_a_deleted_twinning_is_restored_with_its_committees(records, personas):
    twinning = Twinning.objects.for_detail().get(pk=records["chicoutimi"].pk)
    pk = twinning.pk
    places_before = read_model_rows(twinning=pk)
    actions.delete_twinning(twinning, by=personas["secretariat"])
    assert not TwinningCommittee.objects.exists() and read_model_rows(twinning=pk) == [[], []]
    record = Twinning.history.get(history_type="-")
    with pytest.raises(PermissionDenied):
        actions.restore_deleted(Twinning, record.history_id, by=personas["lyon"])
    restored = actions.restore_deleted(Twinning, record.history_id, by=personas["secretariat"])
    assert restored.count(Twinning) == 1 and restored.count(TwinningCommittee) == 2
    assert Twinning.objects.get(pk=pk).committees.count() == 2
    # Saved raw, without signals: the registry's read model follows the restored rows (the
    # régions' lists and the complementarity find it again), as a rebuild would write it.
    assert read_model_rows(twinning=pk) == places_before and places_before[0]
    rebuilt = read_model_rows()
    read_model.refresh_all()
    assert read_model_rows() == rebuilt


def test_a_deleted_agreement_is_restored_with_its_parties_and_themes(records, personas):
    agreement = Agreement.objects.for_detail().get(pk=records["ra7"].pk)
    pk = agreement.pk
    actions.delete_agreement(agreement, by=personas["secretariat"])
    assert Agreement.objects.get(pk=records["ra8"].pk).renews is None
    record = Agreement.history.get(history_type="-", id=pk)
    actions.restore_deleted(Agreement, record.history_id, by=personas["secretariat"])
    restored = Agreement.objects.get(pk=pk)
    assert restored.parties.count() == 2
    assert [t.slug for t in restored.themes.all()] == ["tourisme"]
