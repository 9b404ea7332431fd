"""A member's line to the moderators: their conversations with the team, and their appeals.
The conversation page is also the moderators' (they answer there as "the moderators").
Each view fetches and authorizes through moderation.modmail.selectors (the same 404 for
missing and forbidden), calls one action, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.roles import is_moderator
from core import ratelimit
from moderation import actions, permissions
from moderation.modmail import selectors
from moderation.modmail.forms import AppealForm, ModmailReplyForm, ModmailStartForm

SENT = "Sent. A moderator will read it soon, and you'll be told here and by email when they answer."
APPEALED = (
    "Your appeal is with the moderators. Someone who didn't take the decision will look at it."
)


@login_required
def modmail_list(request):
    context = {"conversations": selectors.conversations_of(request.user)}
    return render(request, "moderation/modmail_list.html", context)


@login_required
def modmail_new(request):
    if not permissions.can_write_to_moderators(request.user):
        raise Http404("No such page.")
    form = ModmailStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "moderation:modmail"):
            form.add_error(None, ratelimit.TOO_FAST)
        else:
            conversation = actions.start_modmail(member=request.user, **form.cleaned_data)
            messages.success(request, SENT)
            return redirect("moderation:modmail_detail", pk=conversation.pk)
    return render(request, "moderation/modmail_form.html", {"form": form})


@login_required
def modmail_detail(request, pk):
    conversation = selectors.get_modmail_for(request.user, pk)
    form = ModmailReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "moderation:modmail"):
            form.add_error(None, ratelimit.TOO_FAST)
        else:
            try:
                actions.reply_to_modmail(
                    author=request.user, conversation=conversation, **form.cleaned_data
                )
            except actions.ActionRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, "Sent.")
                return redirect("moderation:modmail_detail", pk=conversation.pk)
    # Moderators see who answered for the team; the member only ever sees "the moderators".
    context = {"conversation": conversation, "form": form, "staff": is_moderator(request.user)}
    return render(request, "moderation/modmail_detail.html", context)


@login_required
def appeal_list(request):
    context = {"decisions": selectors.decisions_of(request.user)}
    return render(request, "moderation/appeal_list.html", context)


@login_required
def appeal_new(request, pk):
    decision = selectors.get_decision_for(request.user, pk)
    form = AppealForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "moderation:appeal"):
            refusal = ratelimit.TOO_FAST
        else:
            try:
                actions.appeal_decision(member=request.user, action=decision, **form.cleaned_data)
            except actions.ActionRefused as refused:
                refusal = refused.message
            else:
                messages.success(request, APPEALED)
                return redirect("moderation:appeal_list")
    context = {"decision": decision, "form": form, "refusal": refusal}
    return render(request, "moderation/appeal_form.html", context)
