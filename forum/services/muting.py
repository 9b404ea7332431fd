"""What a member chooses not to see or hear: warning themes, muted threads and categories,
and ignoring a member for a while or for good (docs/mute-and-warnings.md)."""

import datetime

from django.db import transaction
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from forum import permissions
from forum.models import (
    Block,
    Category,
    CategoryMute,
    ContentWarning,
    Thread,
    ThreadMute,
    WarningChoice,
)
from forum.services.outcomes import ActionRefused

# How long an ignore lasts; None is for good (what "Block" always was).
IGNORE_FOR = {
    "day": datetime.timedelta(days=1),
    "week": datetime.timedelta(weeks=1),
    "month": datetime.timedelta(days=30),
    "good": None,
}


def set_warning_choices(*, member: User, choices: dict[str, str]) -> None:
    """Save how `member` wants each warning theme treated (fold, hide, show). Atomic;
    unknown themes are refused. Each saved row forgets the member's cached pages."""
    if not set(choices) <= set(ContentWarning.values):
        raise ActionRefused("That isn't one of the warning themes.")
    with transaction.atomic():
        for theme, action in choices.items():
            WarningChoice.objects.update_or_create(
                member=member, theme=theme, defaults={"action": action}
            )


def set_thread_muted(*, member: User, thread: Thread, muted: bool, now=None) -> None:
    """Mute (or unmute) a thread: no notifications from it, and it leaves the member's
    lists. Idempotent."""
    _set_muted(ThreadMute, member=member, muted=muted, now=now, thread=thread)


def set_category_muted(*, member: User, category: Category, muted: bool, now=None) -> None:
    """Mute (or unmute) a category: its threads leave the member's lists and do not notify
    them. Idempotent."""
    _set_muted(CategoryMute, member=member, muted=muted, now=now, category=category)


def _set_muted(model, *, member: User, muted: bool, now, **target) -> None:
    if muted:
        model.objects.get_or_create(
            member=member, **target, defaults={"created_at": now or timezone.now()}
        )
    else:
        model.objects.filter(member=member, **target).delete()
        page_cache.bump_member(member.pk)  # a DELETE: page_cache hears only saves


def ignore_member(*, member: User, ignored: User, period: str, now=None) -> Block:
    """Ignore a member for a day, a week, a month or for good ("good": the Block as it always
    was). A timed ignore ends by itself (Block.objects.active()); ignoring again replaces
    the end. Same rules as blocking (forum.permissions.can_block)."""
    now = now or timezone.now()
    if period not in IGNORE_FOR:
        raise ActionRefused("Choose how long to ignore them for.")
    if not permissions.can_block(member, ignored):
        raise ActionRefused("You can't block this member.")
    length = IGNORE_FOR[period]
    block, _ = Block.objects.update_or_create(
        blocker=member,
        blocked=ignored,
        defaults={"created_at": now, "until": now + length if length else None},
    )
    return block
