"""A member's own pages and switches: notifications, watching a thread, blocking a member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forum import selectors, services


@login_required
def notification_list(request):
    page = selectors.notifications_page(request.user, request.GET.get("page"))
    return render(request, "forum/notification_list.html", {"page": page})


@require_POST
@login_required
def notifications_read(request):
    ids = [selectors.positive_int(pk) for pk in request.POST.getlist("id")]
    ids = [pk for pk in ids if pk] or None
    services.mark_notifications_read(member=request.user, ids=ids)
    return redirect("forum:notification_list")


@require_POST
@login_required
def thread_watch(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    watching = request.POST.get("watching") == "on"
    services.set_watching(member=request.user, thread=thread, watching=watching)
    messages.success(
        request,
        "You're watching this thread: new replies will show in your notifications."
        if watching
        else "You've stopped watching this thread.",
    )
    return redirect(thread)


@login_required
def blocked_list(request):
    members = selectors.blocked_members(request.user)
    return render(request, "forum/blocked_list.html", {"members": members})


@require_POST
@login_required
def member_block(request, username):
    """Block or unblock. The thread page asks first (a <details> under the post) and sends
    `next`, the post's own address: the member stays where they were, with an Undo button."""
    member = selectors.get_member(username)
    back = _safe_next(request) or reverse("forum:blocked_list")
    if request.POST.get("block") == "on":
        try:
            services.block_member(blocker=request.user, blocked=member)
        except services.ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _blocked_with_undo(request, member, back))
    else:
        services.unblock_member(blocker=request.user, blocked=member)
        messages.success(request, f"You've unblocked {member.public_name}.")
    return redirect(back)


def _safe_next(request) -> str | None:
    """The `next` address of a form, if it is one of ours (never another site)."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _blocked_with_undo(request, member, back: str):
    """The message after a block: what happened, and an Undo button (a form posting the
    unblock, back to the same place). Built with format_html, so the name is escaped; the
    messages framework keeps it marked safe."""
    return format_html(
        '{} <form method="post" action="{}" class="d-inline undo-block">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<button type="submit" class="btn btn-sm btn-outline-secondary">Undo</button></form>',
        f"You've blocked {member.public_name}. Their posts are folded away for you, and they "
        "can't notify you.",
        reverse("forum:member_block", args=[member.username]),
        get_token(request),
        back,
    )
