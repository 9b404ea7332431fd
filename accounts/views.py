from django.http import Http404
from django.shortcuts import render

from accounts.models import User


def profile(request, username):
    member = User.objects.active().filter(username=username).first()
    if member is None:
        raise Http404("No such member.")
    return render(request, "accounts/profile.html", {"member": member})
