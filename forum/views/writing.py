"""Writing in the forum: starting a thread, replying, editing, deleting, reacting and the live
preview. Every write is a POST, rate-limited (core.ratelimit), screened and saved by one
forum.services call; a refusal re-renders the form with the member's words kept."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from core import ratelimit
from core.markdown import quote_for_reply, render_markdown
from forum import permissions, selectors, services
from forum.forms import EditPostForm, PreviewForm, ReactionForm, ReplyForm, ThreadForm
from forum.models import Post
from forum.selectors import masks
from forum.views.pages import CRISIS_FLAG, HELD_FLAG, _post_url

WELCOME_TITLE = "Hello, I'm new here"


@login_required
def thread_create(request):
    categories = selectors.categories_to_start_in(request.user)
    initial = {"category": selectors.category_among(categories, request.GET.get("category"))}
    welcome = request.GET.get("welcome") == "1"  # the welcome's last step: say hello
    if welcome:
        initial["title"] = WELCOME_TITLE
    form = ThreadForm(request.POST or None, categories=categories, initial=initial)
    refusal = permissions.why_cannot_write(request.user)
    if request.method == "POST" and not refusal and form.is_valid() and not _wants_preview(request):
        if not _allowed(request, "thread"):
            return _too_fast(request, "forum/thread_form.html", {"form": form})
        try:
            outcome = services.create_thread(author=request.user, **form.cleaned_data)
        except services.ScreeningRefused as refused:
            _add_reasons(form, refused)
        except services.ActionRefused as refused:
            refusal = refused.message
        else:
            return _after_posting(request, outcome)
    context = {"form": form, "refusal": refusal, "welcome": welcome}
    return render(
        request, "forum/thread_form.html", context | {"preview": _preview_of(request, form)}
    )


@login_required
def reply_create(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    reply_to = _reply_target(request, thread)
    initial = _reply_initial(request, thread, reply_to)
    refusal = permissions.why_cannot_reply(request.user, thread)
    if (
        request.method == "GET"
        and _wants_quote_alone(request)
        and "body" in initial
        and not refusal
    ):
        return _quote_alone(initial["body"])
    form = ReplyForm(
        request.POST or None,
        initial=initial,
        allow_anonymous=permissions.can_post_anonymously(request.user, thread.category),
    )
    if request.method == "POST" and not refusal and form.is_valid() and not _wants_preview(request):
        if not _allowed(request, "reply"):
            return _too_fast(request, "forum/reply_form.html", {"form": form, "thread": thread})
        try:
            outcome = services.create_reply(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
                warning=form.cleaned_data["warning"],
                warning_note=form.cleaned_data["warning_note"],
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except services.ScreeningRefused as refused:
            _add_reasons(form, refused)
        except services.ActionRefused as refused:
            refusal = refused.message
        else:
            return _after_posting(request, outcome)
    context = {"form": form, "thread": thread, "reply_to": reply_to, "refusal": refusal}
    return render(
        request, "forum/reply_form.html", context | {"preview": _preview_of(request, form)}
    )


@login_required
def post_edit(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404("No such post.")
    initial = {
        "body": post.body,
        "title": post.thread.title,
        "warning": post.content_warning,
        "warning_note": post.content_warning_note,
    }
    form = EditPostForm(request.POST or None, initial=initial, with_title=post.is_first)
    if request.method == "POST" and form.is_valid() and not _wants_preview(request):
        if not _allowed(request, "edit"):
            return _too_fast(request, "forum/post_form.html", {"form": form, "post": post})
        try:
            outcome = services.edit_post(editor=request.user, post=post, **form.cleaned_data)
        except services.ScreeningRefused as refused:
            _add_reasons(form, refused)
        else:
            return _after_posting(request, outcome, saved="Your changes are saved.")
    context = {"form": form, "post": post, "preview": _preview_of(request, form)}
    return render(request, "forum/post_form.html", context)


@login_required
def post_delete(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_delete_post(request.user, post):
        raise Http404("No such post.")
    if request.method == "POST":
        services.delete_post(member=request.user, post=post)
        messages.success(request, "Your post is removed. It now reads “removed by author”.")
        return redirect(_post_url(post))
    return render(request, "forum/post_confirm_delete.html", {"post": post})


@require_POST
@login_required
def post_react(request, pk):
    post = selectors.get_post_for(request.user, pk)
    form = ReactionForm(request.POST)
    fetch = request.headers.get("X-Requested-With") == "fetch"
    problem = None
    if not form.is_valid():
        problem = "That isn't a reaction we know."
    elif not _allowed(request, "react"):
        problem = ratelimit.TOO_FAST
    else:
        try:
            services.toggle_reaction(member=request.user, post=post, kind=form.cleaned_data["kind"])
        except services.ActionRefused as refused:
            problem = refused.message
    if fetch:
        post.my_reactions = selectors.reaction_kinds_by(request.user, post)
        status = HTTPStatus.OK if problem is None else HTTPStatus.BAD_REQUEST
        context = {"post": post, "problem": problem}
        return render(request, "forum/thread_detail.html#reactions", context, status=status)
    if problem:
        messages.error(request, problem)
    return redirect(_post_url(post))


@require_POST
@login_required
def preview(request):
    form = PreviewForm(request.POST)
    if not _allowed(request, "preview"):
        return HttpResponse(ratelimit.TOO_FAST, status=HTTPStatus.TOO_MANY_REQUESTS)
    html = render_markdown(form.data.get("body", "")[: form.fields["body"].max_length])
    return render(request, "forum/_composer.html#preview", {"preview": html})


def _wants_preview(request) -> bool:
    return "preview" in request.POST


def _preview_of(request, form):
    if request.method == "POST" and _wants_preview(request):
        return render_markdown(form.data.get("body", "")[:20_000])
    return None


def _add_reasons(form, refused: services.ScreeningRefused, field: str = "body") -> None:
    for reason in refused.reasons:
        form.add_error(field, reason)


def _allowed(request, action: str) -> bool:
    # New members (accounts.roles.is_new_member) get the lower limits: most spam comes
    # from fresh accounts. Counting happens in the cache, never the database.
    new_member = roles.is_new_member(request.user)
    return ratelimit.allow(request, f"forum:{action}", new_member=new_member)


def _too_fast(request, template: str, context: dict):
    context = context | {"refusal": ratelimit.TOO_FAST}
    return render(request, template, context, status=HTTPStatus.TOO_MANY_REQUESTS)


def _after_posting(request, outcome: services.Outcome, saved: str | None = None):
    if outcome.held:
        first_posts = outcome.verdict.awaiting_approval
        request.session[HELD_FLAG] = "first_posts" if first_posts else "review"
    elif saved:
        messages.success(request, saved)
    if outcome.needs_crisis_care:
        request.session[CRISIS_FLAG] = "held" if outcome.held else "published"
    return redirect(_post_url(outcome.post))


def _reply_target(request, thread) -> Post | None:
    raw = request.POST.get("reply_to") or request.GET.get("to") or request.GET.get("quote")
    pk = selectors.positive_int(raw)
    if pk is None:
        return None
    post = selectors.post_in_thread(thread, pk)
    if post is None or not permissions.can_see_post_body(request.user, post):
        return None
    masks.mask_posts([post], request.user)  # its author's alias or shield, as on the page
    return None if post.shielded else post


def _reply_initial(request, thread, reply_to: Post | None) -> dict:
    initial = {"reply_to": reply_to.pk if reply_to else None}
    if reply_to and request.GET.get("quote"):
        reply_to.thread = thread
        initial["body"] = quote_for_reply(
            author_username=reply_to.anonymous_name
            or (reply_to.author.username if reply_to.author else "Former member"),
            body=reply_to.body,
            post_url=reverse("forum:post_redirect", kwargs={"pk": reply_to.pk}),
        )
    return initial


def _wants_quote_alone(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" and "quote" in request.GET


def _quote_alone(markdown: str) -> HttpResponse:
    """Just the quote's Markdown, for forum.js to put into the thread page's own composer
    (the header tells it this is the answer it asked for, not a log-in page)."""
    response = HttpResponse(markdown, content_type="text/plain; charset=utf-8")
    response["X-Holdfast-Partial"] = "quote"
    return response
