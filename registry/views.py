"""Pages of the records under /ententes-jumelages/: the lists of agreements and twinnings
(filters, pages, CSV/XLSX exports), each record's page, its editing and deletion, the
signed document, and the secretariat's bin. Public pages read what the visitor may read
(registry.access); every write goes through registry/actions.py."""
from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import restore
from core.exports import export_response
from core.locking import VersionConflict
from projects.facts import data_version

from . import access, actions, exports, forms
from .rows import agreement_rows, twinning_rows
from .models import Agreement, Twinning, follow_history, reader_scope

PAGE_SIZE = 50
CACHE_SECONDS = 3600  # as projects.facts.cached: the data version moves first
EXPORT_FORMATS = ("csv", "xlsx")


def _filtered(request, model, options: dict | None = None):
    """The list's filter form and the rows `request.user` may read that match it."""
    form = forms.RecordFilterForm(request.GET or None, model=model, options=options)
    rows = model.objects.visible_to(request.user).matching(**form.filters())
    return form, rows


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _list(request, model, template: str, render_rows):
    """A page of a list, its rows rendered and counted once for the readers of the same
    records and the same filters, then read from the cache until the data version moves:
    at national scale the count, the page's query and its rendering were 27–45 ms of CPU
    a request (in-process profile, bench/README), the cached page under 5. The filters'
    régions and themes are cached the same way (two queries, about 5 ms, a request); both
    are read with one data version and one cache read."""
    version = data_version()
    options_key = f"registry-filter-options:1:v{version}"
    page_key = (f"registry-list:1:{model._meta.model_name}:{reader_scope(request.user)}:{get_language()}:"
                f"{_query_digest(request)}:v{version}")
    found = cache.get_many([options_key, page_key])
    options = _kept(found, options_key, forms.filter_options)
    form, rows = _filtered(request, model, options)

    def compute():
        page = Paginator(rows.for_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
        return {"count": page.paginator.count, "number": page.number,
                "rows": render_rows(follow_history(page.object_list))}

    listed = _kept(found, page_key, compute)
    page = Paginator(_Counted(listed["count"]), PAGE_SIZE).page(listed["number"])
    return render(request, template, {"form": form, "page": page, "query": _query(request), "rows": listed["rows"],
                                      "can_create": access.can_create(request.user)})


def _kept(found: dict, key: str, compute):
    """`found[key]` (read from the cache), else `compute()`, then kept in the cache (as
    projects.facts.cached, whose key names the data version)."""
    if key in found:
        return found[key]
    value = compute()
    cache.set(key, value, CACHE_SECONDS)
    return value


def _query_digest(request) -> str:
    """The list's parameters (filters and page), in a stable order, as a short key."""
    items = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    return hashlib.sha256(repr(items).encode()).hexdigest()[:32]


class _Counted:
    """What a Paginator needs of rows already rendered: their count."""

    def __init__(self, count: int):
        self.total = count

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list:
        return []


@login_not_required
def index(request):
    return render(request, "registry/records_index.html", {
        "agreements": Agreement.objects.visible_to(request.user).count(),
        "twinnings": Twinning.objects.visible_to(request.user).count(),
        "can_restore": restore.can_restore(request.user)})


@login_not_required
def agreement_list(request):
    return _list(request, Agreement, "registry/agreement_list.html", agreement_rows)


@login_not_required
def twinning_list(request):
    return _list(request, Twinning, "registry/twinning_list.html", twinning_rows)


@login_not_required
def agreement_export(request, fmt):
    return _export(request, Agreement, fmt)


@login_not_required
def twinning_export(request, fmt):
    return _export(request, Twinning, fmt)


def _export(request, model, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Format inconnu : CSV ou XLSX."))
    _form, rows = _filtered(request, model)
    columns, filename = (exports.AGREEMENT_COLUMNS, "ententes") if model is Agreement else (
        exports.TWINNING_COLUMNS, "jumelages")
    return export_response(exports.rows_with_history(rows.for_list()), columns, filename, fmt)


# Agreements.

@login_not_required
def agreement_detail(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    follow_history([agreement])
    readable = set(Agreement.objects.visible_to(request.user).filter(
        pk__in=[a.pk for a in (agreement.renews, *agreement.renewals.all()) if a]).values_list("pk", flat=True))
    return render(request, "registry/agreement_detail.html", {
        "agreement": agreement, "can_change": access.can_change(request.user, agreement),
        "renews": agreement.renews if agreement.renews_id in readable else None,
        "renewals": [a for a in agreement.renewals.all() if a.pk in readable]})


def agreement_create(request):
    if not access.can_create(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent une entente."))
    return _agreement_form(request, None)


def agreement_edit(request, pk):
    return _agreement_form(request, access.get_agreement_for_user(request.user, pk, write=True))


def _agreement_form(request, agreement):
    form = forms.AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    parties = forms.PartyFormSet(request.POST or None, prefix="parties",
                                 initial=forms.party_initial(agreement) if agreement else None)
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        saved = _run(form, lambda: _save_agreement(request.user, agreement, form, parties), errors_to=parties)
        if saved:
            messages.success(request, _("L'entente « %(title)s » est enregistrée.") % {"title": saved.title})
            return redirect("registry:agreement_detail", saved.pk)
    return render(request, "registry/agreement_form.html", {"form": form, "parties": parties, "agreement": agreement})


def _save_agreement(user, agreement, form, parties):
    fields = form.action_fields()
    themes, pistes = fields.pop("themes"), fields.pop("pistes")
    if agreement is None:
        return actions.create_agreement(by=user, parties=parties.parties(), themes=themes, pistes=pistes, **fields)
    return actions.update_agreement(agreement, by=user, version=form.read_version, parties=parties.parties(),
                                    themes=themes, pistes=pistes, **fields)


def agreement_delete(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk, write=True)
    if request.method == "POST":
        actions.delete_agreement(agreement, by=request.user)
        messages.success(request, _("L'entente « %(title)s » est supprimée (le secrétariat peut la restaurer).")
                         % {"title": agreement.title})
        return redirect("registry:agreement_list")
    return render(request, "registry/record_confirm_delete.html", {"record": agreement,
                                                                   "cancel": agreement.get_absolute_url()})


@login_not_required
def agreement_document(request, pk):
    """The signed document, for those who read the agreement."""
    agreement = access.get_agreement_for_user(request.user, pk)
    if not agreement.document:
        raise Http404(_("Aucun document n'est joint à cette entente."))
    try:
        stored = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404(_("Le fichier n'existe plus.")) from None
    return FileResponse(stored, as_attachment=True, filename=agreement.document.name.rsplit("/", 1)[-1])


# Twinnings.

@login_not_required
def twinning_detail(request, pk):
    twinning = access.get_twinning_for_user(request.user, pk)
    follow_history([twinning])
    return render(request, "registry/twinning_detail.html", {
        "twinning": twinning, "can_change": access.can_change(request.user, twinning),
        "shows_contacts": access.shows_contacts(request.user)})


def twinning_create(request):
    if not access.can_create(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent un jumelage."))
    return _twinning_form(request, None)


def twinning_edit(request, pk):
    return _twinning_form(request, access.get_twinning_for_user(request.user, pk, write=True))


def _twinning_form(request, twinning):
    form = forms.TwinningForm(request.POST or None, instance=twinning)
    committees = forms.CommitteeFormSet(request.POST or None, prefix="committees",
                                        initial=forms.committee_initial(twinning) if twinning else None)
    if request.method == "POST" and form.is_valid() & committees.is_valid():
        saved = _run(form, lambda: _save_twinning(request.user, twinning, form, committees), errors_to=committees)
        if saved:
            messages.success(request, _("Le jumelage %(name)s est enregistré.") % {"name": saved})
            return redirect("registry:twinning_detail", saved.pk)
    return render(request, "registry/twinning_form.html", {"form": form, "committees": committees,
                                                           "twinning": twinning})


def _save_twinning(user, twinning, form, committees):
    fields = form.action_fields()
    themes = fields.pop("themes")
    if twinning is None:
        return actions.create_twinning(by=user, committees=committees.committees(), themes=themes, **fields)
    return actions.update_twinning(twinning, by=user, version=form.read_version, committees=committees.committees(),
                                   themes=themes, **fields)


def twinning_delete(request, pk):
    twinning = access.get_twinning_for_user(request.user, pk, write=True)
    if request.method == "POST":
        actions.delete_twinning(twinning, by=request.user)
        messages.success(request, _("Le jumelage %(name)s est supprimé (le secrétariat peut le restaurer).")
                         % {"name": twinning})
        return redirect("registry:twinning_list")
    return render(request, "registry/record_confirm_delete.html", {"record": twinning,
                                                                   "cancel": twinning.get_absolute_url()})


# Shared.

def _run(form, action, *, errors_to):
    """Run `action`; a ValidationError comes back in the form (its `parties` or
    `committees` errors above the rows of `errors_to`), a VersionConflict is shown in it."""
    try:
        return action()
    except VersionConflict as conflict:
        form.show_conflict(conflict)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return None
        for field, problems in error.error_dict.items():
            if field in form.fields:
                form.add_error(field, problems)
            elif field in ("parties", "committees"):
                errors_to._non_form_errors = errors_to.error_class(
                    [*errors_to.non_form_errors(), *[m for p in problems for m in p.messages]],
                    error_class="nonform", renderer=errors_to.renderer)
            else:
                form.add_error(None, problems)
    return None


# The bin.

def deleted_list(request):
    if not restore.can_restore(request.user):
        raise PermissionDenied(_("Seul le secrétariat consulte la corbeille."))
    return render(request, "registry/records_deleted.html", {
        "agreements": restore.deleted_records(Agreement).select_related("history_user").order_by("-history_date")[:200],
        "twinnings": restore.deleted_records(Twinning).select_related("history_user", "french", "quebec").order_by(
            "-history_date")[:200]})


@require_POST
def restore_deleted(request, kind, history_id):
    if not restore.can_restore(request.user):
        raise PermissionDenied(_("Seul le secrétariat restaure ce qui a été supprimé."))
    model = actions.RESTORABLE.get(kind)
    if model is None:
        raise Http404(_("Rien de tel dans la corbeille."))
    try:
        restored = actions.restore_deleted(model, history_id, by=request.user)
    except model.DoesNotExist:
        raise Http404(_("Aucune suppression ne porte ce numéro.")) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:deleted_list")
    others = len(restored.instances) - 1
    messages.success(request, (ngettext(
        "Restauration faite : « %(item)s » et %(count)d élément supprimé en même temps.",
        "Restauration faite : « %(item)s » et %(count)d éléments supprimés en même temps.", others,
    ) if others else _("Restauration faite : « %(item)s ».")) % {"item": restored.instances[0], "count": others})
    return redirect(restored.instances[0].get_absolute_url())
