"""What a member has read and watches: read markers, watching a thread, reading notifications."""

from django.db import IntegrityError, transaction
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from forum.models import (
    Notification,
    Thread,
    ThreadRead,
    ThreadSubscription,
)


def mark_thread_read(
    *,
    member: User,
    thread: Thread,
    up_to: int,
    read: ThreadRead | None = None,
    unread_notifications: int | None = None,
    now=None,
) -> int:
    """Record that the member has read the thread up to post number `up_to` (never moving
    backwards). Pass the ThreadRead you already fetched, if any, to save a query; one write
    at most. Also marks the member's notifications about this thread as read, and returns
    how many it marked; pass `unread_notifications=0` when the member is known to have none
    unread, and that UPDATE is not sent (on SQLite even an UPDATE that changes no row takes
    the database's write lock: a signed-in reader would queue behind every writer)."""
    now = now or timezone.now()
    # Their cached pages show what they have read (pagecache): forgotten on a write.
    # An INSERT is heard by page_cache's post_save receiver; these UPDATEs are not.
    if read is None:
        try:
            with transaction.atomic():
                ThreadRead.objects.create(
                    member=member, thread=thread, last_read_post_number=up_to, last_read_at=now
                )
        except IntegrityError:
            if ThreadRead.objects.filter(
                member=member, thread=thread, last_read_post_number__lt=up_to
            ).update(last_read_post_number=up_to, last_read_at=now):
                page_cache.bump_member(member.pk)
    elif read.last_read_post_number < up_to:
        ThreadRead.objects.filter(pk=read.pk, last_read_post_number__lt=up_to).update(
            last_read_post_number=up_to, last_read_at=now
        )
        page_cache.bump_member(member.pk)
    if unread_notifications == 0:
        return 0
    marked = Notification.objects.filter(
        recipient=member, thread=thread, read_at__isnull=True
    ).update(read_at=now)
    if marked:
        page_cache.bump_member(member.pk)
    return marked


def set_watching(*, member: User, thread: Thread, watching: bool, now=None) -> None:
    """Start or stop watching a thread. Stopping is remembered, so posting in the thread
    later does not quietly start again."""
    now = now or timezone.now()
    ThreadSubscription.objects.update_or_create(
        member=member,
        thread=thread,
        defaults={"watching": watching},
        create_defaults={"watching": watching, "created_at": now},
    )


def mark_notifications_read(*, member: User, ids=None, now=None) -> int:
    """Mark the member's notifications read: these `ids`, or all of them. Returns how many."""
    now = now or timezone.now()
    notifications = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    page_cache.bump_member(member.pk)  # the menu's unread count on their cached pages
    return notifications.update(read_at=now)
