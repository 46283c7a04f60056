from django.shortcuts import render


def profile(request):
    memberships = request.user.memberships.select_related("collectivity")
    return render(request, "accounts/profile.html", {"memberships": memberships})
