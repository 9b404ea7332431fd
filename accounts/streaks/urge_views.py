"""The end of the SOS page (issue 16): "I held on" counts an urge ridden out; "I reached out"
and "Not now" are links (the contact step and the streak page), so they write nothing here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.streaks.services import urges
from core import ratelimit


@login_required
@require_POST
def urge_held(request):
    if not ratelimit.allow(request, "streak:urge_held"):
        messages.warning(request, ratelimit.TOO_FAST)
        return redirect("accounts:sos")
    urges.hold_urge(member=request.user)
    messages.success(
        request,
        "You rode that urge out. That's a win, whatever the count says — it's on your streak "
        "page, where only you can see it.",
    )
    return redirect("accounts:streak_dashboard")
