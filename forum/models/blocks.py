"""One member blocking another."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class BlockQuerySet(models.QuerySet):
    def active(self, now=None):
        """Blocks in force: for good (no end), or ignoring until a time still to come. A
        timed ignore ends by itself: every read asks this, so nothing has to delete it."""
        return self.filter(Q(until__isnull=True) | Q(until__gt=now or timezone.now()))


def in_force(until, now=None) -> bool:
    """active()'s rule for one block's `until`, for rows already read."""
    return until is None or until > (now or timezone.now())


class Block(models.Model):
    """One member blocking (ignoring) another: the blocker stops seeing the blocked member's
    posts (collapsed), notifications and mentions from them. "For good" when `until` is
    empty; otherwise an ignore for a day, a week or a month. It lives in forum because every
    surface it changes is a forum surface."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)  # empty: for good

    objects = BlockQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="forum_block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="forum_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"
