from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import throttling
from .forms import PreferencesForm


def profile(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("profile")
    memberships = request.user.memberships.select_related("collectivity")
    # Their labels and first characters only: the secrets are not stored.
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"memberships": memberships, "form": form, "tokens": tokens})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with a cap on the mails sent per address and per IP address: beyond it the
    form comes back saying when to try again, the same for known and unknown addresses."""

    def form_valid(self, form):
        wait_message = throttling.password_reset_wait(self.request, form.cleaned_data["email"])
        if wait_message:
            form.add_error(None, wait_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
