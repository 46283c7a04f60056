from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def collectivity_list(request):
    return render(request, "territories/collectivity_list.html", {})
