"""The member's own streak dashboard (/streak/) and the "Urge to contact?" page (/sos/).

Both pages are private: they show only the signed-in member's own rows (accounts.
streak_selectors), and are sent with `Cache-Control: private, no-store` so no shared cache or
browser history keeps a member's notes. Every write is a POST (CSRF-checked by the
middleware), rate-limited in the cache, calls one accounts.services function and redirects
with a message (PRG). A form with a mistake re-renders the page with the member's words kept
and the reason explained.
"""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions, selectors, services
from accounts.buddies import selectors as buddy_selectors
from accounts.buddies.forms import BuddyPingForm
from accounts.models import ContactEvent
from accounts.streaks import counting
from accounts.streaks import dates as risky_dates
from accounts.streaks import selectors as streak_selectors
from accounts.streaks.forms import (
    HAPPENINGS,
    ChangeStartForm,
    CheckInForm,
    StartStreakForm,
    UnsentMessageForm,
    UrgeReasonForm,
    happened_form_for,
)
from accounts.streaks.services import triggers
from core import ratelimit

RESET_WORDS = "Resets are part of it. Day one again is still progress."
# The forum's "Urges & relapses" category (forum/seed_content.py). accounts sits below forum
# and never imports it: the new-thread form is reached by URL name, and it reads ?category=.
URGES_CATEGORY = "urges-relapses"
# Where a member may tell others about a milestone, if they want to (forum/celebrations.py).
CHECK_INS_CATEGORY = "daily-check-ins"


def _allowed(request, action: str) -> bool:
    return ratelimit.allow(request, f"streak:{action}")


def _today(request):
    return counting.local_date(selectors.zone_named(request.user.time_zone), timezone.now())


# --- The streak dashboard ------------------------------------------------------------------


def _dashboard(request, status=HTTPStatus.OK, **bound_forms):
    """The page, with any bound form (a mistake, or too fast) in place of its blank one."""
    today = _today(request)
    forms = {
        "start_form": StartStreakForm(today=today),
        "change_form": ChangeStartForm(today=today),
        "check_in_form": CheckInForm(),
        **bound_forms,
    }
    board = streak_selectors.dashboard_for(
        request.user,
        streaks_page=streak_selectors.page_number(request.GET.get("streaks")),
        events_page=streak_selectors.page_number(request.GET.get("events")),
    )
    zone = selectors.zone_named(request.user.time_zone)
    context = {
        "board": board,
        "zone": zone,
        "place": streak_selectors.zone_place(zone.key),
        "reset_words": RESET_WORDS,
        "happenings": HAPPENINGS,
        # The history opens by itself when the member is paging through it.
        "history_open": "streaks" in request.GET or "events" in request.GET,
        "share": _share_links(request.user, board.moment),
        "risky": risky_dates.risky_days_for(request.user),
        **forms,
    }
    return render(request, "accounts/streak_dashboard.html", context, status=status)


@require_POST
@login_required
def milestone_seen(request):
    """The member closes their milestone moment: a POST, because a page view never writes (a
    prefetch or a second tab must not use up the celebration before the member sees it)."""
    if not _allowed(request, "milestone_seen"):
        messages.warning(request, ratelimit.TOO_FAST)
    else:
        services.mark_milestones_seen(member=request.user)
    return redirect("accounts:streak_dashboard")


def _share_links(member, days: int | None) -> dict | None:
    """Where the milestone moment invites the member to share, if they want to: their
    milestone card (only when their streak is public — the card follows the badge's privacy
    rules) and a new thread in "Daily check-ins"."""
    if days is None:
        return None
    card = None
    if permissions.streak_is_public(member):
        card = reverse("accounts:milestone_card", args=[member.username, days])
    thread = f"{reverse('forum:thread_create')}?category={CHECK_INS_CATEGORY}"
    return {"card": card, "thread": thread}


@never_cache
@login_required
def streak_dashboard(request):
    return _dashboard(request)


def _write(request, action, form_name, form, write):
    """Validate `form`, rate-limit, call `write(cleaned_data)` -> success message (or raise
    ValidationError for the form); PRG back to the dashboard, or re-render keeping the text."""
    if form.is_valid():
        if not _allowed(request, action):
            messages.warning(request, ratelimit.TOO_FAST)
            return _dashboard(request, HTTPStatus.TOO_MANY_REQUESTS, **{form_name: form})
        try:
            message = write(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # A plain string is good news; (level, text) says something else (an info note).
            level, text = message if isinstance(message, tuple) else (messages.SUCCESS, message)
            messages.add_message(request, level, text)
            return redirect("accounts:streak_dashboard")
    return _dashboard(request, **{form_name: form})


@login_required
@require_POST
def streak_start(request):
    def write(data):
        try:
            streak = services.start_streak(member=request.user, started_on=data["started_on"])
        except ValidationError as error:
            if error.code != "already_running":
                raise
            # Another tab started it: the page no longer shows this form, so say it above.
            return messages.INFO, "You already have a streak running — it's still counting."
        if streak.self_reported:
            return "Your streak is counting from that day, marked as self-reported. Welcome."
        return "Your streak has started. One day at a time — we're here with you."

    form = StartStreakForm(request.POST, today=_today(request))
    return _write(request, "start", "start_form", form, write)


@login_required
@require_POST
def streak_check_in(request):
    def write(data):
        check = triggers.check_in_with_triggers(member=request.user, **data)
        if not check.is_new:
            return messages.INFO, (
                "You've already checked in today — it counts once, and it's counted. "
                "See you tomorrow."
            )
        return "Checked in. Thank you for showing up for yourself today."

    return _write(request, "check_in", "check_in_form", CheckInForm(request.POST), write)


@login_required
@require_POST
def streak_change_start(request):
    def write(data):
        streak = services.change_streak_start(member=request.user, started_on=data["started_on"])
        if streak.self_reported:
            return "Your streak now counts from that day, marked as self-reported."
        return "Your streak now counts from that day."

    form = ChangeStartForm(request.POST, today=_today(request))
    return _write(request, "start", "change_form", form, write)


def _after_contact(event) -> str:
    if event.new_streak is not None:
        return (
            f"Logged, and your streak has started again from today. {RESET_WORDS} Your "
            "longest streak, total days and milestones are all still yours."
        )
    if event.ends_streak or event.streak_id is None:
        return "Logged in your history."
    return "Logged in your history. Your streak keeps going — this doesn't reset it."


@never_cache
@login_required
def streak_happened(request, what):
    """ "Something happened", step two: what happened is in the URL (the dashboard offers
    the four as links, so the flow needs no JavaScript); this page asks for the optional
    note or reflection and says what will happen before anything is written."""
    kind = HAPPENINGS.get(what)
    if kind is None:
        raise Http404("No such step.")
    form = happened_form_for(kind)(request.POST if request.method == "POST" else None)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        if _allowed(request, "contact"):
            event = triggers.log_contact_with_triggers(
                member=request.user, kind=kind, **form.cleaned_data
            )
            messages.success(request, _after_contact(event))
            return redirect("accounts:streak_dashboard")
        messages.warning(request, ratelimit.TOO_FAST)
        status = HTTPStatus.TOO_MANY_REQUESTS
    context = {
        "form": form,
        "kind": ContactEvent.Kind(kind),
        "ends": kind in ContactEvent.ENDS_STREAK,
        "running": streak_selectors.has_open_streak(request.user),
        "reset_words": RESET_WORDS,
    }
    return render(request, "accounts/streak_happened.html", context, status=status)


# --- "Urge to contact?" --------------------------------------------------------------------


def _sos(request, status=HTTPStatus.OK, **bound_forms):
    unsent = streak_selectors.unsent_messages_of(
        request.user, page=streak_selectors.page_number(request.GET.get("unsent"))
    )
    ask_url = f"{reverse('forum:thread_create')}?category={URGES_CATEGORY}"
    pairing = buddy_selectors.active_pairing_for(request.user)  # "Ping my buddy" (issue 16)
    context = {
        "sos_buddy": pairing.other_than(request.user) if pairing else None,
        "ping_form": BuddyPingForm(),
        "reason_form": UrgeReasonForm(),
        "unsent_form": UnsentMessageForm(),
        **bound_forms,
        "reasons": streak_selectors.urge_reasons_of(request.user),
        "unsent_messages": unsent,
        "ask_url": ask_url,
    }
    return render(request, "accounts/sos.html", context, status=status)


@never_cache
@login_required
def sos(request):
    return _sos(request)


def _sos_write(request, action, form_name, form, write):
    if form.is_valid():
        if not _allowed(request, action):
            messages.warning(request, ratelimit.TOO_FAST)
            return _sos(request, HTTPStatus.TOO_MANY_REQUESTS, **{form_name: form})
        try:
            message = write(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("accounts:sos")
    return _sos(request, **{form_name: form})


@login_required
@require_POST
def sos_reason_add(request):
    def write(data):
        services.add_urge_reason(member=request.user, text=data["text"])
        return "Reason saved. It's here for you whenever the urge comes."

    return _sos_write(request, "reason", "reason_form", UrgeReasonForm(request.POST), write)


@never_cache
@login_required
def sos_reason_edit(request, pk):
    reason = streak_selectors.get_urge_reason_for(request.user, pk)
    form = UrgeReasonForm(request.POST or None, initial={"text": reason.text})
    if request.method == "POST" and form.is_valid():
        if _allowed(request, "reason"):
            services.update_urge_reason(reason=reason, text=form.cleaned_data["text"])
            messages.success(request, "Reason updated.")
            return redirect("accounts:sos")
        messages.warning(request, ratelimit.TOO_FAST)
    return render(request, "accounts/sos_reason_form.html", {"form": form, "reason": reason})


@login_required
@require_POST
def sos_reason_delete(request, pk):
    reason = streak_selectors.get_urge_reason_for(request.user, pk)
    services.delete_urge_reason(reason=reason)
    messages.success(request, "Reason removed.")
    return redirect("accounts:sos")


@login_required
@require_POST
def sos_unsent_save(request):
    def write(data):
        services.save_unsent_message(member=request.user, body=data["body"])
        return "Saved privately. It was not sent to anyone — and it never will be."

    return _sos_write(request, "unsent", "unsent_form", UnsentMessageForm(request.POST), write)


@login_required
@require_POST
def sos_unsent_delete(request, pk):
    message = streak_selectors.get_unsent_message_for(request.user, pk)
    services.delete_unsent_message(message=message)
    messages.success(request, "That unsent message is deleted.")
    return redirect("accounts:sos")
