"""What everyone reads: the home page, categories, threads and posts, search, a member's
posts. Pages every visitor sees alike are cached for visitors (pagecache)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

import pagecache as page_cache
from accounts.streaks import helplines
from core import read_only
from forum import fragments, permissions, search, selectors, services, view_counts
from forum.forms import PledgeForm, ReplyForm, SearchForm
from forum.models import Post
from forum.selectors import muting

# After a post with crisis words, the thread page offers the crisis lines once.
CRISIS_FLAG = "forum_crisis_care"
# After a post screening held, the thread page shows one calm card (forum/_held_card.html):
# why it waits and for how long. The session carries why, once (pagecache knows).
HELD_FLAG = "forum_post_held"


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
    home = selectors.home_page(request.user)
    # Whether to offer "Start a thread": decided by the one permission, never by the template.
    may_start = any(permissions.can_start_thread(request.user, c) for c in home.categories)
    return render(request, "forum/home.html", {"home": home, "may_start_thread": may_start})


@page_cache.for_visitors(lambda request: [])
def guidelines(request):
    return render(request, "forum/guidelines.html")


@page_cache.for_visitors(_lists)
def category_detail(request, slug):
    category = selectors.get_category_for(request.user, slug)
    page = selectors.category_threads(request.user, category, request.GET.get("page"))
    may_start = permissions.can_start_thread(request.user, category)
    context = {"category": category, "page": page, "may_start_thread": may_start}
    context["muted"] = muting.mutes_category(request.user, category)  # members: one query
    return render(request, "forum/category_detail.html", context)


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
    view_counts.record_soon(thread.pk)
    # pending_views=0: what the cache holds is read below, with the posts' fragments.
    page = selectors.thread_page(request.user, thread, number, pending_views=0)
    # Read-only while the primary database is away (core.read_only): the marker waits.
    if request.user.is_authenticated and not read_only.active():
        unread = selectors.unread_notification_count(request.user)  # the menu's, asked early
        marked = services.mark_thread_read(
            member=request.user,
            thread=thread,
            up_to=page.last_number_shown,
            read=page.read,
            unread_notifications=unread,
        )
        selectors.remember_unread_notification_count(request.user, unread - marked)
    # Mostly from the cache; the views' counter with them, unless read here a moment ago.
    also = fragments.render_posts(request, page, also=view_counts.to_read(thread))
    page.view_count += view_counts.pending_after(thread, also)
    context = {"page": page, "thread": thread, "form": _composer_form(request.user, page)}
    context["pledge"] = selectors.pledge_panel_for(request.user, thread)  # none: no query
    context["pledge_form"] = PledgeForm() if context["pledge"] else None
    # Both cards always named: a name the template cannot find costs it a chain of exceptions.
    context["crisis_resources"] = context["held_card"] = None
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


def _composer_form(user, page):
    """The reply composer's form, which only a member's last page shows."""
    if not (page.is_last and user.is_authenticated):
        return None
    allow_anonymous = permissions.can_post_anonymously(user, page.thread.category)
    return ReplyForm(allow_anonymous=allow_anonymous)


def thread_unread(request, pk):
    thread = selectors.get_thread_for(request.user, pk)
    post = (
        selectors.first_unread_post(request.user, thread) if request.user.is_authenticated else None
    )
    return redirect(_post_url(post) if post else _page_url(thread, thread.page_count))


def post_redirect(request, pk):
    return redirect(_post_url(selectors.get_post_for(request.user, pk)))


def post_history(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_see_edit_history(request.user, post):
        raise Http404("No such post.")
    revisions = selectors.revisions_of(post)
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})


@page_cache.for_visitors(_lists)
def search_page(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_results(
            request.user, form.cleaned_data["q"], request.GET.get("page")
        )
    query = urlencode({"q": request.GET.get("q", "")}) + "&"
    context = {
        "form": form,
        "results": results,
        "search_query": query,
        "ranked_matches": search.RANKED_MATCHES,
    }
    return render(request, "forum/search.html", context)


def member_posts(request, username):
    member = selectors.get_member_posts_owner(request.user, username)
    page = selectors.member_posts_page(member, request.user, request.GET.get("page"))
    return render(request, "forum/member_posts.html", {"member": member, "page": page})


def _page_url(thread, number: int) -> str:
    url = thread.get_absolute_url()
    return url if number <= 1 else f"{url}?page={number}"


def _post_url(post: Post) -> str:
    number = post.page if post.number else post.thread.page_count
    return f"{_page_url(post.thread, number)}#post-{post.pk}"
