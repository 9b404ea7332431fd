"""Quick exit and discreet mode (issue 15, item 1; docs/quick-exit-and-privacy.md).

The "Quick exit" link on every page (templates/base.html) points at `neutral_page`: a plain
recipe page of ours with no trace of Holdfast, so that leaving works without JavaScript;
static/js/quick-exit.js goes there with location.replace() (no history entry to go Back to)
on a click or on Escape pressed three times.
"""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

import pagecache as page_cache
from accounts.discreet import services
from accounts.forms import DiscreetModeForm
from core import ratelimit


@require_safe
@page_cache.for_visitors(lambda request: [])
def neutral_page(request):
    # Not base.html: nothing here may say Holdfast, in the page, its title or its icon.
    return render(request, "accounts/neutral_page.html")


@login_required
def settings_discreet(request):
    # Not `request.POST or None`: an unticked box posts nothing, and that is a choice too.
    data = request.POST if request.method == "POST" else None
    form = DiscreetModeForm(data, instance=request.user)
    status = HTTPStatus.OK
    if form.is_bound:
        if not ratelimit.allow(request, "accounts:discreet"):
            form.add_error(None, ratelimit.TOO_FAST)
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            services.set_discreet_mode(member=request.user, on=form.cleaned_data["discreet_mode"])
            messages.success(request, "Your choice is saved.")
            return redirect("accounts:settings_discreet")
    return render(request, "accounts/settings_discreet.html", {"form": form}, status=status)
