"""/mon-espace/: where logging in leads (dashboard.space)."""
from django.shortcuts import render

from .space import space_of


def space(request):
    """The user's own space; LoginRequiredMiddleware sends visitors to the login page."""
    return render(request, "dashboard/space.html", {"space": space_of(request.user)})
