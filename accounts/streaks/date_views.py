"""The member's risky dates (/streak/dates/): the list, a form to add one, and removing one.

Private like the streak page: only the member's own rows, `Cache-Control: private,
no-store`, writes by POST (CSRF-checked), rate-limited, each calling one service and
redirecting with a message. A form with a mistake re-renders with the member's words kept."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors
from accounts.streaks import counting
from accounts.streaks import dates as risky_dates
from accounts.streaks.date_forms import RiskyDateForm
from accounts.streaks.services import dates as services
from core import ratelimit

ADDED = "Saved. The day before, we'll remind you gently — only you can see your dates."


def _today(member):
    return counting.local_date(selectors.zone_named(member.time_zone))


@never_cache
@login_required
def risky_date_list(request):
    """GET: the list and a blank form. POST: add a date (the form's mistakes re-render)."""
    form = RiskyDateForm(request.POST or None, today=_today(request.user))
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        if ratelimit.allow(request, "streak:risky_date"):
            try:
                services.add_risky_date(member=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, ADDED)
                return redirect("accounts:risky_dates")
        else:
            messages.warning(request, ratelimit.TOO_FAST)
            status = HTTPStatus.TOO_MANY_REQUESTS
    context = {"form": form, "dates": risky_dates.risky_dates_of(request.user)}
    return render(request, "accounts/risky_dates.html", context, status=status)


@login_required
@require_POST
def risky_date_delete(request, pk):
    risky_date = risky_dates.get_risky_date_for(request.user, pk)
    services.delete_risky_date(risky_date=risky_date)
    messages.success(request, "That date is removed.")
    return redirect("accounts:risky_dates")
