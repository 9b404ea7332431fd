"""A member's posts as another member sees them, and who a member blocks."""

import functools

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator

from accounts.models import User
from core.prepared import PreparedQuery
from forum.models import (
    THREADS_PER_PAGE,
    Block,
    Post,
    Status,
)

RECENT_POSTS_ON_PROFILE = 5


def visible_posts_by(member: User | int, viewer):
    """The member's posts (`member`: a member or their id) that `viewer` may read, newest
    first. Of the viewer only whether they are signed in matters."""
    posts = Post.objects.filter(
        author=member,
        status=Status.PUBLISHED,
        deleted_at__isnull=True,
        thread__status=Status.PUBLISHED,
        # Anonymous posts are never listed under their author (forum.selectors.masks).
        anonymous_alias__isnull=True,
    )
    if not viewer.is_authenticated:
        posts = posts.filter(thread__category__members_only=False)
    return (
        posts.select_related("thread__category")
        .only(*_SUMMARY_FIELDS)
        .order_by("-created_at", "-pk")
    )


# What forum/_post_summaries.html shows: a post's row carries its source and HTML too.
_SUMMARY_FIELDS = (
    *("created_at", "content_warning", "body_text"),
    *("thread", "thread__title", "thread__category", "thread__category__name"),
)


class _SignedIn:
    is_authenticated = True


def _recent_posts_query(viewer, author_id: int = 0):
    return visible_posts_by(author_id, viewer)[:RECENT_POSTS_ON_PROFILE]


# Every profile page asks it, and building it was a third of a visitor's profile page: its
# SQL is compiled once per process (core.prepared), for visitors and for members.
_recent_posts = {
    signed_in: PreparedQuery(
        functools.partial(_recent_posts_query, _SignedIn() if signed_in else AnonymousUser()),
        ids=("author_id",),
    )
    for signed_in in (False, True)
}


def recent_posts_for(member: User, viewer) -> list[Post]:
    """One query."""
    return _recent_posts[viewer.is_authenticated].fetch(author_id=member.pk)


def member_posts_page(member: User, viewer, page_number):
    """Two queries: count and page."""
    return Paginator(visible_posts_by(member, viewer), THREADS_PER_PAGE).get_page(page_number)


def blocked_members(user) -> list[User]:
    """Members this one blocks or ignores now, each with `ignored_until` (None: for good).
    One query; an ignore that has ended is not listed."""
    blocks = Block.objects.active().filter(blocker=user).select_related("blocked")
    members = []
    for block in blocks.order_by("blocked__username"):
        block.blocked.ignored_until = block.until
        members.append(block.blocked)
    return members


def is_blocking(user, member: User) -> bool:
    blocks = Block.objects.active().filter(blocker=user, blocked=member)
    return user.is_authenticated and blocks.exists()
