"""The moderators' side of the line: the modmail queue, the appeals queue and deciding an
appeal, and the notes on a member. Members get the same 404 as a missing page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from core import ratelimit
from moderation import actions, permissions
from moderation.modmail import selectors
from moderation.modmail.forms import AppealDecisionForm, StaffNoteForm


def _moderators_only(request) -> None:
    if not permissions.can_work_modmail(request.user):
        raise Http404("No such page.")


@login_required
def modmail_queue(request):
    _moderators_only(request)
    page = selectors.modmail_queue_page(request.GET.get("page"))
    return render(request, "moderation/modmail_queue.html", {"page": page})


@login_required
def appeal_queue(request):
    _moderators_only(request)
    page = selectors.appeal_queue_page(request.GET.get("page"))
    return render(request, "moderation/appeal_queue.html", {"page": page})


@login_required
def appeal_decide(request, pk):
    appeal = selectors.get_appeal_for_moderation(request.user, pk)
    form = AppealDecisionForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide_appeal(
                moderator=request.user,
                appeal=appeal,
                overturn=form.cleaned_data["decision"] == "overturn",
                outcome=form.cleaned_data["outcome"],
            )
        except actions.ActionRefused as refused:
            refusal = refused.message
        else:
            messages.success(request, "Decided. The member has been told.")
            return redirect("moderation:appeal_queue")
    why_not = permissions.why_cannot_decide_appeal(request.user, appeal)
    context = {"appeal": appeal, "form": form, "refusal": refusal, "why_not": why_not}
    return render(request, "moderation/appeal_decide.html", context)


@login_required
def staff_notes(request, username):
    member = selectors.get_member_for_notes(request.user, username)
    form = StaffNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "moderation:staff_note"):
            form.add_error(None, ratelimit.TOO_FAST)
        else:
            try:
                actions.add_staff_note(moderator=request.user, member=member, **form.cleaned_data)
            except actions.ActionRefused as refused:
                form.add_error("text", refused.message)
            else:
                messages.success(request, "Note kept. Only moderators can see it.")
                return redirect("moderation:staff_notes", username=member.username)
    context = {"member": member, "notes": selectors.staff_notes_of(member), "form": form}
    return render(request, "moderation/staffnote_list.html", context)
