"""The short welcome a new member meets once their email is verified (AccountAdapter sends
them here): a display name, then "when was your last contact?" (which starts their streak),
then hello in "Start here" (the forum's new-thread page, in welcome mode). Every step is a
plain POST form that works without JavaScript, and every step can be skipped.

accounts sits below forum and never imports it: the last step is reached by URL name.
"""

import copy
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import selectors, services
from accounts.forms import DisplayNameForm, LastContactForm
from accounts.streaks import counting
from accounts.streaks import selectors as streak_selectors
from core import ratelimit

# forum/seed_content.py's START_HERE: where a new member says hello.
START_HERE_CATEGORY = "start-here"


def hello_url() -> str:
    query = urlencode({"category": START_HERE_CATEGORY, "welcome": "1"})
    return f"{reverse('forum:thread_create')}?{query}"


@never_cache
@login_required
def welcome(request):
    """Step 1 of 3: what should we call you?"""
    # A copy: a refused name must not stay on request.user (the menu would show it).
    form = DisplayNameForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "accounts:welcome-name"):
            form.add_error(None, ratelimit.TOO_FAST)
        else:
            services.set_display_name(member=request.user, **form.cleaned_data)
            return redirect("accounts:welcome_last_contact")
    return render(request, "accounts/welcome_name.html", {"form": form, "step": 1})


@never_cache
@login_required
def welcome_last_contact(request):
    """Step 2 of 3: when was your last contact? Starts the streak from that day."""
    today = counting.local_date(selectors.zone_named(request.user.time_zone), timezone.now())
    running = services.open_streak(request.user)
    form = LastContactForm(request.POST or None, today=today)
    if request.method == "POST" and running is None and form.is_valid():
        if not ratelimit.allow(request, "accounts:welcome-streak"):
            form.add_error(None, ratelimit.TOO_FAST)
        else:
            try:
                services.start_streak(member=request.user, **form.cleaned_data)
            except ValidationError as error:
                if error.code != "already_running":
                    form.add_error(None, error)
            if not form.errors:
                return redirect(hello_url())
    context = {
        "form": form,
        "running": running,
        "step": 2,
        "next_url": hello_url(),
        "place": streak_selectors.zone_place(request.user.time_zone),
    }
    return render(request, "accounts/welcome_last_contact.html", context)
