"""Fetch and authorize in one step: the object, or the same 404 whether it is missing or the
viewer may not see it."""

import functools
import re

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts import permissions as accounts_permissions
from accounts import roles, shield
from accounts.models import User
from accounts.names import could_name_a_member
from accounts.selectors import active_member_named
from core.prepared import PreparedQuery
from forum import permissions
from forum.models import (
    Category,
    Post,
    Thread,
)

_ID = re.compile(r"[0-9]{1,9}")


# The categories a reader sees, in order: the same for every visitor, and for every member
# (core.prepared). A handful of rows, so a category is found among them by its slug.
_categories_seen = {
    signed_in: PreparedQuery(
        functools.partial(
            lambda reader: Category.objects.visible_to(reader).in_order(),
            shield.Reader(0, 0) if signed_in else AnonymousUser(),
        ),
        ids=(),
    )
    for signed_in in (False, True)
}


def categories_for(user) -> list[Category]:
    """One query."""
    return _categories_seen[bool(user.is_authenticated)].fetch()


def get_category_for(user, slug: str) -> Category:
    """One query."""
    named = [category for category in categories_for(user) if category.slug == slug]
    if not named:
        raise Http404("No such category.")
    return named[0]


def _thread_for(user, thread_id):
    return (
        Thread.objects.visible_to(user)
        .select_related("category", "daily_pledge")
        .filter(pk=thread_id)
        .order_by()[:1]
    )


# What a visitor may open does not depend on who they are: every visitor's thread page asks
# the same query, so its SQL is compiled once per process (core.prepared).
_visitors_thread = PreparedQuery(
    functools.partial(_thread_for, AnonymousUser()), ids=("thread_id",)
)


# A member's depends on their id (their own pending threads) and their account's age in
# whole days (others' shields): both fill a kept query too. Moderators see every thread.
_members_thread = PreparedQuery(
    lambda member_id, whole_days, thread_id: _thread_for(
        shield.Reader(member_id, whole_days), thread_id
    )
)


def get_thread_for(user, pk: int) -> Thread:
    """One query (plus the moderator check, once per request). The daily pledge's row, if
    the thread is one, comes in the same query (forum.selectors.pledges)."""
    if not user.is_authenticated:
        found = _visitors_thread.fetch(thread_id=pk)
    elif roles.is_moderator(user):
        found = list(_thread_for(user, pk))
    else:
        age = shield.whole_days_joined(user)
        found = _members_thread.fetch(member_id=user.pk, whole_days=age, thread_id=pk)
    thread = found[0] if found else None
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
    if not could_name_a_member(username):
        raise Http404("No such member.")
    member = User.objects.active().filter(username=username).first()
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
    if not accounts_permissions.can_see_profile(viewer, member):  # their shield
        raise Http404("No such member.")
    return member
