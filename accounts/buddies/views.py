"""The buddy pages: /buddy/ (your buddy, their streak, pings and replies, invitations, the
finder opt-in) and /buddy/find/ (members who may be found, nearest clock first), and the
writes behind their buttons. Private like the streak page (`Cache-Control: private,
no-store`); every write is a CSRF-checked, rate-limited POST calling one service, and a
refusal is told in the service's own kind sentence. The SOS page's "Ping my buddy" posts to
buddy_ping with next=sos and comes back there."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts.buddies import selectors, services
from accounts.buddies.forms import BuddyInviteForm, BuddyPingForm, BuddyReplyForm
from core import ratelimit

PING_SENT = "Sent. Your buddy will see it on their buddy page. Stay with us while you wait."


def _page(request, status=HTTPStatus.OK, invite_form=None):
    context = {
        "view": selectors.buddy_page_for(request.user),
        "invite_form": invite_form or BuddyInviteForm(),
        "ping_form": BuddyPingForm(),
        "reply_form": BuddyReplyForm(),
    }
    return render(request, "accounts/buddy.html", context, status=status)


def _too_fast(request, to="accounts:buddy"):
    messages.warning(request, ratelimit.TOO_FAST)
    return redirect(to)


@never_cache
@login_required
def buddy(request):
    return _page(request)


@login_required
@require_POST
def buddy_invite(request):
    form = BuddyInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, invite_form=form)
    if not ratelimit.allow(request, "buddy:invite"):
        messages.warning(request, ratelimit.TOO_FAST)
        return _page(request, HTTPStatus.TOO_MANY_REQUESTS, invite_form=form)
    invitee = account_selectors.active_member_named(form.cleaned_data["username"])
    if invitee is None:
        form.add_error("username", form.fields["username"].error_messages["not_found"])
        return _page(request, invite_form=form)
    try:
        services.invite_buddy(member=request.user, invitee=invitee)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, invite_form=form)
    messages.success(request, f"Invitation sent to {invitee.public_name}.")
    return redirect("accounts:buddy")


def _pairing_write(request, pk, write, done: str):
    pairing = selectors.get_pairing_for(request.user, pk)  # the same 404 for any other's
    if not ratelimit.allow(request, "buddy:pairing"):
        return _too_fast(request)
    try:
        write(member=request.user, pairing=pairing)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("accounts:buddy")


@login_required
@require_POST
def buddy_accept(request, pk):
    done = "You're buddies now. You can see each other's streak, and ping each other."
    return _pairing_write(request, pk, services.accept_buddy_invitation, done)


@login_required
@require_POST
def buddy_decline(request, pk):
    return _pairing_write(request, pk, services.decline_buddy_invitation, "Invitation declined.")


@login_required
@require_POST
def buddy_end(request, pk):
    done = "Ended, quietly. Your streaks are private to each other again."
    return _pairing_write(request, pk, services.end_buddy_pairing, done)


@login_required
@require_POST
def buddy_ping(request):
    # Back to the SOS page when pinged from there: the member is in the middle of an urge.
    to = "accounts:sos" if request.POST.get("next") == "sos" else "accounts:buddy"
    if not ratelimit.allow(request, "buddy:ping"):
        return _too_fast(request, to)
    form = BuddyPingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["message"])
        services.ping_buddy(member=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, PING_SENT)
    return redirect(to)


@login_required
@require_POST
def buddy_reply(request, pk):
    ping = selectors.get_received_ping_for(request.user, pk)  # the same 404 for any other's
    if not ratelimit.allow(request, "buddy:reply"):
        return _too_fast(request)
    form = BuddyReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reply"])
        services.reply_to_buddy_ping(member=request.user, ping=ping, **form.cleaned_data)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, "Your reply is on its way.")
    return redirect("accounts:buddy")


@login_required
@require_POST
def buddy_finder_choice(request):
    if not ratelimit.allow(request, "buddy:finder"):
        return _too_fast(request)
    if request.POST.get("found") == "yes":
        try:
            services.join_buddy_finder(member=request.user)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, "Newcomers near your time zone can now find you.")
    else:
        services.leave_buddy_finder(member=request.user)
        messages.success(request, "You're no longer in the buddy finder.")
    return redirect("accounts:buddy")


@never_cache
@login_required
def buddy_finder(request):
    pairing = selectors.open_pairing_for(request.user)
    matches = [] if pairing else selectors.finder_matches_for(request.user)
    context = {"matches": matches, "pairing": pairing}
    return render(request, "accounts/buddy_finder.html", context)
