"""A member's notifications page and the unread count the menu shows."""

import html

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.prepared import prepared
from forum.models import (
    Notification,
    Status,
)

NOTIFICATIONS_PER_PAGE = 30
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
        or post.content_warning  # folded until tapped: the words wait on the post's page
        or note.kind == Notification.Kind.MODERATION  # the note's own message says it
        or post.status != Status.PUBLISHED
        or post.deleted_at is not None
    ):
        return ""
    words = " ".join(html.unescape(strip_tags(post.body_html)).split())
    return Truncator(words).chars(EXCERPT_CHARS)


# An attribute of the user object: annotated on the session's member, or remembered.
UNREAD_COUNT = "unread_notifications"


def unread_count_of_member():
    """The unread count as a figure of the member's own row (accounts.hooks): the menu shows
    it on every signed-in page, and as a query of its own it cost a round trip each (0.2 to
    0.4 ms on PostgreSQL). Read as the request starts; the views that mark some read say the
    new count (remember_unread_notification_count), and the others change none."""
    return Coalesce(Subquery(_counted_unread(OuterRef("pk")).values("n")), 0)


def _counted_unread(recipient_id):
    """A member's unread notifications, counted from the index alone: one row, or none."""
    unread = Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True)
    return unread.order_by().values("recipient_id").annotate(n=Count("pk"))


@prepared
def _unread_count(member_id):
    """For a user object read another way: its SQL is compiled once per process
    (core.prepared). One row with the count, or none."""
    return _counted_unread(member_id).values_list("n")


def unread_notification_count(user) -> int:
    """No query for the member behind a session: their count was read with their row
    (unread_count_of_member). Otherwise one (an index-only count), remembered on the user
    object for the rest of the request; none for visitors."""
    if not user.is_authenticated:
        return 0
    count = getattr(user, UNREAD_COUNT, None)
    if count is None:
        count = sum(n for (n,) in _unread_count.fetch(member_id=user.pk))
        remember_unread_notification_count(user, count)
    return count


def remember_unread_notification_count(user, count: int) -> None:
    """What unread_notification_count() answers for this user object from now on (a view
    that has just marked some read knows the new count without asking again)."""
    setattr(user, UNREAD_COUNT, max(0, count))
