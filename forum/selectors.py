"""Reads that forum pages share: fetch-and-authorize helpers and per-page summaries.

Every function here runs a fixed number of queries whatever the data size; the docstrings
say how many, and tests/forum/test_queries.py pins the page totals.
"""

import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator

import pagecache as page_cache
from accounts import permissions as accounts_permissions
from accounts import roles, streak_selectors
from accounts.models import User
from accounts.selectors import active_member_named, badges_from_rows, with_author_streaks
from forum import permissions, search, view_counts
from forum.models import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    Block,
    Category,
    Notification,
    Post,
    Reaction,
    Status,
    Thread,
    ThreadRead,
    ThreadSubscription,
)

LATEST_ON_HOME = 10
UNANSWERED_ON_HOME = 5
PROMPTS_ON_HOME = 4
WAITING_ON_HOME = 3
REPLIES_ON_HOME = 3
RECENT_POSTS_ON_PROFILE = 5
NOTIFICATIONS_PER_PAGE = 30
_ID = re.compile(r"[0-9]{1,9}")


# --- Fetch and authorize: missing and forbidden look the same (404) --------------------


def get_category_for(user, slug: str) -> Category:
    """One query."""
    category = Category.objects.visible_to(user).filter(slug=slug).first()
    if category is None:
        raise Http404("No such category.")
    return category


def get_thread_for(user, pk: int) -> Thread:
    """One query (plus the moderator check, once per request)."""
    thread = Thread.objects.visible_to(user).select_related("category").filter(pk=pk).first()
    if thread is None:
        raise Http404("No such thread.")
    return thread


def get_post_for(user, pk: int) -> Post:
    """One query (plus the moderator check). Pending posts only for their author and
    moderators; hidden and removed posts are found (they keep their place as a placeholder)."""
    post = (
        Post.objects.select_related("thread__category", "author", "reply_to__author")
        .filter(pk=pk, thread__in=Thread.objects.visible_to(user))
        .first()
    )
    if post is None or not permissions.can_view_post(user, post):
        raise Http404("No such post.")
    return post


def get_member(username: str) -> User:
    # PostgreSQL refuses a NUL in a query (a 500); no member's name has one.
    member = None if "\x00" in username else User.objects.active().filter(username=username).first()
    if member is None:
        raise Http404("No such member.")
    return member


def get_member_posts_owner(viewer, username: str) -> User:
    """The member whose posts /u/<username>/posts/ lists, found as their profile finds them
    (any case; NUL-safe), or the same 404 for an unknown, deactivated or suspended member and
    for one whose profile details (bio, post count, recent posts) `viewer` may not see: this
    page is the long form of the profile's recent posts, so it follows the same rules. Like
    the profile, it does not leave out posts by a member the viewer blocked — the viewer chose
    to visit this member. One query."""
    member = active_member_named(username)
    if member is None or not accounts_permissions.can_see_profile_details(viewer, member):
        raise Http404("No such member.")
    return member


# --- Lists of threads ------------------------------------------------------------------


@dataclass
class UnreadMark:
    """How a thread looks to a member in a list: never opened (`new`), or opened with
    `unread` posts since, starting at post number `first_unread`."""

    new: bool = False
    unread: int = 0
    first_unread: int | None = None


def mark_unread(user, threads) -> list[Thread]:
    """Set `thread.unread_mark` on each thread. One query for members, none for visitors."""
    threads = list(threads)
    if not user.is_authenticated:
        for thread in threads:
            thread.unread_mark = UnreadMark()
        return threads
    reads = dict(
        ThreadRead.objects.filter(member=user, thread__in=[t.pk for t in threads]).values_list(
            "thread_id", "last_read_post_number"
        )
    )
    for thread in threads:
        last_read = reads.get(thread.pk)
        if last_read is None:
            is_new = thread.last_activity_at > user.date_joined and thread.author_id != user.pk
            thread.unread_mark = UnreadMark(new=is_new)
        elif thread.last_post_number > last_read:
            thread.unread_mark = UnreadMark(
                unread=thread.last_post_number - last_read, first_unread=last_read + 1
            )
        else:
            thread.unread_mark = UnreadMark()
    return threads


@dataclass
class HomePage:
    categories: list[Category]
    latest: list[Thread]
    # Visitors: the newest threads without a reply. Members see `waiting` instead, in their
    # "today" panel: the threads that have waited longest for someone else's first reply.
    unanswered: list[Thread]
    prompts: list[Thread]
    today: "streak_selectors.Today | None" = None
    replies: list[Notification] = field(default_factory=list)
    waiting: list[Thread] = field(default_factory=list)


def home_page(user, *, now=None) -> HomePage:
    """The home page, whatever the number of categories, threads, posts or notifications.

    Visitors, four queries: categories, latest, unanswered, prompts. Members, seven:
    categories, latest, threads waiting for a first reply (not their own), prompts, read
    marks for all of those (one), their day (streak and today's check-in, one), their
    latest unread notifications. The team's prompts that nobody has answered yet fill
    neither Latest nor the waiting lists: they have a section of their own."""
    categories = list(Category.objects.visible_to(user).in_order())
    listed = Thread.objects.visible_to(user).listed().for_listing()
    latest = list(listed.without_quiet_prompts().latest()[:LATEST_ON_HOME])
    prompts = list(listed.prompts()[:PROMPTS_ON_HOME])
    if not user.is_authenticated:
        unanswered = list(listed.unanswered()[:UNANSWERED_ON_HOME])
        mark_unread(user, latest + unanswered + prompts)
        return HomePage(categories, latest, unanswered, prompts)
    waiting = list(
        Thread.objects.visible_to(user)
        .for_listing()
        .awaiting_first_reply()
        .exclude(author=user)[:WAITING_ON_HOME]
    )
    mark_unread(user, latest + waiting + prompts)  # one query; each copy of a thread marked
    replies = list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("actor", "thread")
        .order_by("-created_at", "-pk")[:REPLIES_ON_HOME]
    )
    return HomePage(
        categories,
        latest,
        [],
        prompts,
        today=streak_selectors.today_for(user, now=now),
        replies=replies,
        waiting=waiting,
    )


def category_threads(user, category: Category, page_number):
    """A page of the category's threads, pinned first then by latest activity. Three
    queries for a member (count, page, read marks)."""
    threads = Thread.objects.listed().filter(category=category).for_listing().pinned_first()
    page = Paginator(threads, THREADS_PER_PAGE).get_page(page_number)
    page.object_list = mark_unread(user, page.object_list)
    return page


# --- The thread page -------------------------------------------------------------------


@dataclass
class ThreadPage:
    thread: Thread
    number: int
    page_count: int
    posts: list[Post]
    view_count: int
    watching: bool = False
    read: ThreadRead | None = None
    # The first post number this member has not read yet (None: all read, or a visitor).
    first_unread: int | None = None
    # Filled by the streak app: accounts.selectors.streak_badges_for(authors, viewer=...)
    # -> {user_id: badge}. This selector is the one place that gathers per-page author data.
    author_badges: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    @property
    def is_last(self) -> bool:
        return self.number == self.page_count

    @property
    def page_range(self):
        return range(1, self.page_count + 1)

    @cached_property
    def page_links(self) -> list[tuple[int | None, str]]:
        """The pager's links as (number, url), None for a gap ("…"): the first and last
        pages and two either side of this one. Built here, not by looping over every page
        in the template: a 5,000-post thread has 250 pages, and the loop cost a member's
        page a third of its time."""
        url = self.thread.get_absolute_url()
        shown = {1, self.page_count, *range(self.number - 2, self.number + 3)}
        links, previous = [], 0
        for n in sorted(n for n in shown if 1 <= n <= self.page_count):
            if n > previous + 1:
                links.append((None, ""))
            links.append((n, url if n == 1 else f"{url}?page={n}"))
            previous = n
        return links

    @property
    def last_number_shown(self) -> int:
        return max((p.number or 0 for p in self.posts), default=0)


def positive_int(raw) -> int | None:
    """An id or page number from a URL or form: ASCII digits only ("²" and "٣" are digits
    to str.isdigit but not to int() or the database), at most nine of them, above zero."""
    if raw is None or not _ID.fullmatch(str(raw)):
        return None
    return int(raw) or None


def parse_page(raw, page_count: int) -> int | None:
    """'last' or a number; None for anything else. Numbers past the end mean the last page."""
    if raw in (None, ""):
        return 1
    if raw == "last":
        return page_count
    number = positive_int(raw)
    return None if number is None else min(number, page_count)


# What a thread page reads of its posts and their authors (the post partial, the permission
# checks, the streak badges): the Markdown source, the search text, the answered post's
# body and the authors' other columns cost the posts query half its time.
_AUTHOR_FIELDS = (
    "username",
    "display_name",
    "date_joined",
    "is_active",
    "is_staff",
    "silenced_until",
    "suspended_until",
    "suspended_forever",
    "streak_display",
    "streak_visibility",
    "time_zone",
    "is_guide",
)
_POST_PAGE_FIELDS = (
    *(f.name for f in Post._meta.concrete_fields if f.name not in {"body", "body_text"}),
    *(f"author__{name}" for name in _AUTHOR_FIELDS),
    "reply_to__author",
    "reply_to__author__username",
    "reply_to__author__display_name",
)


def thread_page(
    user, thread: Thread, number: int, *, pending_views: int | None = None
) -> ThreadPage:
    """Page `number` of a thread: 20 numbered places, plus on the last page the viewer's own
    posts still waiting for a moderator (all of them, for moderators).

    Queries for a member: posts (with authors, their streak badges and the posts they
    answer), the member's reactions on them, the members they block, the posts they have
    reported, which authors are moderators, their read marker, whether they watch — seven
    whatever the thread's length;
    one (posts) for a visitor. `pending_views`: what view_counts.record() answered, if the
    caller has just counted this view (else the cache is asked).
    """
    page_count = thread.page_count
    first = (number - 1) * POSTS_PER_PAGE + 1
    moderator = roles.is_moderator(user)
    places = Q(number__gte=first, number__lt=first + POSTS_PER_PAGE)
    if not moderator:
        # Numbered pending posts (an edit held for review) are shown to their author only.
        places &= ~Q(status=Status.PENDING) | Q(author_id=user.pk)
    shown = places
    if number == page_count and user.is_authenticated:
        waiting = Q(number__isnull=True, status=Status.PENDING)
        shown |= waiting if moderator else waiting & Q(author_id=user.pk)
    # The authors' streak badges ride along in the posts query (accounts.selectors): no
    # query of their own, whatever the number of authors.
    posts = list(
        with_author_streaks(
            Post.objects.filter(shown, thread=thread).for_display().only(*_POST_PAGE_FIELDS)
        ).order_by("number", "created_at")
    )
    posts.sort(key=lambda p: (p.number is None, p.number or 0, p.created_at))
    for post in posts:
        post.thread = thread  # permission checks read post.thread; no query per post
        post.my_reactions = set()
        post.author_blocked = False
        post.reported_by_me = False
    page = ThreadPage(
        thread=thread,
        number=number,
        page_count=page_count,
        posts=posts,
        view_count=thread.view_count
        + (view_counts.pending(thread.pk) if pending_views is None else pending_views),
        author_badges=badges_from_rows(posts, viewer=user),
    )
    if user.is_authenticated:
        _add_member_view(page, user)
    return page


def _add_member_view(page: ThreadPage, user) -> None:
    by_pk = {post.pk: post for post in page.posts}
    for post_id, kind in Reaction.objects.filter(member=user, post_id__in=by_pk).values_list(
        "post_id", "kind"
    ):
        by_pk[post_id].my_reactions.add(kind)
    blocked = set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))
    # "Reported" in place of "Report" on the posts this member has an open report about: one
    # query for the page, through the reverse relation moderation's Report declares on Post
    # (the forum sits below moderation and does not import its models; "open" is
    # moderation.models.Report.Status.OPEN — after a moderator resolves it, the member may
    # report the post again, so the link comes back).
    reported = set(
        Post.objects.filter(pk__in=by_pk, reports__reporter=user, reports__status="open")
        .values_list("pk", flat=True)
        .distinct()
    )
    for post in page.posts:
        post.author_blocked = post.author_id in blocked
        post.reported_by_me = post.pk in reported
    # "Block this member" is offered for everyone but moderators: one query for the page.
    roles.remember_moderators([post.author for post in page.posts])
    page.read = ThreadRead.objects.filter(member=user, thread=page.thread).first()
    last_read = page.read.last_read_post_number if page.read else 0
    if page.read and last_read < page.thread.last_post_number:
        page.first_unread = last_read + 1
    page.watching = ThreadSubscription.objects.filter(
        member=user, thread=page.thread, watching=True
    ).exists()


def first_unread_post(user, thread: Thread) -> Post | None:
    """The first post this member has not read, for "jump to first unread". Two queries."""
    read = ThreadRead.objects.filter(member=user, thread=thread).first()
    last_read = read.last_read_post_number if read else 0
    return (
        Post.objects.filter(thread=thread, number__gt=last_read)
        .exclude(status=Status.PENDING)
        .order_by("number")
        .first()
    )


# --- Notifications and members ---------------------------------------------------------


EXCERPT_CHARS = 160


def notifications_page(user, page_number):
    """Two queries: count and page (with actor, thread and post). Each notification about a
    post gets `excerpt`: the start of the post's words, from its stored HTML (never
    re-rendered), for the list's two-line preview."""
    # A post someone may be in crisis in (Post.crisis_flagged: screening, or a crisis or
    # "worried" report) is never excerpted into a list: its words stay on its own page,
    # with the care around it.
    notifications = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "thread", "post")
        .defer("post__body", "post__body_text")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    for note in page.object_list:
        note.excerpt = _excerpt(note)
    return page


def _excerpt(note: Notification) -> str:
    post = note.post
    if (
        post is None
        or post.crisis_flagged
        or note.kind == Notification.Kind.MODERATION  # the note's own message says it
        or post.status != Status.PUBLISHED
        or post.deleted_at is not None
    ):
        return ""
    words = " ".join(html.unescape(strip_tags(post.body_html)).split())
    return Truncator(words).chars(EXCERPT_CHARS)


_UNREAD_COUNT = "_holdfast_unread_notifications"


def unread_notification_count(user) -> int:
    """One query for members (an index-only count), remembered on the user object for the
    rest of the request (the thread page asks before the menu does); none for visitors."""
    if not user.is_authenticated:
        return 0
    count = getattr(user, _UNREAD_COUNT, None)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        remember_unread_notification_count(user, count)
    return count


def remember_unread_notification_count(user, count: int) -> None:
    """What unread_notification_count() answers for this user object from now on (a view
    that has just marked some read knows the new count without asking again)."""
    setattr(user, _UNREAD_COUNT, max(0, count))


def visible_posts_by(member: User, viewer):
    """The member's posts that `viewer` may read, newest first."""
    posts = Post.objects.filter(
        author=member,
        status=Status.PUBLISHED,
        deleted_at__isnull=True,
        thread__status=Status.PUBLISHED,
    )
    if not viewer.is_authenticated:
        posts = posts.filter(thread__category__members_only=False)
    return posts.select_related("thread__category").order_by("-created_at", "-pk")


def recent_posts_for(member: User, viewer, limit: int = RECENT_POSTS_ON_PROFILE) -> list[Post]:
    """One query."""
    return list(visible_posts_by(member, viewer)[:limit])


def member_posts_page(member: User, viewer, page_number):
    """Two queries: count and page."""
    return Paginator(visible_posts_by(member, viewer), THREADS_PER_PAGE).get_page(page_number)


def search_results(user, text: str, page_number):
    """Three queries: count, one ranked page of ids and snippets, the posts of the page
    (see forum.search). For members, none when the same search was made since the lists
    last changed (RememberedSearch); visitors' search pages are cached whole already."""
    hits = search.RankedSearch(text, user)
    if user.is_authenticated and page_cache.timeout() > 0:
        hits = RememberedSearch(hits)
    return Paginator(hits, search.RESULTS_PER_PAGE).get_page(page_number)


class RememberedSearch:
    """A RankedSearch whose count and pages are kept in the cache under the "lists" scope's
    version (pagecache), for as long as a visitor's cached search page is: every
    member sees the same results (only signed in or not changes them), and the full-text
    count and ranking cost a member's search page four fifths of its time."""

    def __init__(self, hits: search.RankedSearch):
        self.hits = hits
        self.key = None

    def _remembered(self, part: str, compute):
        if self.key is None:
            versions = page_cache.scope_versions("lists")
            raw = repr((versions, self.hits.authenticated, self.hits.words)).encode()
            self.key = "search:" + hashlib.blake2b(raw, digest_size=16).hexdigest()
        found = cache.get(f"{self.key}:{part}")
        if found is None:
            with page_cache.from_primary():  # kept for every member: never a lagging replica's
                found = compute()
            cache.set(f"{self.key}:{part}", found, timeout=page_cache.timeout())
        return found

    def count(self) -> int:
        return self._remembered("count", self.hits.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        return self._remembered(f"{window.start}:{window.stop}", lambda: self.hits[window])


def blocked_members(user) -> list[User]:
    return [
        block.blocked
        for block in Block.objects.filter(blocker=user)
        .select_related("blocked")
        .order_by("blocked__username")
    ]


def is_blocking(user, member: User) -> bool:
    return user.is_authenticated and Block.objects.filter(blocker=user, blocked=member).exists()
