"""Pages of the matchmaking under /partenaires/: cooperation profiles, the bourse of offers
and requests, staff exchanges, expressions of interest, the user's space and the
secretariat's connections (the suggestions' pages are matching/views_suggestions, M2's).

Every write goes through matching/actions.py; its refusal (ValidationError) or a version
conflict comes back in the form that asked for it, the input kept."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.collation import french
from core.locking import VersionConflict
from plan.models import Axis
from projects.access import acts_as_secretariat
from territories.models import Collectivity

from . import actions, forms
from .access import (
    can_answer, can_create_profile, can_read_connections, can_see_contacts,
    get_exchange_for_user, get_interest_for_user, get_posting_for_user, get_profile_for_user, keeps_profile,
    sender_choices,
)
from .models import Interest, Posting, Profile, StaffExchange

PAGE_SIZE = 30
# The user's space shows the latest expressions of interest of each kind, not all of them.
RECENT = 20


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


def _page(request, rows):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _site(request) -> str:
    return request.build_absolute_uri("/")


THEMES = Prefetch("themes", queryset=Axis.objects.only("title", "plan_id", "position").order_by("position", "pk"))


# Profiles.

@login_not_required
def profile_list(request):
    """The published profiles (and those the user may read), by side and theme."""
    form = forms.ProfileFilterForm(request.GET or None)
    data = form.filter_data()
    rows = Profile.objects.visible_to(request.user)
    if data.get("side"):
        rows = rows.filter(side=data["side"])
    if data.get("theme"):
        rows = rows.filter(themes=data["theme"])
    if data.get("open_only"):
        rows = rows.filter(is_open=True)
    rows = rows.for_list().prefetch_related(THEMES).order_by("side", french("collectivity__name"), french("organisation__name"), "pk")
    page, query = _page(request, rows)
    return render(request, "matching/profile_list.html", {
        "form": form, "page": page, "query": query, "can_create": can_create_profile(request.user)})


def profile_create(request):
    if not can_create_profile(request.user):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat créent un profil."))
    secretariat = acts_as_secretariat(request.user)
    initial = {"collectivity": request.GET.get("collectivite")} if not secretariat else {}
    form = forms.ProfileCreateForm(request.POST or None, initial=initial, user=request.user, secretariat=secretariat)
    if form.is_valid():
        profile = _run(form, lambda: actions.create_profile(by=request.user, **form.owner(), **form.model_fields()))
        if profile:
            messages.success(request, _("Le profil de coopération de %(name)s est créé.") % {"name": profile.name})
            return redirect("matching:profile_detail", profile.pk)
    return render(request, "matching/profile_form.html", {"form": form, "profile": None})


@login_not_required
def profile_detail(request, pk):
    profile = get_profile_for_user(request.user, pk)
    user = request.user
    keeps = keeps_profile(user, profile)
    interests = None
    if keeps:
        interests = Interest.objects.between_any(profile).for_list().order_by("-sent_at", "pk")[:RECENT]
    return render(request, "matching/profile_detail.html", {
        "profile": profile, "keeps": keeps, "contacts": can_see_contacts(user, profile),
        "themes": profile.themes.order_by("position", "pk"),
        "pistes": profile.pistes.select_related("axis").order_by("axis__position", "position"),
        "postings": Posting.objects.visible_to(user).filter(profile=profile).prefetch_related(THEMES),
        "exchanges": StaffExchange.objects.visible_to(user).filter(profile=profile),
        "interests": interests,
        "can_signal": user.is_authenticated and sender_choices(user, profile).exists(),
    })


@login_not_required
def collectivity_profile(request, collectivity_pk):
    """The profile of the collectivity `collectivity_pk` (the suggestions link here), 404
    when it has none the user may read."""
    profile = Profile.objects.visible_to(request.user).filter(collectivity_id=collectivity_pk).only("pk").first()
    if profile is None:
        raise Http404(_("Cette collectivité n'a pas de profil de coopération publié."))
    return redirect("matching:profile_detail", profile.pk)


def profile_edit(request, pk):
    profile = get_profile_for_user(request.user, pk, write=True)
    form = forms.ProfileForm(request.POST or None, instance=profile)
    if form.is_valid() and _run(form, lambda: actions.save_profile(
            profile, by=request.user, version=form.read_version, **form.model_fields())):
        messages.success(request, _("Le profil de coopération est enregistré."))
        return redirect("matching:profile_detail", profile.pk)
    return render(request, "matching/profile_form.html", {"form": form, "profile": profile})


# The bourse and the staff exchanges.

def _offer_list(request, model, filter_form, template):
    form = filter_form(request.GET or None)
    data = form.filter_data()
    rows = model.objects.visible_to(request.user).open()
    for name, lookup in (("side", "profile__side"), ("kind", "kind"), ("theme", "themes")):
        if data.get(name):
            rows = rows.filter(**{lookup: data[name]})
    page, query = _page(request, rows.for_list())
    return render(request, template, {"form": form, "page": page, "query": query})


@login_not_required
def posting_list(request):
    return _offer_list(request, Posting, forms.PostingFilterForm, "matching/posting_list.html")


@login_not_required
def exchange_list(request):
    return _offer_list(request, StaffExchange, forms.ExchangeFilterForm, "matching/exchange_list.html")


@login_not_required
def posting_detail(request, pk):
    posting = get_posting_for_user(request.user, pk)
    return _render_offer(request, "matching/posting_detail.html", posting, {"posting": posting})


@login_not_required
def exchange_detail(request, pk):
    exchange = get_exchange_for_user(request.user, pk)
    return _render_offer(request, "matching/exchange_detail.html", exchange, {"exchange": exchange})


def _render_offer(request, template, item, context):
    user = request.user
    return render(request, template, {
        **context, "profile": item.profile, "themes": item.themes.order_by("position", "pk"),
        "keeps": keeps_profile(user, item.profile),
        "can_signal": user.is_authenticated and item.status == Posting.Status.OPEN
        and sender_choices(user, item.profile).exists()})


def _offer_form(request, *, form_class, instance, profile, save, template, message):
    form = form_class(request.POST or None, instance=instance)
    if form.is_valid():
        saved = _run(form, lambda: save(form))
        if saved:
            messages.success(request, message)
            return redirect(saved)
    return render(request, template, {"form": form, "item": instance if instance.pk else None, "profile": profile})


def posting_create(request, pk):
    profile = get_profile_for_user(request.user, pk, write=True)
    return _offer_form(request, form_class=forms.PostingForm, instance=Posting(profile=profile), profile=profile,
                       save=lambda form: actions.create_posting(profile, by=request.user, **form.model_fields()),
                       template="matching/posting_form.html", message=_("L'annonce est publiée dans la bourse."))


def posting_edit(request, pk):
    posting = get_posting_for_user(request.user, pk, write=True)
    return _offer_form(request, form_class=forms.PostingForm, instance=posting, profile=posting.profile,
                       save=lambda form: actions.save_posting(posting, by=request.user, version=form.read_version,
                                                              **form.model_fields()),
                       template="matching/posting_form.html", message=_("L'annonce est enregistrée."))


def exchange_create(request, pk):
    profile = get_profile_for_user(request.user, pk, write=True)
    return _offer_form(request, form_class=forms.ExchangeForm, instance=StaffExchange(profile=profile),
                       profile=profile,
                       save=lambda form: actions.create_exchange(profile, by=request.user, **form.model_fields()),
                       template="matching/exchange_form.html", message=_("L'échange de personnel est enregistré."))


def exchange_edit(request, pk):
    exchange = get_exchange_for_user(request.user, pk, write=True)
    return _offer_form(request, form_class=forms.ExchangeForm, instance=exchange, profile=exchange.profile,
                       save=lambda form: actions.save_exchange(exchange, by=request.user, version=form.read_version,
                                                               **form.model_fields()),
                       template="matching/exchange_form.html", message=_("L'échange de personnel est enregistré."))


# Expressions of interest.

def interest_create(request, pk):
    """Signal interest to the profile `pk`, about one of its postings (`?offre=`) or staff
    exchanges (`?echange=`) if given."""
    recipient = get_profile_for_user(request.user, pk)
    senders = sender_choices(request.user, recipient)
    if not senders.exists():
        raise PermissionDenied(_("Vous ne tenez aucun profil de l'autre côté depuis lequel signaler votre intérêt "
                                 "à %(name)s.") % {"name": recipient.name})
    initial = {"posting": request.GET.get("offre"), "staff_exchange": request.GET.get("echange")}
    form = forms.InterestForm(request.POST or None, initial=initial, senders=senders, recipient=recipient)
    if form.is_valid():
        interest = _run(form, lambda: actions.signal_interest(recipient=recipient, by=request.user, site=_site(request),
                                                              **form.cleaned_data))
        if interest:
            messages.success(request, _("Votre intérêt est signalé à %(name)s : ses éditeurs sont prévenus par "
                                        "courriel.") % {"name": recipient.name})
            return redirect("matching:interest_detail", interest.pk)
    return render(request, "matching/interest_form.html", {"form": form, "recipient": recipient,
                                                           "about": _about(form)})


def _about(form):
    """The posting or staff exchange the form is about, if any (and still the recipient's)."""
    for name in ("posting", "staff_exchange"):
        value = str(form[name].value() or "")
        if value.isdigit():
            return form.fields[name].queryset.filter(pk=value).first()
    return None


def interest_detail(request, pk):
    interest = get_interest_for_user(request.user, pk)
    return _render_interest(request, interest, forms.AnswerForm())


@require_POST
def interest_answer(request, pk):
    interest = get_interest_for_user(request.user, pk)
    if not can_answer(request.user, interest):
        raise PermissionDenied(_("Seuls les éditeurs de %(name)s et le secrétariat répondent à cet intérêt.") % {
            "name": interest.recipient.name})
    form = forms.AnswerForm(request.POST)
    if form.is_valid() and _run(form, lambda: actions.answer_interest(
            interest, by=request.user, accept=form.cleaned_data["decision"] == "accept",
            answer=form.cleaned_data["answer"], site=_site(request))):
        messages.success(request, _("Vous êtes en relation : vos contacts sont partagés.")
                         if interest.status == Interest.Status.ACCEPTED else _("L'intérêt est décliné."))
        return redirect("matching:interest_detail", interest.pk)
    if interest.status != Interest.Status.PENDING:
        # Answered before this one (another tab, another editor): the page shows no form
        # any more, so the refusal is told as a message.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("matching:interest_detail", interest.pk)
    return _render_interest(request, interest, form)


def _render_interest(request, interest, form):
    user = request.user
    return render(request, "matching/interest_detail.html", {
        "interest": interest, "form": form,
        "can_answer": interest.status == Interest.Status.PENDING and can_answer(user, interest),
        "parties": [(profile, can_see_contacts(user, profile)) for profile in (interest.sender, interest.recipient)],
    })


def my_space(request):
    """What the user keeps: their collectivities' profiles (or the invitation to create
    one), the expressions of interest received and sent, the latest first; for the
    secretariat, the organisations' profiles it keeps."""
    user = request.user
    ids = user.editable_collectivity_ids()
    collectivities = Collectivity.objects.filter(pk__in=ids).select_related("cooperation_profile").order_by(french("name"))
    mine = Interest.objects.visible_to(user).for_list().order_by("-sent_at", "pk") if ids else Interest.objects.none()
    secretariat = acts_as_secretariat(user)
    return render(request, "matching/my_space.html", {
        "collectivities": collectivities, "secretariat": secretariat,
        "organisation_profiles": Profile.objects.filter(organisation__isnull=False).select_related(
            "organisation").order_by(french("organisation__name"))[:RECENT] if secretariat else [],
        "received": mine.filter(recipient__collectivity_id__in=ids)[:RECENT],
        "sent": mine.filter(sender__collectivity_id__in=ids)[:RECENT],
        "connections": can_read_connections(user)})


def connections(request):
    """The connections made and what came of them, for the secretariat and the committees."""
    if not can_read_connections(request.user):
        raise PermissionDenied(_("Les mises en relation sont suivies par le secrétariat et les comités."))
    page, query = _page(request, Interest.objects.with_outcomes().for_list().order_by("-sent_at", "pk"))
    return render(request, "matching/connections.html", {
        "page": page, "query": query, "counts": Interest.objects.outcome_counts()})
