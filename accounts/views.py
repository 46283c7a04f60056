from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PreferencesForm


def profile(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("profile")
    memberships = request.user.memberships.select_related("collectivity")
    return render(request, "accounts/profile.html", {"memberships": memberships, "form": form})
