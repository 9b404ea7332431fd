"""A page of a thread: its posts with their authors' badges, and where the member stopped."""

import functools
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from accounts import roles
from accounts.selectors import author_figure_fields, badges_from_rows
from core.prepared import PreparedQuery
from forum import hooks, view_counts
from forum.models import (
    POSTS_PER_PAGE,
    Post,
    Status,
    Thread,
    ThreadRead,
)
from forum.selectors import masks, muting, own_view
from forum.selectors.access import _ID


@dataclass
class ThreadPage:
    thread: Thread
    number: int
    page_count: int
    posts: list[Post]
    view_count: int
    watching: bool = False
    muted: bool = False  # the reader muted this thread (forum.selectors.muting)
    read: ThreadRead | None = None
    # The first post number this member has not read yet (None: all read, or a visitor).
    first_unread: int | None = None
    # Filled by the streak app: accounts.selectors.streak_badges_for(authors, viewer=...)
    # -> {user_id: badge}. This selector is the one place that gathers per-page author data.
    author_badges: dict = field(default_factory=dict)
    # Moderators only: their notes on the authors (forum.hooks.staff_notes_for), drawn
    # beside each post outside its cached fragment; {} for everyone else.
    staff_notes: dict = field(default_factory=dict)
    # The numbered places the page shows: thread_id, number_from, number_to.
    places: dict = field(default_factory=dict)
    # Drawn by forum.fragments.render_posts: the pager (shown above and below the posts) and,
    # for everyone without staff notes, the posts with the unread divider, as one HTML.
    pager: str = ""
    stream: str = ""

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
    "is_guide",
    "shield_days",
)
_POST_PAGE_FIELDS = (
    *(f.name for f in Post._meta.concrete_fields if f.name not in {"body", "body_text"}),
    *(f"author__{name}" for name in _AUTHOR_FIELDS),
    *author_figure_fields("author"),  # the streak badges
    "reply_to__anonymous_alias",
    "reply_to__author",
    "reply_to__author__username",
    "reply_to__author__display_name",
    "reply_to__author__shield_days",
)


def _posts_shown(*, thread_id, number_from, number_to, member_id=None, moderator=False, last=False):
    """A page's posts: its numbered places, plus on the last page the posts still waiting
    for a moderator. Numbered pending posts (an edit held for review) and waiting ones are
    shown to their author and to moderators only."""
    places = Q(number__gte=number_from, number__lt=number_to)
    if not moderator:
        own = Q(author_id=member_id) if member_id is not None else Q(pk__in=[])
        places &= ~Q(status=Status.PENDING) | own
    shown = places
    if last and (moderator or member_id is not None):
        waiting = Q(number__isnull=True, status=Status.PENDING)
        shown |= waiting if moderator else waiting & Q(author_id=member_id)
    # The authors' streak badges are read from the author rows the posts query joins
    # (accounts.selectors): no query of their own, whatever the number of authors.
    posts = (
        Post.objects.filter(shown, thread_id=thread_id)
        .for_display()
        .only(*_POST_PAGE_FIELDS)
        .order_by("number", "created_at")
    )
    if shown is places:
        # Numbered places only, one post each: the limit changes no answer. PostgreSQL
        # cannot tell a long thread's first places from the whole table's (every thread
        # has posts 1 to 20), so it read all 5,000 posts of the longest thread and every
        # member for page 1 (9 ms); told the limit, it takes the places from the
        # (thread, number) index (0.9 ms).
        posts = posts[:POSTS_PER_PAGE]
    return posts


_POSTS_QUERIES = {}


def _posts_query(moderator: bool, member: bool, last: bool) -> PreparedQuery:
    """The posts query for one shape of page (who reads, whether it is the last page): every
    thread page asks it, and building it was a third of a cold page, so its SQL is compiled
    once per process (core.prepared)."""
    shape = (moderator, member, last)
    if shape not in _POSTS_QUERIES:
        ids = ("thread_id", "number_from", "number_to", *(("member_id",) if member else ()))
        build = functools.partial(_posts_shown, moderator=moderator, last=last)
        _POSTS_QUERIES[shape] = PreparedQuery(build, ids=ids)
    return _POSTS_QUERIES[shape]


def thread_page(
    user, thread: Thread, number: int, *, pending_views: int | None = None
) -> ThreadPage:
    """Page `number` of a thread: 20 numbered places, plus on the last page the viewer's own
    posts still waiting for a moderator (all of them, for moderators).

    Queries for a member: posts (with authors, their streak badges and the posts they
    answer) and their own view of the page (reactions, reports, blocks, read marker,
    watching, which authors are moderators, warning choices and the thread's mute:
    forum.selectors.own_view) — two whatever the thread's length;
    one (posts) for a visitor. `pending_views`: the views counted since the last flush, if
    the caller reads them itself (else the cache is asked).
    """
    page_count = thread.page_count
    first = (number - 1) * POSTS_PER_PAGE + 1
    moderator = roles.is_moderator(user)
    member_id = None if moderator or not user.is_authenticated else user.pk
    query = _posts_query(moderator, member_id is not None, number == page_count)
    places = {"thread_id": thread.pk, "number_from": first, "number_to": first + POSTS_PER_PAGE}
    ids = places if member_id is None else {**places, "member_id": member_id}
    posts = query.fetch(**ids)
    posts.sort(key=lambda p: (p.number is None, p.number or 0, p.created_at))
    for post in posts:
        post.thread = thread  # permission checks read post.thread; no query per post
        post.my_reactions = set()
        post.author_blocked = False
        post.reported_by_me = False
    # Who the reader may not see first: a masked author gets no badge either.
    masks.mask_posts(posts, user)
    author_badges = badges_from_rows(posts, viewer=user)
    page = ThreadPage(
        thread=thread,
        number=number,
        page_count=page_count,
        posts=posts,
        view_count=thread.view_count
        + (view_counts.pending(thread.pk) if pending_views is None else pending_views),
        author_badges=author_badges,
        # An anonymous post's author is seen only through a logged look, notes included.
        staff_notes=hooks.staff_notes_for(
            user, {post.author_id for post in posts if not post.anonymous_alias}
        ),
        places=places,
    )
    if user.is_authenticated:
        # Reactions, reports, blocks, read marker, watching, which authors are moderators,
        # warning choices and the thread's mute: one query.
        own_view.add_own_view(page, user)
    else:
        muting.mark_thread_page(page, user)  # a visitor's warnings: no query
    return page


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
