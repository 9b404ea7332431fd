"""Moderators' actions on threads: lock, unlock, pin, unpin, move to another category.
Each over the one skeleton in moderation/actions/base.py."""

from django.db.models import F
from django.db.models.functions import Greatest

import pagecache as page_cache
from forum import search_index
from forum import services as forum_services
from forum.models import Category, Post, Status, Thread
from moderation import permissions
from moderation.actions.base import Kind, moderator_action, thread_keys

_THREAD_FLAGS = {
    Kind.LOCK_THREAD: ({"locked": True}, "locked it"),
    Kind.UNLOCK_THREAD: ({"locked": False}, None),
    Kind.PIN_THREAD: ({"pinned": True}, None),
    Kind.UNPIN_THREAD: ({"pinned": False}, None),
}


def lock_thread(*, moderator, thread: Thread, reason: str = "", now=None) -> Thread:
    """Lock a thread: it takes no new replies. Resolves the thread's reports."""
    return _flag_thread(
        Kind.LOCK_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def unlock_thread(*, moderator, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(
        Kind.UNLOCK_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def pin_thread(*, moderator, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(Kind.PIN_THREAD, moderator=moderator, thread=thread, reason=reason, now=now)


def unpin_thread(*, moderator, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(
        Kind.UNPIN_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def _flag_thread(action, *, moderator, thread, reason, now) -> Thread:
    check = permissions.can_pin_thread if "pin" in action else permissions.can_lock_thread
    flags, outcome = _THREAD_FLAGS[action]
    with moderator_action(
        moderator=moderator, action=action, target=thread, reason=reason, now=now,
        allowed=check(moderator, thread), refusal="Only moderators can do that.",
    ) as act:  # fmt: skip
        forum_services.set_thread_flags(thread=thread, **flags)
        if outcome:
            act.resolve(thread_keys(thread), outcome)
    return thread


def move_thread(
    *, moderator, thread: Thread, category: Category, reason: str = "", now=None
) -> Thread:
    """Move a thread to another category, carrying its counts with it. Resolves the thread's
    reports. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.MOVE_THREAD, reason=reason, now=now,
        allowed=permissions.can_move_thread(moderator, thread),
        refusal="Only moderators can move threads.",
    ) as act:  # fmt: skip
        if category.pk == thread.category_id:
            raise act.refused("The thread is already in that category.")
        thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
        old = thread.category
        if thread.status == Status.PUBLISHED:
            # Category counters count visible posts (forum.services); the thread takes its
            # visible posts with it.
            posts = Post.objects.filter(
                thread=thread, status=Status.PUBLISHED, deleted_at__isnull=True
            ).exclude(number=None)
            visible = posts.count()
            Category.objects.filter(pk=old.pk).update(
                thread_count=Greatest(F("thread_count") - 1, 0),
                post_count=Greatest(F("post_count") - visible, 0),
            )
            Category.objects.filter(pk=category.pk).update(
                thread_count=F("thread_count") + 1,
                post_count=F("post_count") + visible,
                last_activity_at=Greatest(F("last_activity_at"), thread.last_activity_at),
            )
        thread.category = category
        thread.save(update_fields=["category"])
        search_index.sync_thread(thread.pk)  # the category's audience comes with it
        # Visitors' cached pages: both categories' lists (the "lists" scope holds every
        # thread list and search) and the thread's own pages (its breadcrumb).
        page_cache.bump_on_commit("lists", f"thread:{thread.pk}")
        act.target, act.before, act.after = thread, old.name, category.name
        act.resolve(thread_keys(thread), "moved it")
    return thread
