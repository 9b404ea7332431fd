"""One member blocking another: the blocker no longer hears from them."""

from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from forum import permissions
from forum.models import (
    Block,
)
from forum.services.outcomes import ActionRefused


def block_member(*, blocker: User, blocked: User, now=None) -> None:
    """Block a member: their posts fold away for the blocker, and their replies and
    @mentions no longer notify the blocker. Idempotent."""
    now = now or timezone.now()
    if not permissions.can_block(blocker, blocked):
        raise ActionRefused("You can't block this member.")
    # For good: an earlier timed ignore (even one that has ended) becomes this block.
    Block.objects.update_or_create(
        blocker=blocker, blocked=blocked, defaults={"created_at": now, "until": None}
    )


def unblock_member(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    page_cache.bump_member(blocker.pk, blocked.pk)  # a DELETE: page_cache hears only saves
