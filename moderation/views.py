"""Moderation pages: reporting (members), the queues, acting, the audit log and watched
words (moderators). A member's own warnings and list of names: moderation/member_views.py.

Each view parses input, asks moderation.permissions (through the selectors' fetch-and-
authorize helpers, which give the same 404 for missing and forbidden), calls one service,
and renders. Moderators' pages send visitors to log in and answer members with a 404.
"""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import roles
from accounts import services as account_services
from accounts.streaks import helplines
from core import ratelimit
from forum import selectors as forum_selectors
from moderation import actions, permissions, queues, selectors
from moderation.care import selectors as care_selectors
from moderation.forms import (
    ActionForm,
    AuditFilterForm,
    CareShiftForm,
    HelplineCountryForm,
    RedactForm,
    ReportForm,
    WatchedWordForm,
)
from moderation.models import Queue, TargetKind

REPORTED = (
    "Thank you for telling us. A moderator will look at it soon, and we'll let you know "
    "when they have. You don't need to do anything else."
)


def crisis_resources(request):
    """The crisis lines for a country: the one picked in the GET form (visitors pick any),
    else the member's own (their settings, or suggested from their time zone), with the
    emergency number and the worldwide directory for everywhere else."""
    form = HelplineCountryForm(request.GET or None, choices=helplines.country_choices())
    if form.is_bound:
        code = form.cleaned_data["country"] if form.is_valid() else ""
    else:
        code = helplines.country_code_for(request.user)
        form = HelplineCountryForm(initial={"country": code}, choices=helplines.country_choices())
    context = {
        "form": form,
        "helplines": helplines.for_code(code),
        "resources": settings.CRISIS_RESOURCES,
    }
    return render(request, "moderation/crisis_resources.html", context)


# --- Reporting ---------------------------------------------------------------------------


@login_required
def report_post(request, pk):
    post = forum_selectors.get_post_for(request.user, pk)
    return _report(request, TargetKind.POST, post, actions.report_post, post=post)


@login_required
def report_thread(request, pk):
    thread = forum_selectors.get_thread_for(request.user, pk)
    return _report(request, TargetKind.THREAD, thread, actions.report_thread, thread=thread)


@login_required
def report_member(request, username):
    member = forum_selectors.get_member(username)
    return _report(request, TargetKind.MEMBER, member, actions.report_member, member=member)


def _report(request, kind, target, service, **target_kwargs):
    if not permissions.can_report(request.user, target):
        raise Http404("Nothing to report here.")
    # "I'm worried about them" links here with ?reason=worried: the choice is made for them.
    initial = {"reason": request.GET.get("reason")} if request.GET.get("reason") else {}
    form = ReportForm(request.POST or None, initial=initial)
    context = {"form": form, "kind": kind, "target": target, "back": _back_to(kind, target)}
    if request.method == "GET":
        context["already"] = queues.has_open_report(request.user, kind, target.pk)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "moderation:report"):
            context["refusal"] = ratelimit.TOO_FAST
            return render(request, "moderation/report_form.html", context, status=429)
        try:
            service(reporter=request.user, **target_kwargs, **form.cleaned_data)
        except actions.AlreadyReported as already:
            messages.info(request, already.message)
            return redirect(context["back"])
        except actions.ActionRefused as refused:
            context["refusal"] = refused.message
        else:
            messages.success(request, REPORTED)
            return redirect(context["back"])
    return render(request, "moderation/report_form.html", context)


def _back_to(kind, target) -> str:
    if kind == TargetKind.POST:
        return reverse("forum:post_redirect", kwargs={"pk": target.pk})
    if kind == TargetKind.THREAD:
        return target.get_absolute_url()
    return reverse("accounts:profile", kwargs={"username": target.username})


# --- Moderators: dashboard, queues, one target ---------------------------------------------


def _moderators_only(request) -> None:
    if not permissions.can_view_queue(request.user):
        raise Http404("No such page.")


@login_required
def dashboard(request):
    _moderators_only(request)
    context = {"dashboard": selectors.dashboard(), "care": care_selectors.care_figures()}
    return render(request, "moderation/dashboard.html", context)


@login_required
def queue(request, queue):
    _moderators_only(request)
    page = queues.queue_page(queue, request.GET.get("page"))
    # Which subjects are moderators (the card asks can_warn_member): one query for the page.
    roles.remember_moderators([group.subject for group in page.object_list])
    if queue == Queue.CARE:
        care_selectors.add_care_history(page.object_list)
    context = {
        "page": page,
        "queue": queue,
        "queue_label": Queue(queue).label,
        "sizes": queues.queue_sizes(),
        "categories": selectors.categories_for_moving(),
    }
    return render(request, "moderation/report_list.html", context)


@login_required
def approvals(request):
    _moderators_only(request)
    page = selectors.approval_page(request.GET.get("page"))
    return render(request, "moderation/heldpost_list.html", {"page": page})


@login_required
def target_detail(request, key):
    _moderators_only(request)
    return _render_target(request, key, ActionForm())


def _render_target(request, key, form, *, refusal=None, status=HTTPStatus.OK):
    parsed = queues.parse_target_key(key)
    if parsed is None:
        raise Http404("No such report.")
    group = queues.target_group(*parsed)
    if group.post is None and group.thread is None and group.member is None:
        raise Http404("No such report.")
    roles.remember_moderators([group.subject])
    care_selectors.add_care_history([group])
    context = {
        "group": group,
        "form": form,
        "refusal": refusal,
        "categories": selectors.categories_for_moving(),
    }
    return render(request, "moderation/report_detail.html", context, status=status)


@login_required
@require_POST
def act(request, key):
    """One click from a queue card or a target's page: the button pressed names the action."""
    _moderators_only(request)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _render_target(request, key, form, status=HTTPStatus.BAD_REQUEST)
    data = form.cleaned_data
    if data["action"] in actions.CONFIRMED_ACTIONS and not data["confirmed"]:
        confirmation = _confirm(request, key, form)
        if confirmation is not None:
            return confirmation
    try:
        done = actions.act(
            moderator=request.user,
            key=key,
            action=data["action"],
            reason=data["reason"],
            category=data["category"],
            silence_days=int(data["silence_days"] or 3),
            suspend_for=data["suspend_for"] or "7",
        )
    except actions.ActionRefused as refused:
        return _render_target(
            request, key, form, refusal=refused.message, status=HTTPStatus.BAD_REQUEST
        )
    messages.success(request, done)
    return redirect(_safe_next(request, reverse("moderation:dashboard")))


def _confirm(request, key, form):
    """Silence and Suspend ask first: what will happen, to whom, for how long — then the
    same form again with `confirmed`, or back to where the moderator was. None when the
    moderator may not do it anyway (the service then says why)."""
    parsed = queues.parse_target_key(key)
    group = queues.target_group(*parsed) if parsed else None
    check = {"silence": permissions.can_silence_member, "suspend": permissions.can_suspend_member}
    if group is None or not check[form.cleaned_data["action"]](request.user, group.subject):
        return None  # nothing to confirm: the service refuses, kindly
    context = {
        "group": group,
        "data": form.cleaned_data,
        "next_url": _safe_next(request, reverse("moderation:target_detail", args=[key])),
    }
    return render(request, "moderation/confirm_action.html", context)


# --- Care: the first-reply queue and one's shift -------------------------------------------------


@login_required
def first_reply_queue(request):
    if not permissions.can_view_first_reply_queue(request.user):
        raise Http404("No such page.")
    page = care_selectors.first_reply_page(request.GET.get("page"))
    return render(request, "moderation/first_reply_queue.html", {"page": page})


@login_required
def care_settings(request):
    if not permissions.can_keep_care_shift(request.user):
        raise Http404("No such page.")
    member = request.user
    initial = {"shift_start": member.shift_start, "shift_end": member.shift_end}
    form = CareShiftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        account_services.update_care_shift(member=member, **form.cleaned_data)
        messages.success(request, "Your shift is saved. Thank you for being there.")
        return redirect("moderation:care_settings")
    return render(request, "moderation/care_settings.html", {"form": form})


@login_required
def post_redact(request, pk):
    post = selectors.get_post_for_moderation(request.user, pk)
    form = RedactForm(request.POST or None, initial={"body": post.body})
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.redact_post(moderator=request.user, post=post, **form.cleaned_data)
        except actions.ActionRefused as refused:
            refusal = refused.message
        else:
            messages.success(request, "The post is edited; the original is kept in its history.")
            return redirect("moderation:target_detail", key=f"post:{post.pk}")
    context = {"post": post, "form": form, "refusal": refusal}
    return render(request, "moderation/post_form.html", context)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else default


# --- Moderators: the audit log and watched words ----------------------------------------------


@login_required
def audit_log(request):
    if not permissions.can_see_audit_log(request.user):
        raise Http404("No such page.")
    moderators = list(selectors.moderators())  # one query, for the filter's options
    form = AuditFilterForm(request.GET or None, moderators=selectors.moderators())
    filters = {}
    if form.is_valid():
        filters = {
            "moderator": form.cleaned_data["moderator"],
            "action": form.cleaned_data["action"],
            "member_username": form.cleaned_data["member"].strip().lstrip("@"),
        }
    page = selectors.audit_log_page(**filters, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "moderators": moderators,
        "page": page,
        "query": query.urlencode() + "&" if query else "",
    }
    return render(request, "moderation/moderationaction_list.html", context)


@login_required
def watched_words(request):
    if not permissions.can_manage_watched_words(request.user):
        raise Http404("No such page.")
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_watched_word(moderator=request.user, **form.cleaned_data)
        except actions.ActionRefused as refused:
            form.add_error("phrase", refused.message)
        else:
            messages.success(request, f"Now watching for “{form.cleaned_data['phrase']}”.")
            return redirect("moderation:watched_words")
    context = {"form": form, "words": selectors.watched_words()}
    return render(request, "moderation/watchedword_list.html", context)


@login_required
def watched_word_edit(request, pk):
    word = selectors.get_watched_word_for(request.user, pk)
    initial = {"phrase": word.phrase, "action": word.action}
    form = WatchedWordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_watched_word(moderator=request.user, word=word, **form.cleaned_data)
        except actions.ActionRefused as refused:
            form.add_error("phrase", refused.message)
        else:
            messages.success(request, "The watched word is changed.")
            return redirect("moderation:watched_words")
    return render(request, "moderation/watchedword_form.html", {"form": form, "word": word})


@login_required
@require_POST
def watched_word_remove(request, pk):
    word = selectors.get_watched_word_for(request.user, pk)
    actions.remove_watched_word(moderator=request.user, word=word)
    messages.success(request, f"No longer watching for “{word.phrase}”.")
    return redirect("moderation:watched_words")


# --- A member's own pages -----------------------------------------------------------------------
