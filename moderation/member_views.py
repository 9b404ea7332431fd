"""A member's own moderation pages: the warnings they must read, and their private list of
names to watch for in their posts. Each view parses input, fetches and authorizes through
moderation.selectors (the same 404 for missing and forbidden), calls one action, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from moderation import actions, selectors
from moderation.forms import ExNameForm


@login_required
def ex_names(request):
    form = ExNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_ex_name(member=request.user, name=form.cleaned_data["name"])
        except actions.ActionRefused as refused:
            form.add_error("name", refused.message)
        else:
            messages.success(request, "Added. Only you can see this list.")
            return redirect("moderation:ex_names")
    context = {"form": form, "names": selectors.ex_names_list(request.user)}
    return render(request, "moderation/exname_list.html", context)


@login_required
@require_POST
def ex_name_remove(request, pk):
    name = selectors.get_ex_name_for(request.user, pk)
    actions.remove_ex_name(member=request.user, ex_name=name)
    messages.success(request, "Removed from your list.")
    return redirect("moderation:ex_names")


@login_required
def warnings(request):
    return render(
        request,
        "moderation/memberwarning_list.html",
        {"warnings": selectors.warnings_for(request.user)},
    )


@login_required
@require_POST
def warning_acknowledge(request, pk):
    warning = selectors.get_warning_for(request.user, pk)
    actions.acknowledge_warning(member=request.user, warning=warning)
    messages.success(request, "Thank you for reading it.")
    return redirect("moderation:warnings")
