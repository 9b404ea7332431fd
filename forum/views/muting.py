"""A member's quiet switches: warning themes, muting a thread or a category, ignoring a
member for a while or for good (docs/mute-and-warnings.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import ratelimit
from forum import content_warnings, permissions, selectors, services
from forum.muting_forms import IgnoreForm, WarningChoicesForm
from forum.selectors import muting


def _too_fast(request, back):
    messages.error(request, ratelimit.TOO_FAST)
    return redirect(back)


@login_required
def warning_settings(request):
    choices = content_warnings.choices_for(request.user)
    form = WarningChoicesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "forum:mute"):
            return _too_fast(request, "forum:warning_settings")
        services.set_warning_choices(member=request.user, choices=form.cleaned_data)
        messages.success(request, "Saved. Your choices apply to threads, lists, search and email.")
        return redirect("forum:warning_settings")
    threads, categories = muting.muted_by(request.user)
    context = {"form": form, "muted_threads": threads, "muted_categories": categories}
    return render(request, "forum/warning_settings.html", context)


MUTE_WORDS = {
    "thread": ("Thread muted: it won't notify you, and it's out of your lists.", "Thread unmuted."),
    "category": (
        "Category muted: its threads won't notify you, and they're out of your lists.",
        "Category unmuted.",
    ),
}


@require_POST
@login_required
def thread_mute(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    return _mute(request, services.set_thread_muted, thread=thread)


@require_POST
@login_required
def category_mute(request, slug):
    category = selectors.get_category_for(request.user, slug)
    return _mute(request, services.set_category_muted, category=category)


def _mute(request, set_muted, **target):
    """Mute or unmute one thread or category, back to it (or to the settings page)."""
    [(kind, obj)] = target.items()
    if not ratelimit.allow(request, "forum:mute"):
        return _too_fast(request, obj.get_absolute_url())
    muted = request.POST.get("muted") == "on"
    set_muted(member=request.user, muted=muted, **target)
    on, off = MUTE_WORDS[kind]
    messages.success(request, on if muted else off)
    back = request.POST.get("back") == "settings"
    return redirect("forum:warning_settings" if back else obj)


@login_required
def member_ignore(request, username):
    """Block or ignore a member for a day, a week, a month or for good; reached from their
    profile. The same 404 for a missing member as for any other."""
    member = selectors.get_member(username)
    form = IgnoreForm(request.POST or None)
    refusal = permissions.why_cannot_block(request.user, member)
    if request.method == "POST" and not refusal and form.is_valid():
        if not ratelimit.allow(request, "forum:mute"):
            return _too_fast(request, request.path)
        services.ignore_member(
            member=request.user, ignored=member, period=form.cleaned_data["period"]
        )
        messages.success(request, f"You're ignoring {member.public_name}.")
        return redirect("forum:blocked_list")
    context = {"member": member, "form": form, "refusal": refusal}
    return render(request, "forum/member_ignore.html", context)
