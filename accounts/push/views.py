"""The member's push settings (/settings/notifications/): turn push on or off for this device
(the buttons need JavaScript: the Push API is a browser one), quiet hours, and "turn off
everywhere" (works without JavaScript). Every write is a POST, rate-limited, PRG."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import PushPreference
from accounts.push import keys, services
from accounts.push.forms import DeviceForm, QuietHoursForm
from accounts.push.receivers import SESSION_KEY
from core import ratelimit

UNAVAILABLE = "Notifications on your devices are not available on this site yet."


def _page(request, quiet_form=None, status=HTTPStatus.OK):
    preference = PushPreference.objects.filter(member=request.user).first()
    quiet_form = quiet_form or QuietHoursForm(
        initial={
            "quiet_from": getattr(preference, "quiet_from", None),
            "quiet_until": getattr(preference, "quiet_until", None),
        }
    )
    context = {
        "available": keys.is_available(),
        "unavailable": UNAVAILABLE,
        "server_key": keys.application_server_key(),
        "device_count": request.user.push_subscriptions.count(),
        "quiet_form": quiet_form,
    }
    return render(request, "accounts/settings_push.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def settings_push(request):
    if request.method != "POST":
        return _page(request)
    form = QuietHoursForm(request.POST)
    if not form.is_valid():
        return _page(request, form, HTTPStatus.BAD_REQUEST)
    if not ratelimit.allow(request, "push:settings"):
        form.add_error(None, form.error_messages["too_fast"])
        return _page(request, form, HTTPStatus.TOO_MANY_REQUESTS)
    services.set_quiet_hours(member=request.user, **form.cleaned_data)
    messages.success(request, "Your quiet hours are saved.")
    return redirect("accounts:settings_push")


def _device_write(request, *, need_keys, write, done):
    form = DeviceForm(request.POST, need_keys=need_keys)
    if not keys.is_available():
        messages.warning(request, UNAVAILABLE)
    elif not ratelimit.allow(request, "push:settings"):
        messages.warning(request, ratelimit.TOO_FAST)
    elif not form.is_valid():
        messages.warning(request, next(iter(form.errors.values()))[0])
    else:
        write(form.cleaned_data)
        messages.success(request, done)
    return redirect("accounts:settings_push")


@require_POST
@login_required
def push_device_on(request):
    def write(data):
        services.subscribe_device(member=request.user, **data)
        request.session[SESSION_KEY] = data["endpoint"]

    done = "Notifications are on for this device."
    return _device_write(request, need_keys=True, write=write, done=done)


@require_POST
@login_required
def push_device_off(request):
    def write(data):
        services.unsubscribe_device(member=request.user, endpoint=data["endpoint"])
        request.session.pop(SESSION_KEY, None)

    done = "Notifications are off for this device."
    return _device_write(request, need_keys=False, write=write, done=done)


@require_POST
@login_required
def push_all_off(request):
    if ratelimit.allow(request, "push:settings"):
        services.unsubscribe_all(member=request.user)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, "Notifications are off on all your devices.")
    else:
        messages.warning(request, ratelimit.TOO_FAST)
    return redirect("accounts:settings_push")
