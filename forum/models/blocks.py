"""One member blocking another."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Block(models.Model):
    """One member blocking another: the blocker stops seeing the blocked member's posts
    (collapsed), notifications and mentions from them. It lives in forum because every
    surface it changes is a forum surface."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="forum_block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="forum_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"
