"""The home page's one-tap check-in (the "today" panel, templates/forum/home.html).

The panel lives on the forum's home page; the check-in is the streak's own service
(accounts.services.check_in), the same as the streak page's, without a mood or a note: one
tap, back to the home page, and a word that it counted (or already had). Rate-limited with
the streak page's check-in, under the same key, so two doors do not double the allowance.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts import services
from core import ratelimit

CHECKED_IN = "Checked in for today. Thank you for showing up for yourself."
ALREADY = "You've already checked in today — it counts once, and it's counted. See you tomorrow."


@login_required
@require_POST
def check_in_today(request):
    if not ratelimit.allow(request, "streak:check_in"):
        messages.warning(request, ratelimit.TOO_FAST)
    elif services.check_in(member=request.user).is_new:
        messages.success(request, CHECKED_IN)
    else:
        messages.info(request, ALREADY)
    return redirect("forum:home")
