"""Forum pages. Each view parses input, asks moderation.permissions, calls one selector or
service, and renders. Anonymous GETs write nothing (no session, no row): view counts go to
the cache (forum.view_counts) and read markers exist only for members."""

from http import HTTPStatus
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

import pagecache as page_cache
from accounts import helplines
from accounts.markdown import quote_for_reply, render_markdown
from forum import fragments, permissions, rate_limits, selectors, services, view_counts
from forum.forms import EditPostForm, PreviewForm, ReactionForm, ReplyForm, SearchForm, ThreadForm
from forum.models import Category, Post

CRISIS_FLAG = "forum_crisis_care"
# After a post screening held, the thread page shows one calm card (forum/_held_card.html):
# why it waits and for how long. The session carries why, once (pagecache knows).
HELD_FLAG = "forum_post_held"
WELCOME_TITLE = "Hello, I'm new here"


# Pages every visitor sees alike are cached for visitors (pagecache) and forgotten
# when forum.services changes what they show: lists and search under "lists", a thread's
# pages under "thread:<pk>". Signed-in members always get a fresh render.
def _lists(request, **kwargs):
    return ["lists"]


def _thread(request, pk, **kwargs):
    return [f"thread:{pk}"]


def _count_view(request, pk, **kwargs):
    view_counts.record_soon(pk)  # a hit is cheaper than a trip to Redis: counted in batches


@page_cache.for_visitors(_lists)
def home(request):
    return render(request, "forum/home.html", {"home": selectors.home_page(request.user)})


@page_cache.for_visitors(lambda request: [])
def guidelines(request):
    return render(request, "forum/guidelines.html")


@page_cache.for_visitors(_lists)
def category_detail(request, slug):
    category = selectors.get_category_for(request.user, slug)
    page = selectors.category_threads(request.user, category, request.GET.get("page"))
    return render(request, "forum/category_detail.html", {"category": category, "page": page})


def thread_redirect(request, pk):
    return redirect(selectors.get_thread_for(request.user, pk), permanent=True)


@page_cache.for_visitors(_thread, on_hit=_count_view)
def thread_detail(request, pk, slug):
    thread = selectors.get_thread_for(request.user, pk)
    number = selectors.parse_page(request.GET.get("page"), thread.page_count)
    if number is None:
        raise Http404("No such page.")
    if slug != thread.slug:
        return redirect(_page_url(thread, number), permanent=True)
    views = view_counts.record(thread.pk)
    page = selectors.thread_page(request.user, thread, number, pending_views=views)
    if request.user.is_authenticated:
        unread = selectors.unread_notification_count(request.user)  # the menu's, asked early
        marked = services.mark_thread_read(
            member=request.user,
            thread=thread,
            up_to=page.last_number_shown,
            read=page.read,
            unread_notifications=unread,
        )
        selectors.remember_unread_notification_count(request.user, unread - marked)
    fragments.render_posts(request, page)  # each post's HTML, mostly from the cache
    context = {"page": page, "thread": thread, "form": ReplyForm()}
    crisis = request.user.is_authenticated and request.session.pop(CRISIS_FLAG, False)
    if crisis:
        context["crisis_resources"] = helplines.for_member(request.user)
        context["crisis_post_held"] = crisis == "held"  # not "your post is up" when it waits
    held = request.user.is_authenticated and request.session.pop(HELD_FLAG, None)
    if held and not crisis:  # the crisis card says it is saved and waits, in its own words
        context["held_card"] = {
            "first_posts": held == "first_posts",
            "wait_hours": settings.HOLDFAST_APPROVAL_WAIT_HOURS,
        }
    return render(request, "forum/thread_detail.html", context)


def thread_unread(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    post = (
        selectors.first_unread_post(request.user, thread) if request.user.is_authenticated else None
    )
    return redirect(_post_url(post) if post else _page_url(thread, thread.page_count))


@login_required
def thread_create(request):
    categories = Category.objects.visible_to(request.user).in_order()
    initial = {"category": categories.filter(slug=request.GET.get("category")).first()}
    welcome = request.GET.get("welcome") == "1"  # the welcome's last step: say hello
    if welcome:
        initial["title"] = WELCOME_TITLE
    form = ThreadForm(request.POST or None, categories=categories, initial=initial)
    refusal = permissions.why_cannot_write(request.user)
    if request.method == "POST" and not refusal and form.is_valid() and not _wants_preview(request):
        if not rate_limits.allow(request, "thread"):
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
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and not refusal and form.is_valid() and not _wants_preview(request):
        if not rate_limits.allow(request, "reply"):
            return _too_fast(request, "forum/reply_form.html", {"form": form, "thread": thread})
        try:
            outcome = services.create_reply(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                reply_to=reply_to,
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


def post_redirect(request, pk):
    return redirect(_post_url(selectors.get_post_for(request.user, pk)))


@login_required
def post_edit(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404("No such post.")
    initial = {"body": post.body, "title": post.thread.title}
    form = EditPostForm(request.POST or None, initial=initial, with_title=post.is_first)
    if request.method == "POST" and form.is_valid() and not _wants_preview(request):
        if not rate_limits.allow(request, "edit"):
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


def post_history(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_see_edit_history(request.user, post):
        raise Http404("No such post.")
    revisions = post.revisions.select_related("editor").order_by("-created_at", "-pk")
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})


@require_POST
@login_required
def post_react(request, pk):
    post = selectors.get_post_for(request.user, pk)
    form = ReactionForm(request.POST)
    fetch = request.headers.get("X-Requested-With") == "fetch"
    problem = None
    if not form.is_valid():
        problem = "That isn't a reaction we know."
    elif not rate_limits.allow(request, "react"):
        problem = rate_limits.TOO_FAST
    else:
        try:
            services.toggle_reaction(member=request.user, post=post, kind=form.cleaned_data["kind"])
        except services.ActionRefused as refused:
            problem = refused.message
    if fetch:
        post.my_reactions = set(
            post.reactions.filter(member=request.user).values_list("kind", flat=True)
        )
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
    if not rate_limits.allow(request, "preview"):
        return HttpResponse(rate_limits.TOO_FAST, status=HTTPStatus.TOO_MANY_REQUESTS)
    html = render_markdown(form.data.get("body", "")[: form.fields["body"].max_length])
    return render(request, "forum/_composer.html#preview", {"preview": html})


@page_cache.for_visitors(_lists)
def search_page(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_results(
            request.user, form.cleaned_data["q"], request.GET.get("page")
        )
    query = urlencode({"q": request.GET.get("q", "")}) + "&"
    context = {"form": form, "results": results, "search_query": query}
    return render(request, "forum/search.html", context)


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


def member_posts(request, username):
    member = selectors.get_member_posts_owner(request.user, username)
    page = selectors.member_posts_page(member, request.user, request.GET.get("page"))
    return render(request, "forum/member_posts.html", {"member": member, "page": page})


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


# --- Helpers ---------------------------------------------------------------------------


def _page_url(thread, number: int) -> str:
    url = thread.get_absolute_url()
    return url if number <= 1 else f"{url}?page={number}"


def _post_url(post: Post) -> str:
    number = post.page if post.number else post.thread.page_count
    return f"{_page_url(post.thread, number)}#post-{post.pk}"


def _wants_preview(request) -> bool:
    return "preview" in request.POST


def _preview_of(request, form):
    if request.method == "POST" and _wants_preview(request):
        return render_markdown(form.data.get("body", "")[:20_000])
    return None


def _add_reasons(form, refused: services.ScreeningRefused) -> None:
    for reason in refused.reasons:
        form.add_error("body", reason)


def _too_fast(request, template: str, context: dict):
    context = context | {"refusal": rate_limits.TOO_FAST}
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
    post = Post.objects.select_related("author").filter(pk=pk, thread=thread).first()
    return post if post and permissions.can_see_post_body(request.user, post) else None


def _reply_initial(request, thread, reply_to: Post | None) -> dict:
    initial = {"reply_to": reply_to.pk if reply_to else None}
    if reply_to and request.GET.get("quote"):
        reply_to.thread = thread
        initial["body"] = quote_for_reply(
            author_username=reply_to.author.username if reply_to.author else "Former member",
            body=reply_to.body,
            post_url=reverse("forum:post_redirect", kwargs={"pk": reply_to.pk}),
        )
    return initial


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


def _wants_quote_alone(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" and "quote" in request.GET


def _quote_alone(markdown: str) -> HttpResponse:
    """Just the quote's Markdown, for forum.js to put into the thread page's own composer
    (the header tells it this is the answer it asked for, not a log-in page)."""
    response = HttpResponse(markdown, content_type="text/plain; charset=utf-8")
    response["X-Holdfast-Partial"] = "quote"
    return response
