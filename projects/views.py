"""Pages of projects: list (with exports), detail, forms, journal, measurements, history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import restore
from core.exports import export_response
from core.locking import VersionConflict
from plan.models import Axis, Piste

from . import actions, deleted
from .access import (
    can_approve_measurements, can_change_project, can_create_project, can_decide_publication, can_read_history,
    check_can_change_item, get_history_for_user, get_project_for_user, publication_partners,
)
from .forms import (
    ActivityForm, BudgetLineForm, ContactForm, DocumentForm, IndicatorForm, MeasurementForm, PartnerForm,
    PartnerRoleForm, ProjectCreateForm, ProjectFilterForm, ProjectForm, PublicationDecisionForm, PublicationRequestForm,
    UpdateForm, filter_projects, listed_facts,
)
from . import history
from .listing import ProjectRows, rows_html
from .models import Activity, BudgetLine, Contact, Document, Indicator, Measurement, Partner, Project, Update

PAGE_SIZE = 25

# What belongs to a project, by URL segment: (model, form, section of the detail page).
ITEMS = {
    "partenaires": (Partner, PartnerRoleForm, "partenaires"),
    "contacts": (Contact, ContactForm, "partenaires"),
    "budget": (BudgetLine, BudgetLineForm, "budget"),
    "documents": (Document, DocumentForm, "documents"),
    "activites": (Activity, ActivityForm, "activites"),
    "journal": (Update, UpdateForm, "journal"),
    "indicateurs": (Indicator, IndicatorForm, "retombees"),
    "mesures": (Measurement, MeasurementForm, "retombees"),
}


def _filter_form(request) -> ProjectFilterForm:
    pistes = Piste.objects.order_by("axis__plan__start_year", "axis__position", "position").values_list(
        "code", "text", "axis__title")
    themes = Axis.objects.filter(kind=Axis.Kind.THEME).order_by("position").values_list("slug", "title")
    axes = Axis.objects.exclude(kind=Axis.Kind.THEME).order_by("plan", "position").values_list("slug", "title")
    return ProjectFilterForm(request.GET or None, pistes=pistes, themes=themes, axes=axes)


@login_not_required
def project_list(request):
    form = _filter_form(request)
    data = form.filter_data()
    projects = filter_projects(Project.objects.visible_to(request.user), data)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        # In the list's order (ProjectFacts' LIST_ORDER).
        projects = projects.order_by("-start_date", "facts__title_key", "pk")
        return export_response(projects.for_list().iterator(chunk_size=2000), EXPORT_COLUMNS, "projets", fmt)
    facts = listed_facts(request.user, data)
    paginator = Paginator(ProjectRows(facts), PAGE_SIZE)
    paginator.count = facts.count()  # once: the paginator would count again
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "projects/project_list.html", {
        "form": form, "page": page, "rows": rows_html(page.object_list), "query": query.urlencode(),
        "can_create": can_create_project(request.user),
        "can_decide_publication": can_decide_publication(request.user),
    })


def _partners_text(project) -> str:
    return " | ".join(f"{p.side}:{p} ({p.get_role_display()})" for p in project.partners.all())


EXPORT_COLUMNS = [
    (_("Numéro"), lambda p: p.pk),
    (_("Titre"), lambda p: p.title),
    (_("Résumé"), lambda p: p.summary),
    (_("État"), lambda p: p.get_status_display()),
    (_("Début"), lambda p: p.start_date),
    (_("Fin"), lambda p: p.end_date),
    (_("Pistes"), lambda p: ", ".join(piste.code for piste in p.pistes.all())),
    (_("Thèmes"), lambda p: ", ".join(theme.title for theme in p.themes.all())),
    (_("Partenaires"), _partners_text),
    (_("Budget EUR"), lambda p: p.budget_by_currency().get("EUR")),
    (_("Budget CAD"), lambda p: p.budget_by_currency().get("CAD")),
    (_("Publié"), lambda p: _("oui") if p.is_public else _("non")),
]


@login_not_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk, queryset=Project.objects.for_detail())
    can_edit = can_change_project(request.user, project)
    insider = can_edit or (request.user.is_authenticated and request.user.can_read_unpublished)
    return render(request, "projects/project_detail.html", {
        "project": project, "can_edit": can_edit, "insider": insider,
        "can_read_history": can_read_history(request.user, project),
        "can_approve": can_approve_measurements(request.user),
        "can_decide_publication": can_decide_publication(request.user),
        "publication_partners": publication_partners(request.user, project),
        "checks": project.check_results() if insider else None,
    })


def project_create(request):
    if not can_create_project(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat créent des projets."))
    form = ProjectCreateForm(request.POST or None, user=request.user)
    if form.is_valid():
        project = _run(form, lambda: actions.create_project(by=request.user, **form.cleaned_data))
        if project:
            messages.success(request, _("Le projet « %(title)s » est créé.") % {"title": project.title})
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


def project_edit(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project)
    if form.is_valid() and _run(form, lambda: actions.update_project(project, by=request.user, **form.cleaned_data)):
        messages.success(request, _("Le projet est enregistré."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def project_history(request, pk):
    project = get_history_for_user(request.user, pk)
    entries, truncated = history.project_history(project)
    return render(request, "projects/project_history.html", {
        "project": project, "entries": entries, "truncated": truncated,
        "deleted": deleted.deleted_items(project) if restore.can_restore(request.user) else None})


def deleted_list(request):
    """The bin: deleted projects, for the secretariat to restore."""
    if not restore.can_restore(request.user):
        raise PermissionDenied(_("Seul le secrétariat consulte la corbeille."))
    page = Paginator(deleted.deleted_projects(), 50).get_page(request.GET.get("page"))
    return render(request, "projects/deleted_list.html", {"page": page})


@require_POST
def restore_deleted(request, history_id, kind="projets"):
    if not restore.can_restore(request.user):
        raise PermissionDenied(_("Seul le secrétariat restaure ce qui a été supprimé."))
    if kind not in deleted.MODELS:
        raise Http404(_("Rien de tel dans la corbeille."))
    model = deleted.MODELS[kind]
    try:
        restored = actions.restore_deleted(model, history_id, by=request.user)
    except model.DoesNotExist:
        raise Http404(_("Aucune suppression ne porte ce numéro.")) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        project = request.POST.get("project", "")
        return redirect("projects:history", int(project)) if project.isdigit() else redirect("projects:deleted_list")
    others = len(restored.instances) - 1
    messages.success(request, (ngettext(
        "Restauration faite : « %(item)s » et %(count)d élément supprimé en même temps.",
        "Restauration faite : « %(item)s » et %(count)d éléments supprimés en même temps.", others,
    ) if others else _("Restauration faite : « %(item)s ».")) % {"item": restored.instances[0], "count": others})
    for note in restored.notes:
        messages.warning(request, note)
    project_id = deleted.project_id_of(restored.instances[0])
    return redirect("projects:detail", project_id) if model is Project else redirect("projects:history", project_id)



def _run(form, action):
    """Run `action`; a ValidationError it raises becomes an error of `form`, and a
    VersionConflict is shown in it (core.locking)."""
    try:
        return action()
    except VersionConflict as conflict:
        form.show_conflict(conflict)
        return None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _section_url(project, section: str) -> str:
    return f"{project.get_absolute_url()}#{section}"


def _render_form(request, template_context: dict):
    """The form page, or only its form when htmx asks for it inline."""
    template = "projects/item_form.html#form" if request.htmx else "projects/item_form.html"
    return render(request, template, template_context)


def _item_kind(kind: str):
    if kind not in ITEMS:
        raise Http404(_("Rien de tel dans un projet."))
    return ITEMS[kind]


def _get_item(project, kind: str, item_pk: int):
    model = _item_kind(kind)[0]
    lookup = {"partner__project": project} if model is Contact else (
        {"indicator__project": project} if model is Measurement else {"project": project})
    return get_object_or_404(model, pk=item_pk, **lookup)


def _form_for(kind, project, data=None, files=None, instance=None):
    form_class = _item_kind(kind)[1]
    if form_class in (PartnerRoleForm, UpdateForm, MeasurementForm):
        return form_class(data, files, instance=instance)
    return form_class(data, files, instance=instance, project=project)


def partner_add(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = PartnerForm(request.POST or None, user=request.user)
    if form.is_valid() and _run(form, lambda: actions.add_partner(project, by=request.user, **form.action_fields())):
        messages.success(request, _("Le partenaire est ajouté."))
        return redirect(_section_url(project, "partenaires"))
    return _render_form(request, {"form": form, "project": project, "title": _("Ajouter un partenaire"),
                                  "action": reverse("projects:partner_add", args=[project.pk])})


def update_add(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = UpdateForm(request.POST or None)
    if form.is_valid() and _run(form, lambda: actions.record_update(project, by=request.user, **form.cleaned_data)):
        messages.success(request, _("L'entrée est ajoutée au journal."))
        return redirect(_section_url(project, "journal"))
    return _render_form(request, {"form": form, "project": project, "title": _("Nouvelle entrée du journal"),
                                  "action": reverse("projects:update_add", args=[project.pk])})


def item_add(request, pk, kind):
    if kind in {"partenaires", "journal", "mesures"}:
        raise Http404(_("Utilisez le formulaire dédié."))
    project = get_project_for_user(request.user, pk, write=True)
    model, _form_class, section = _item_kind(kind)
    form = _form_for(kind, project, request.POST or None, request.FILES or None)
    if form.is_valid():
        item = form.save(commit=False)
        if model is Document:
            item.uploaded_by = request.user
        if _run(form, lambda: actions.save_item(item, project=project, by=request.user)):
            messages.success(request, _("« %(item)s » est ajouté.") % {"item": model._meta.verbose_name})
            return redirect(_section_url(project, section))
    return _render_form(request, {
        "form": form, "project": project, "multipart": model is Document,
        "title": _("Ajouter : %(item)s") % {"item": model._meta.verbose_name},
        "action": reverse("projects:item_add", args=[project.pk, kind])})


def item_edit(request, pk, kind, item_pk):
    project = get_project_for_user(request.user, pk, write=True)
    item = _get_item(project, kind, item_pk)
    check_can_change_item(request.user, item)
    form = _form_for(kind, project, request.POST or None, request.FILES or None, instance=item)
    if form.is_valid() and _run(form, lambda: actions.save_item(form.save(commit=False), project=project,
                                                                by=request.user, version=form.read_version)):
        messages.success(request, _("La modification est enregistrée."))
        return redirect(_section_url(project, _item_kind(kind)[2]))
    return _render_form(request, {
        "form": form, "project": project, "multipart": isinstance(item, Document),
        "title": _("Modifier : %(item)s") % {"item": item._meta.verbose_name},
        "action": reverse("projects:item_edit", args=[project.pk, kind, item.pk])})


def item_delete(request, pk, kind, item_pk):
    project = get_project_for_user(request.user, pk, write=True)
    item = _get_item(project, kind, item_pk)
    check_can_change_item(request.user, item)
    if request.method == "POST":
        try:
            actions.delete_item(item, project=project, by=request.user)
            messages.success(request, _("La suppression est faite ; elle reste dans l'historique."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_section_url(project, _item_kind(kind)[2]))
    return render(request, "projects/item_delete.html", {"project": project, "item": item, "kind": kind})


@login_not_required
def document_download(request, pk, document_pk):
    project = get_project_for_user(request.user, pk)
    document = get_object_or_404(Document, pk=document_pk, project=project)
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:  # a document restored from the bin after its file was removed
        raise Http404(_("Le fichier de ce document n'existe plus.")) from None
    return FileResponse(stored, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


def measurement_add(request, pk, indicator_pk):
    project = get_project_for_user(request.user, pk, write=True)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, project=project)
    form = MeasurementForm(request.POST or None)
    if form.is_valid() and _run(form, lambda: actions.add_measurement(indicator, by=request.user,
                                                                      **form.cleaned_data)):
        messages.success(request, _("La mesure est enregistrée comme brouillon, en attente de validation par le secrétariat."))
        return redirect(_section_url(project, "retombees"))
    return _render_form(request, {
        "form": form, "project": project,
        "title": _("Nouvelle mesure : %(indicator)s (%(unit)s)") % {"indicator": indicator.name, "unit": indicator.unit},
        "action": reverse("projects:measurement_add", args=[project.pk, indicator.pk])})


@require_POST
def measurement_review(request, pk, measurement_pk):
    project = get_project_for_user(request.user, pk)
    measurement = get_object_or_404(Measurement, pk=measurement_pk, indicator__project=project)
    if not can_approve_measurements(request.user):
        raise PermissionDenied(_("Seul le secrétariat valide les mesures."))
    review = actions.approve_measurement if request.POST.get("decision") == "approve" else actions.reject_measurement
    try:
        review(measurement, by=request.user)
        messages.success(request, _("La mesure est examinée."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("from") == "queue":
        return redirect("projects:measurement_queue")
    return redirect(_section_url(project, "retombees"))


def measurement_queue(request):
    """The secretariat's queue: draft measurements of every project, oldest first."""
    if not can_approve_measurements(request.user):
        raise PermissionDenied(_("Seul le secrétariat valide les mesures."))
    drafts = Measurement.objects.drafts().select_related(
        "indicator__project", "indicator__territory", "entered_by").order_by("pk")
    page = Paginator(drafts, 50).get_page(request.GET.get("page"))
    return render(request, "projects/measurement_queue.html", {"page": page})


@require_POST
def publication_request(request, pk):
    """An editor asks for (or approves) publication, asks to unpublish, or withdraws, for
    their collectivity; the rule is in actions.request_publication."""
    project = get_project_for_user(request.user, pk)
    form = PublicationRequestForm(request.POST)
    was_public = project.is_public
    try:
        if not form.is_valid():
            raise ValidationError(_("Demande de publication inconnue."))
        project = actions.request_publication(project, by=request.user, wish=form.cleaned_data["wish"])
        messages.success(request, _("La demande est enregistrée.") if project.is_public == was_public else (
            _("Le projet est publié.") if project.is_public else _("Le projet est dépublié.")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_section_url(project, "publication"))


@require_POST
def publication_decide(request, pk):
    project = get_project_for_user(request.user, pk)
    if not can_decide_publication(request.user):
        raise PermissionDenied(_("Seul le secrétariat publie ou dépublie un projet."))
    form = PublicationDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_publication(project, by=request.user, public=form.is_public())
            messages.success(request, _("Le projet est publié.") if form.is_public() else _("Le projet est dépublié."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    if request.POST.get("from") == "queue":
        return redirect("projects:publication_queue")
    return redirect(_section_url(project, "publication"))


def publication_queue(request):
    """The secretariat's queue: projects whose partners ask to publish or to unpublish them."""
    if not can_decide_publication(request.user):
        raise PermissionDenied(_("Seul le secrétariat publie ou dépublie un projet."))
    projects = Project.objects.publication_pending().only("title", "is_public").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.for_list())).order_by("pk")
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(request, "projects/publication_queue.html", {"page": page})
