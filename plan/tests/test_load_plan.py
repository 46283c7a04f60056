import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from plan.loading import DEFAULT_PATH, PlanDataError, load_plan
from plan.models import Axis, Piste, Plan


def data():
    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def write(tmp_path, content, name="plan-test.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot():
    return (
        list(Plan.objects.values_list("slug", "title")),
        list(Axis.objects.values_list("slug", "title", "enjeux")),
        list(Piste.objects.values_list("code", "text", "status", "responsible_body")),
    )


def test_it_loads_the_plan_its_axes_fund_themes_and_42_pistes(db):
    report = load_plan()
    plan = Plan.objects.get(slug="2008-2010")
    assert (plan.start_year, plan.end_year) == (2008, 2010)
    assert list(plan.axes.values_list("kind", flat=True)) == ["axe"] * 4 + ["fonds"] + ["theme"] * 4
    assert Piste.objects.filter(axis__plan=plan).count() == 42
    assert (report.axes_created, report.pistes_created) == (9, 42)
    assert Piste.objects.get(code="nv-7").heading == "Coopération tripartite"


def test_loading_again_changes_nothing_and_keeps_the_follow_up(db):
    load_plan()
    Piste.objects.filter(code="dd-3").update(status=Piste.Status.IN_PROGRESS, responsible_body="Comité technique")
    before = snapshot()
    report = load_plan()
    assert snapshot() == before
    assert (report.axes_created, report.axes_updated, report.pistes_created, report.pistes_updated) == (0, 0, 0, 0)
    assert report.pistes_unchanged == 42


def test_loading_a_corrected_text_updates_it_but_keeps_status_and_projects(db, tmp_path, make_project):
    load_plan()
    piste = Piste.objects.get(code="dd-3")
    piste.status, piste.responsible_body = Piste.Status.DONE, "Comité de pilotage"
    piste.save()
    project = make_project(piste)
    corrected = data()
    corrected["axes"][0]["pistes"][2]["text"] = "Texte corrigé"
    report = load_plan(write(tmp_path, corrected))
    piste.refresh_from_db()
    assert (piste.text, piste.status, piste.responsible_body) == ("Texte corrigé", "realisee", "Comité de pilotage")
    assert list(piste.projects.all()) == [project]
    assert report.pistes_updated == 1


def test_a_piste_removed_from_the_file_is_kept_and_reported(db, tmp_path):
    load_plan()
    shorter = data()
    del shorter["axes"][0]["pistes"][-1]
    report = load_plan(write(tmp_path, shorter))
    assert report.pistes_missing == ["dd-12"]
    assert Piste.objects.filter(code="dd-12").exists()


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda d: d["axes"][1]["pistes"][3].pop("text"),
         "plan-test.json : l'entrée axes[1] (culture-et-identite).pistes[3] (ci-4) n'a pas de champ « text » valide."),
        (lambda d: d["axes"][2].update(kind="chapitre"),
         "plan-test.json : l'entrée axes[2] (innovation-et-developpement-social) a une nature « chapitre » inconnue"),
        (lambda d: d["axes"][3]["pistes"][0].update(code="dd-1"),
         "plan-test.json : la piste « dd-1 » apparaît deux fois."),
        (lambda d: d["plan"].update(start_year="2008"),
         "plan-test.json : l'entrée plan n'a pas de champ « start_year » valide."),
        (lambda d: d["axes"].append("pas un objet"),
         "plan-test.json : l'entrée axes[9] doit être un objet."),
    ],
)
def test_a_malformed_file_is_refused_in_french_naming_the_entry_and_nothing_changes(db, tmp_path, break_it, message):
    load_plan()
    Piste.objects.filter(code="dd-1").update(status=Piste.Status.STARTED)
    before = snapshot()
    broken = data()
    # A valid change earlier in the file must not be written either.
    broken["axes"][0]["pistes"][0]["text"] = "Modifié"
    break_it(broken)
    with pytest.raises(PlanDataError) as error:
        load_plan(write(tmp_path, broken))
    assert message in str(error.value)
    assert snapshot() == before


def test_invalid_json_names_the_file_line_and_column(db, tmp_path):
    with pytest.raises(PlanDataError, match=r"plan-test.json : JSON invalide, ligne 2, colonne 3"):
        load_plan(write(tmp_path, '{"plan":\n  oups}'))
    assert not Plan.objects.exists()


def test_a_database_error_midway_leaves_the_database_unchanged(db, monkeypatch):
    create = Piste.objects.create
    calls = []

    def failing_create(**fields):
        calls.append(fields["code"])
        if len(calls) == 20:
            raise IntegrityError("panne simulée")
        return create(**fields)

    monkeypatch.setattr(Piste.objects, "create", failing_create)
    with pytest.raises(IntegrityError):
        load_plan()
    assert snapshot() == ([], [], [])


def test_the_command_loads_and_reports_in_french(db):
    out = StringIO()
    call_command("load_plan", stdout=out)
    assert "9 axe(s) créé(s)" in out.getvalue() and "42 piste(s) créée(s)" in out.getvalue()


def test_the_command_turns_a_malformed_file_into_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="plan-test.json : JSON invalide"):
        call_command("load_plan", str(write(tmp_path, "[")))
