"""The daily pledge: a member pledges with one tap in the day's pledge thread (forum.services.
pledges). A POST, rate-limited; a line the screening refuses, or one too long, re-renders a
small form page keeping the member's words; otherwise back to the thread with a message."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import ratelimit
from forum import selectors, services
from forum.forms import PledgeForm
from forum.views.writing import _add_reasons, _after_posting, _allowed

PLEDGED = "You pledged: today you won't reach out. You're not alone in it."
ALREADY = "You've already pledged today — it counts once, and it's counted."


@login_required
@require_POST
def pledge_take(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    daily = selectors.daily_pledge_of(thread)
    if daily is None:
        raise Http404("No such pledge.")
    form = PledgeForm(request.POST)
    refusal, status = None, HTTPStatus.OK
    if form.is_valid():
        if not _allowed(request, "pledge"):
            refusal, status = ratelimit.TOO_FAST, HTTPStatus.TOO_MANY_REQUESTS
        else:
            try:
                taken = services.take_pledge(member=request.user, daily=daily, **form.cleaned_data)
            except services.ScreeningRefused as refused:
                _add_reasons(form, refused, field="line")
            except services.ActionRefused as refused:
                refusal = refused.message
            else:
                messages.success(request, PLEDGED if taken.is_new else ALREADY)
                if taken.line is not None:
                    return _after_posting(request, taken.line)
                return redirect(thread.get_absolute_url())
    context = {"form": form, "thread": thread, "refusal": refusal}
    return render(request, "forum/pledge_form.html", context, status=status)
