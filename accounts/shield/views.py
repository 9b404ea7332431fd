"""The shield's settings page (accounts.shield)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.shield import SHIELD_CHOICES, services
from accounts.shield.forms import ShieldForm
from core import ratelimit


@login_required
def settings_shield(request):
    days = request.user.shield_days
    chosen = days in SHIELD_CHOICES or days is None
    initial = {"days": days if chosen else "", "custom_days": None if chosen else days}
    form = ShieldForm(request.POST or None, initial=initial)
    status = HTTPStatus.OK
    if form.is_bound:
        if not ratelimit.allow(request, "accounts:shield"):
            form.add_error(None, ratelimit.TOO_FAST)
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            services.set_shield(member=request.user, **form.cleaned_data)
            messages.success(request, "Your shield is saved.")
            return redirect("accounts:settings_shield")
        else:
            status = HTTPStatus.BAD_REQUEST
    return render(request, "accounts/settings_shield.html", {"form": form}, status=status)
