"""The import of partners' spreadsheets under /ententes-jumelages/import/: the upload, the
template to fill, the preview (matched, doubtful with their candidates, unmatched, errors)
and its confirmation. Nothing is written to the registry before the confirmation; the
pending import (ImportRun) is its uploader's alone (404 for anyone else).

Who imports (registry.access.can_create): the secretariat, every row; a collectivity
editor, only the rows naming one of their collectivities (or a former record of one) on
either side, as when they record a twinning by hand; the preview says which rows fall
outside and the confirmation skips them."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response
from projects.access import acts_as_secretariat
from territories.models import Collectivity

from . import access, importing
from .forms_import import PicksForm, UploadForm, doubtful_sides
from .models import ImportRun, Twinning, editor_collectivity_ids

# Matched rows need no decision: the page lists this many and counts the rest.
MATCHED_SHOWN = 200


def _check_importer(user) -> None:
    if not access.can_create(user):
        raise PermissionDenied(_("Seuls le secrétariat et les éditeurs d'une collectivité importent des "
                                 "jumelages et des ententes."))


def _allowed_ids(user) -> set[int] | None:
    """None: every row (the secretariat); else the collectivities the user answers for."""
    return None if acts_as_secretariat(user) else editor_collectivity_ids(user)


def upload_view(request):
    _check_importer(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        run = importing.start_run(form.data_bytes, form.cleaned_data["file"].name, user=request.user)
        return redirect("registry:import_preview", pk=run.pk)
    return render(request, "registry/import_upload.html", {"form": form, "columns": importing.COLUMNS,
                                                           "restricted": _allowed_ids(request.user) is not None})


@login_not_required
def template_view(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Format inconnu : CSV ou XLSX."))
    columns = [(name, lambda row: "") for name in importing.COLUMNS]
    return export_response([], columns, "modele-import-jumelages-ententes", fmt)


def _run_for_user(request, pk: int) -> ImportRun:
    run = get_object_or_404(ImportRun, pk=pk, user=request.user)
    _check_importer(request.user)
    return run


def preview_view(request, pk):
    run = _run_for_user(request, pk)
    lines = [importing.line_from_dict(data) for data in run.rows]
    return render(request, "registry/import_preview.html", _preview_context(request.user, run, lines))


@require_POST
def confirm_view(request, pk):
    run = _run_for_user(request, pk)
    lines = [importing.line_from_dict(data) for data in run.rows]
    context = _preview_context(request.user, run, lines, data=request.POST)
    if run.committed_at or not context["form"].is_valid():
        if run.committed_at:
            messages.info(request, _("Cet import a déjà été enregistré : rien n'a été écrit de nouveau."))
            return redirect("registry:import_preview", pk=run.pk)
        return render(request, "registry/import_preview.html", context, status=400)
    try:
        counts = importing.confirm_run(run, by=request.user, choices=context["form"].choices(),
                                       allowed_ids=context["allowed_ids"])
    except IntegrityError:
        messages.error(request, _("L'enregistrement a échoué (une collectivité a changé entre-temps) : "
                                  "rien n'a été écrit. Importez le fichier à nouveau."))
        return redirect("registry:import_preview", pk=run.pk)
    if counts is None:
        messages.info(request, _("Cet import a déjà été enregistré : rien n'a été écrit de nouveau."))
    else:
        messages.success(request, _("%(created)s lien(s) créé(s), %(unchanged)s déjà présent(s), "
                                    "%(skipped)s ligne(s) ignorée(s).") % counts)
    return redirect("registry:import_preview", pk=run.pk)


def _preview_context(user, run: ImportRun, lines: list, data=None) -> dict:
    """The preview's groups, the picks' form and the names of every collectivity named:
    one query for the names, whatever the number of lines."""
    ids = {pk for line in lines for res in (line.french, line.quebec) if res
           for pk in (res.collectivity_id, res.former_id, *res.candidates) if pk}
    labels = {c.pk: _label(c) for c in Collectivity.objects.filter(pk__in=ids).select_related("region")
              .only("name", "code", "kind", "side", "region__name")}
    allowed = _allowed_ids(user)
    form = PicksForm(data, lines=lines, labels=labels)
    kinds = {**dict(Twinning.Kind.choices), "entente": _("Entente")}
    groups = {"error": [], "doubtful": [], "unmatched": [], "matched": []}
    for line in lines:
        entry = {"line": line, "kind": kinds.get(line.kind, line.kind),
                 "sides": [_side(_("France"), line.row["collectivite_france"], line.french, labels),
                           _side(_("Québec"), line.row["collectivite_quebec"], line.quebec, labels)],
                 "outside": allowed is not None and not _named_ids(line) & allowed,
                 "fields": [form[f"l{line.line}_{side}"] for side, _res in doubtful_sides(line)
                            if f"l{line.line}_{side}" in form.fields]}
        status = line.status
        if status != "error" and doubtful_sides(line):
            status = "doubtful"
        groups[status].append(entry)
    return {"run": run, "form": form, "groups": groups, "allowed_ids": allowed, "total": len(lines),
            "matched_shown": groups["matched"][:MATCHED_SHOWN],
            "matched_hidden": max(0, len(groups["matched"]) - MATCHED_SHOWN)}


def _side(name: str, written: str, res, labels: dict) -> dict:
    """What the preview says of one side of a line, with the names read."""
    return {"name": name, "written": written, "status": res.status,
            "today": labels.get(res.collectivity_id) if res.collectivity_id else None,
            "former": labels.get(res.former_id) if res.former_id else None,
            "candidates": [labels.get(pk, "?") for pk in res.candidates], "messages": res.messages}


def _named_ids(line) -> set[int]:
    return {pk for res in (line.french, line.quebec) if res
            for pk in (res.collectivity_id, res.former_id, *res.candidates) if pk}


def _label(collectivity) -> str:
    region = f" – {collectivity.region.name}" if collectivity.region_id else ""
    return f"{collectivity.name} ({collectivity.get_kind_display()} {collectivity.code}){region}"
