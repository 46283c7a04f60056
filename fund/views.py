"""Pages of the fund under /fonds/: the calls and the envelopes (public), the applications
(drafts, then each step of their life, offered only to the role that may make it), the
reviews and the lists of the editors, the secretariat and the reviewers.

Every write goes through fund/actions.py; a refusal of an action (wrong stage, deadline,
envelope exceeded…) comes back in the form that asked for it, the input kept."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.locking import VersionConflict
from projects.access import acts_as_secretariat
from projects.facts import cached
from territories.models import Side

from . import actions, eligibility, figures, forms, reviews, transitions
from .access import (
    applications_of, can_create_application, can_read_reviews_list, coordinated_for, draft_refusal,
    get_application_for_user, get_draft_for_user, get_review_for_user, reads_every_application,
)
from .models import (
    WINDOW_ZONES, Application, ApplicationDocument, Call, Coordinator, Criterion, Report, RequiredDocument, Review,
    Stage,
)
from .money import CENT, FUND_SIDES, Conversion, Money, rate_on

PAGE_SIZE = 50
# Before the review opens there is no score to sum up.
PRE_REVIEW = (Stage.DRAFT, Stage.SUBMITTED, Stage.ENDORSED, Stage.ELIGIBLE, Stage.INELIGIBLE)


def _run(form, action):
    """Run `action`; its ValidationError becomes an error of `form` and a VersionConflict
    is shown in it (core.locking). Returns what the action returned, or None."""
    try:
        return action() or True
    except VersionConflict as conflict:
        form.show_conflict(conflict)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    return None


# Public: calls and envelopes.

@login_not_required
def call_list(request):
    calls = Call.objects.for_list().prefetch_related("themes")
    return render(request, "fund/call_list.html", {"calls": calls, "zones": WINDOW_ZONES, "now": timezone.now()})


@login_not_required
def call_detail(request, pk):
    call = get_object_or_404(Call.objects.prefetch_related(
        "themes", Prefetch("required_documents", queryset=RequiredDocument.objects.order_by("pk")),
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
        Prefetch("coordinators", queryset=Coordinator.objects.select_related("territory", "body").order_by(
            "territory__side", "territory__name"))), pk=pk)
    return render(request, "fund/call_detail.html", {
        "call": call, "zones": WINDOW_ZONES, "is_open": call.is_open(),
        "can_create": can_create_application(request.user)})


@login_not_required
def envelopes(request):
    """Per year and side: envelope, committed, disbursed, remaining; the leverage; the
    totals of both sides in euros at the rate in force today, named. The figures are
    cached until the data version moves (every source of fund.figures.FUND_FIGURES moves it);
    the rate is read live, since a new rate is not one of those sources."""
    rows, leverage = cached("fund-envelopes:1", lambda: (figures.envelope_figures(), figures.leverage()))
    try:
        rate, rate_missing = rate_on(timezone.localdate()), ""
    except ValidationError as error:
        rate, rate_missing = None, error.messages[0]
    return render(request, "fund/envelopes.html", {
        "years": _years_of(rows, rate), "leverage": leverage, "rate_missing": rate_missing,
        "rate_label": Conversion(Money(Decimal("0"), "EUR"), Money(Decimal("0"), "EUR"), rate).rate_label()
        if rate else ""})


@login_not_required
def reports(request):
    """The fund's report: applications per stage and per call, success rates by side,
    région and theme (fund.figures.report, as the exports). Drafts count only for those
    who read every application."""
    found = figures.report(drafts=reads_every_application(request.user))
    return render(request, "fund/reports.html", {
        "report": found, "per_stage": [(Stage(stage).label, n) for stage, n in found.per_stage.items()],
        "rates": [(by, SUCCESS_TITLES[by], found.success[by]) for by in figures.SUCCESS_GROUPS]})


SUCCESS_TITLES = {"side": gettext_lazy("Par côté"), "region": gettext_lazy("Par région"),
                  "theme": gettext_lazy("Par thème de l'appel")}


def _years_of(rows, rate) -> list[dict]:
    """The envelope figures grouped by year and, when a rate is known, the year's two
    envelopes together in euros at that one rate (fund.money.convert's arithmetic, without
    a query per year)."""
    years: dict[int, dict] = {}
    for row in rows:
        years.setdefault(row.year, {"year": row.year, "sides": []})["sides"].append(row)
    for year in years.values():
        if rate is not None and len(year["sides"]) == len(FUND_SIDES):
            total = Money(Decimal("0"), "EUR")
            for row in year["sides"]:
                total = total + (row.money("amount") if row.currency == "EUR" else Money(
                    (row.amount / rate.cad_per_eur).quantize(CENT, ROUND_HALF_UP), "EUR"))
            year["total_eur"] = total
    return list(years.values())


# Lists.

def my_applications(request):
    """Applications of the user's collectivities, and those their collectivity coordinates,
    each list in pages of PAGE_SIZE (`page`, `page_coordonnees`)."""
    mine = applications_of(request.user)
    every = reads_every_application(request.user)
    # Beyond their own, an editor reads those their collectivity coordinates (visible_to);
    # those who read every application have the full list.
    coordinated = Application.objects.none() if every else coordinated_for(request.user)
    open_calls = Call.objects.open().for_list() if can_create_application(request.user) else Call.objects.none()
    pages = {"mine": Paginator(mine.pages(), PAGE_SIZE).get_page(request.GET.get(MINE_PAGE)),
             "coordinated": Paginator(coordinated.pages(), PAGE_SIZE).get_page(
                 request.GET.get(COORDINATED_PAGE))}
    return render(request, "fund/my_applications.html", {
        **pages, "mine_query": _query_without(request, MINE_PAGE), "page_param": MINE_PAGE,
        "coordinated_query": _query_without(request, COORDINATED_PAGE), "coordinated_param": COORDINATED_PAGE,
        "open_calls": open_calls, "every": every, "attached": bool(request.user.editable_collectivity_ids())})


MINE_PAGE, COORDINATED_PAGE = "page", "page_coordonnees"


def _query_without(request, param: str) -> str:
    """The query string less `param`: a list's page links keep the other list's page."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


def application_list(request):
    """Every application, for the secretariat and the committees, by stage and call."""
    if not reads_every_application(request.user):
        raise PermissionDenied(_("La liste de toutes les demandes est réservée au secrétariat et aux comités."))
    form = forms.ApplicationFilterForm(request.GET or None, calls=Call.objects.for_list().only("title"))
    data = form.filter_data()
    rows = Application.objects.visible_to(request.user)
    if data.get("stage"):
        rows = rows.filter(stage=data["stage"])
    if data.get("call"):
        rows = rows.filter(call_id=data["call"])
    page = Paginator(rows.pages(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fund/application_list.html", {"form": form, "page": page,
                                                          "query": _query_without(request, "page")})


def review_list(request):
    """A reviewer's assigned reviews; for the secretariat, every review."""
    if not can_read_reviews_list(request.user):
        raise PermissionDenied(_("Cette liste est réservée aux évaluateurs du Fonds et au secrétariat."))
    # Those still to hand in first, then the latest handed in (REVIEW_ORDER).
    rows = Review.objects.all()
    everyone = acts_as_secretariat(request.user)
    if not everyone:
        rows = rows.filter(reviewer=request.user)
    page = Paginator(rows.pages(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fund/review_list.html", {"page": page, "everyone": everyone})


# A draft.

def application_create(request, pk):
    call = get_object_or_404(Call, pk=pk)
    if not can_create_application(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat préparent une demande."))
    secretariat = acts_as_secretariat(request.user)
    if not secretariat and timezone.now() >= call.closes_at:
        raise PermissionDenied(_("L'appel « %(call)s » est clos : il ne reçoit plus de demande.") % {
            "call": call.title})
    form = forms.ApplicationCreateForm(request.POST or None, user=request.user, secretariat=secretariat)
    if form.is_valid():
        application = _run(form, lambda: actions.create_application(call=call, by=request.user, **form.cleaned_data))
        if application:
            messages.success(request, _("Le brouillon « %(title)s » est créé : complétez-le, il est enregistré à "
                                        "chaque étape.") % {"title": application.title})
            return redirect("fund:application_edit", application.pk)
    return render(request, "fund/application_create.html", {"form": form, "call": call})


def application_edit(request, pk):
    application = get_draft_for_user(request.user, pk)
    form = forms.DraftForm(request.POST or None, instance=application)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "summary")}
        if _run(form, lambda: actions.save_draft(application, by=request.user, version=form.read_version,
                                                 themes=list(form.cleaned_data["themes"]), **fields)):
            messages.success(request, _("Le brouillon est enregistré."))
            return redirect("fund:application_edit", application.pk)
    return _render_edit(request, application, draft=form)


@dataclass(frozen=True)
class DraftPart:
    """A collection of the draft, added to from the edit page."""

    form: type
    add: Callable
    message: str
    multipart: bool = False


DRAFT_PARTS = {
    "partenaires": DraftPart(forms.CoApplicantForm, lambda a, by, data: actions.add_co_applicant(
        a, by=by, collectivity=data["collectivity"]), gettext_lazy("La collectivité partenaire est ajoutée.")),
    "calendrier": DraftPart(forms.YearForm, lambda a, by, data: actions.set_year(a, by=by, **data),
                            gettext_lazy("L'année est enregistrée dans le calendrier.")),
    "lieux": DraftPart(forms.LocationForm, lambda a, by, data: actions.add_location(a, by=by, **data),
                       gettext_lazy("Le lieu d'activité est ajouté.")),
    "pieces": DraftPart(forms.DocumentUploadForm, lambda a, by, data: actions.attach_document(a, by=by, **data),
                        gettext_lazy("La pièce est jointe."), multipart=True),
}


def _part(part: str) -> DraftPart:
    if part not in DRAFT_PARTS:
        raise Http404(_("Rien de tel dans une demande."))
    return DRAFT_PARTS[part]


def _part_form(part: str, application, data=None, files=None):
    form_class = DRAFT_PARTS[part].form
    extra = {"call": application.call} if form_class is forms.YearForm else {}
    return form_class(data, files, prefix=part, **extra)


@require_POST
def draft_add(request, pk, part):
    definition = _part(part)
    application = get_draft_for_user(request.user, pk)
    form = _part_form(part, application, request.POST, request.FILES)
    if form.is_valid() and _run(form, lambda: definition.add(application, request.user, form.cleaned_data)):
        messages.success(request, definition.message)
        return redirect(reverse("fund:application_edit", args=[application.pk]) + f"#{part}")
    return _render_edit(request, application, **{part: form})


@require_POST
def draft_remove(request, pk, part, item_pk):
    model = actions.DRAFT_PARTS.get(part)
    if model is None:
        raise Http404(_("Rien de tel dans une demande."))
    application = get_draft_for_user(request.user, pk)
    item = get_object_or_404(model, pk=item_pk, application=application)
    actions.remove_from_draft(application, item=item, by=request.user)
    messages.success(request, _("« %(item)s » est retiré de la demande.") % {"item": item})
    return redirect(reverse("fund:application_edit", args=[application.pk]) + f"#{part}")


def _render_edit(request, application, **bound):
    parts = {part: bound[part] if part in bound else _part_form(part, application) for part in DRAFT_PARTS}
    submit = SUBMIT if transitions.can(application, "submit", request.user) else None
    return render(request, "fund/application_edit.html", {
        "application": application, "form": bound["draft"] if "draft" in bound else forms.DraftForm(instance=application),
        "parts": parts,
        "co_applicants": application.co_applicant_links.select_related("collectivity").order_by("pk"),
        "schedule": application.years.order_by("year"), "locations": application.locations.order_by("side", "pk"),
        "documents": application.documents.order_by("pk"), "problems": eligibility.problems(application),
        "required": application.call.required_documents.order_by("pk"), "zones": WINDOW_ZONES,
        "submit": submit and (submit, submit.form(application, request.user))})


def application_file(request, pk, part, item_pk):
    """A document or a report's file, for those who read the application."""
    application = get_application_for_user(request.user, pk)
    model = {"pieces": ApplicationDocument, "rapports": Report}.get(part)
    if model is None:
        raise Http404(_("Rien de tel dans une demande."))
    item = get_object_or_404(model, pk=item_pk, application=application)
    if not item.file:
        raise Http404(_("Aucun fichier n'est joint."))
    try:
        stored = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Le fichier n'existe plus.")) from None
    return FileResponse(stored, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


# The steps of an application's life, each offered to the role its transition names.

@dataclass(frozen=True)
class Step:
    """One form of the application page. `transition`: the declared transition whose role
    (and stage) it needs; None for a step of the secretariat that is no transition
    (assigning reviewers during the review, a payment after the first)."""

    slug: str
    label: str
    transition: str | None
    build: Callable  # (application, user, data, files, prefix) -> form
    run: Callable  # (application, user, form) -> success message
    offered: Callable = lambda application, user: True
    multipart: bool = False

    def form(self, application, user, data=None, files=None):
        return self.build(application, user, data, files, self.slug)

    def check_role(self, application, user) -> None:
        """403 with the reason when `user`'s role may not make this step at all."""
        if self.transition is None:
            if not acts_as_secretariat(user):
                raise PermissionDenied(_("« %(action)s » est réservé au secrétariat.") % {"action": self.label})
            return
        declared = transitions.TRANSITIONS[self.transition]
        if not declared.allowed(user, application):
            raise PermissionDenied(_("« %(action)s » est réservé %(role)s.") % {
                "action": self.label, "role": declared.role})

    def is_offered(self, application, user, available: set[str]) -> bool:
        """Whether the page offers this step; `available`: the names of the transitions
        `user` may make now (transitions.available)."""
        if self.transition is None:
            return acts_as_secretariat(user) and self.offered(application, user)
        return self.transition in available and self.offered(application, user)


def _endorsable(application, user) -> list:
    """The applicants' territories still without an opinion that `user` may give."""
    done = set(application.endorsements.values_list("territory_id", flat=True))
    territories = [t for pk, t in application.territories().items() if pk not in done]
    if acts_as_secretariat(user):
        return territories
    coordinated = set(Coordinator.objects.filter(call_id=application.call_id, body_id__in=user.editable_collectivity_ids())
                      .values_list("territory_id", flat=True))
    return [t for t in territories if t.pk in coordinated]


def _reviewers(application):
    return get_user_model().objects.filter(is_fund_reviewer=True).exclude(
        fund_reviews__application=application).order_by("last_name", "username")


def _report_kinds(application, user) -> list[str]:
    return [kind for kind, name in ((Report.Kind.MIDTERM, "receive_midterm_report"),
                                    (Report.Kind.FINAL, "receive_final_report")) if transitions.can(application, name, user)]


def _endorse(application, user, form) -> str:
    territory = form.cleaned_data["territory"]
    actions.endorse(application, territory=territory, by=user, note=form.cleaned_data["note"])
    return _("L'avis de la coordination de %(name)s est enregistré.") % {"name": territory.name}


def _check(application, user, form) -> str:
    problems = actions.check_eligibility(application, by=user)
    if problems:
        return _("La demande est irrecevable : %(problems)s") % {"problems": " ".join(problems)}
    return _("La demande est recevable.")


def _assign(application, user, form) -> str:
    for reviewer in form.cleaned_data["reviewers"]:
        actions.assign_reviewer(application, reviewer=reviewer, by=user)
    return _("Les évaluations sont attribuées.")


def _select(application, user, form) -> str:
    if form.cleaned_data["decision"] == "select":
        actions.select(application, by=user, note=form.cleaned_data["note"])
        return _("La demande est retenue par le comité.")
    actions.not_select(application, by=user, note=form.cleaned_data["note"])
    return _("La demande n'est pas retenue.")


DECISION_LABELS = {Side.FRANCE: gettext_lazy("Décision du côté France"),
                   Side.QUEBEC: gettext_lazy("Décision du côté Québec")}


def _decision_step(side: str) -> Step:
    def run(application, user, form):
        actions.decide(application, side=side, by=user, amounts=form.amounts(), reasons=form.cleaned_data["reasons"])
        return _("La décision du côté %(side)s est enregistrée.") % {"side": Side(side).label}

    return Step(
        f"decision-{side}", DECISION_LABELS[side], "decide",
        lambda a, u, d, f, p: forms.DecisionForm(d, prefix=p, side=side, schedule=a.schedule()), run,
        offered=lambda a, u: all(decision.side != side for decision in a.decisions.all()))


def _disburse(application, user, form) -> str:
    payment = actions.disburse(application, by=user, **form.cleaned_data)
    return _("Le versement de %(amount)s est enregistré.") % {"amount": payment.money}


def _report(application, user, form) -> str:
    report = actions.record_report(application, by=user, **form.cleaned_data)
    return _("« %(report)s » est enregistré.") % {"report": report.get_kind_display()}


def _submit(application, user, form) -> str:
    actions.submit(application, by=user)
    return _("La demande est déposée.")


def _open_review(application, user, form) -> str:
    actions.open_review(application, by=user, reviewers=list(form.cleaned_data["reviewers"]))
    return _("L'évaluation est ouverte.")


def _sign(application, user, form) -> str:
    actions.sign_agreement(application, by=user, **form.cleaned_data)
    return _("La convention signée est enregistrée.")


def _close(application, user, form) -> str:
    actions.close(application, by=user, **form.cleaned_data)
    return _("La demande est clôturée.")


SUBMIT = Step("deposer", gettext_lazy("Déposer la demande"), "submit",
              lambda a, u, d, f, p: forms.EmptyForm(d, prefix=p), _submit)
STEPS = {step.slug: step for step in (
    SUBMIT,
    Step("avis", gettext_lazy("Donner l'avis de la coordination"), "endorse",
         lambda a, u, d, f, p: forms.EndorseForm(d, prefix=p, territories=_endorsable(a, u)), _endorse,
         offered=lambda a, u: bool(_endorsable(a, u))),
    Step("recevabilite", gettext_lazy("Vérifier la recevabilité"), "declare_eligible",
         lambda a, u, d, f, p: forms.EmptyForm(d, prefix=p), _check),
    Step("evaluation", gettext_lazy("Ouvrir l'évaluation"), "open_review",
         lambda a, u, d, f, p: forms.ReviewersForm(d, prefix=p, reviewers=_reviewers(a)), _open_review),
    Step("evaluateurs", gettext_lazy("Attribuer d'autres évaluations"), None,
         lambda a, u, d, f, p: forms.ReviewersForm(d, prefix=p, reviewers=_reviewers(a)), _assign,
         offered=lambda a, u: a.stage == Stage.UNDER_REVIEW and _reviewers(a).exists()),
    Step("selection", gettext_lazy("Décision du comité"), "select",
         lambda a, u, d, f, p: forms.SelectionForm(d, prefix=p), _select),
    *(_decision_step(side) for side in FUND_SIDES),
    Step("convention", gettext_lazy("Enregistrer la convention signée"), "sign_agreement",
         lambda a, u, d, f, p: forms.AgreementForm(d, prefix=p), _sign),
    Step("versement", gettext_lazy("Enregistrer un versement"), None,
         lambda a, u, d, f, p: forms.DisbursementForm(d, prefix=p, years=sorted(
             {commitment.year for commitment in a.commitments.all()})), _disburse,
         offered=lambda a, u: a.stage in actions.PAYABLE),
    Step("rapport", gettext_lazy("Enregistrer un rapport"), "receive_final_report",
         lambda a, u, d, f, p: forms.ReportForm(d, f, prefix=p, kinds=_report_kinds(a, u), applicants=a.applicants()),
         _report, offered=lambda a, u: bool(_report_kinds(a, u)), multipart=True),
    Step("cloture", gettext_lazy("Clôturer"), "close", lambda a, u, d, f, p: forms.NoteForm(d, prefix=p), _close),
)}


@require_POST
def application_step(request, pk, step):
    if step not in STEPS:
        raise Http404(_("Aucune étape de ce nom."))
    definition = STEPS[step]
    application = get_application_for_user(request.user, pk)
    definition.check_role(application, request.user)
    form = definition.form(application, request.user, request.POST, request.FILES)
    message = None
    if form.is_valid():
        try:  # the stage, checked before the action for a clear refusal ("… n'est pas possible : …")
            if definition.transition:
                transitions.check(application, definition.transition, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _run(form, lambda: definition.run(application, request.user, form))
    if message:
        messages.success(request, message)
        return redirect("fund:application_detail", application.pk)
    # Read again as the page reads it (what the refused action changed was rolled back).
    application = Application.objects.for_detail().get(pk=application.pk)
    return _render_detail(request, application, failed=(definition, form))


def application_detail(request, pk):
    application = get_application_for_user(request.user, pk, queryset=Application.objects.for_detail())
    return _render_detail(request, application)


def _render_detail(request, application, failed=None):
    user = request.user
    available = {transition.name for transition in transitions.available(application, user)}
    steps = [(step, step.form(application, user)) for step in STEPS.values()
             if step.is_offered(application, user, available)]
    if failed:
        steps = [(step, failed[1] if step is failed[0] else form) for step, form in steps]
        if failed[0] not in [step for step, _form in steps]:
            steps.insert(0, failed)
    every = reads_every_application(user)
    schedule = application.schedule()
    # Every review with its reviewer and scores, read once (prefetched by for_detail).
    all_reviews = list(application.reviews.all())
    return render(request, "fund/application_detail.html", {
        "application": application, "steps": steps, "every": every,
        "can_edit": draft_refusal(user, application) is None,
        "co_applicants": application._co_applicant_links(),
        "schedule": schedule, "totals": _schedule_totals(schedule),
        "locations": application.locations.order_by("side", "pk"), "themes": application.themes.order_by("position"),
        "documents": application.documents.order_by("pk"),
        "endorsements": application.endorsements.select_related("territory", "endorsed_by").order_by("endorsed_at"),
        "history": application.transitions.select_related("by").order_by("at", "pk"),
        "reviews": reviews.visible_reviews(application, user, all_reviews),
        "own_review": next((review for review in all_reviews if review.reviewer_id == user.pk), None),
        "assignments": all_reviews if every else None,
        "summary": reviews.summary(application, all_reviews) if every and application.stage not in PRE_REVIEW
        else None,
        "decisions": application.decisions.all(),
        "money": _money_rows(application),
        "reports": application.reports.select_related("sender").order_by("received_on"),
        "problems": eligibility.problems(application) if application.stage in (
            Stage.DRAFT, Stage.SUBMITTED, Stage.ENDORSED) and (every or draft_refusal(user, application) is None)
        else None,
    })


def _schedule_totals(schedule) -> dict[str, Money]:
    return {name: sum((getattr(row, name[:-4])(side) for row in schedule), Money(Decimal("0"), currency))
            for name, side, currency in (("fund_eur", "fr", "EUR"), ("own_eur", "fr", "EUR"),
                                         ("fund_cad", "qc", "CAD"), ("own_cad", "qc", "CAD"))}


def _money_rows(application) -> list[dict]:
    """Per side and year: committed and disbursed."""
    rows: dict[tuple, dict] = {}
    for commitment in sorted(application.commitments.all(), key=lambda commitment: (commitment.side, commitment.year)):
        rows[(commitment.side, commitment.year)] = {
            "side": commitment.get_side_display(), "year": commitment.year, "committed": commitment.money,
            "disbursed": Money(Decimal("0"), commitment.currency)}
    for payment in application.disbursements.order_by("paid_on", "pk"):
        row = rows.get((payment.side, payment.year))
        if row is not None:
            row["disbursed"] = row["disbursed"] + payment.money
    return list(rows.values())


# Reviews.

def review_form(request, pk):
    review = get_review_for_user(request.user, pk)
    application = review.application
    criteria = Criterion.objects.filter(call_id=application.call_id).order_by("position", "pk")
    form = forms.ReviewForm(request.POST or None, instance=review, criteria=criteria)
    if not review.is_submitted and not review.conflict_of_interest and form.is_valid() and _run(
            form, lambda: actions.submit_review(review, by=request.user, scores=form.scores(),
                                                comment=form.cleaned_data["comment"], version=form.read_version)):
        messages.success(request, _("Votre évaluation est remise. Vous voyez maintenant celles des autres."))
        return redirect("fund:review_form", review.pk)
    return render(request, "fund/review_form.html", {
        "review": review, "application": application, "form": form, "conflict_form": forms.ConflictForm(),
        "others": reviews.visible_reviews(application, request.user) if review.is_submitted else []})


@require_POST
def review_conflict(request, pk):
    review = get_review_for_user(request.user, pk)
    form = forms.ConflictForm(request.POST)
    if form.is_valid() and _run(form, lambda: actions.declare_conflict(review, by=request.user,
                                                                       note=form.cleaned_data["conflict_note"])):
        messages.success(request, _("Le conflit d'intérêts est déclaré : cette demande quitte votre liste."))
        return redirect("fund:review_list")
    criteria = Criterion.objects.filter(call_id=review.application.call_id).order_by("position", "pk")
    return render(request, "fund/review_form.html", {
        "review": review, "application": review.application, "conflict_form": form, "others": [],
        "form": forms.ReviewForm(instance=review, criteria=criteria)})
