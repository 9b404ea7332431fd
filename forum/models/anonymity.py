"""Anonymous posting (issue #15 item 2): who hides behind which alias in a thread.

A post written as "Anonymous member" keeps its real author (`Post.author`): screening, rate
limits, blocks, sanctions and care all act on the real account. What a reader sees is the
alias number stored on the post (`Post.anonymous_alias`), so no page needs this table; it
exists so a member keeps one alias per thread ("Anonymous member 3" stays 3), and only the
forum's services read it. Moderators learn who it is through forum.services.anonymity,
which logs each look in the moderation audit log (through forum.hooks)."""

from django.conf import settings
from django.db import models


class AnonymousAlias(models.Model):
    thread = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="aliases")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_aliases"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="forum_alias_once"),
            models.UniqueConstraint(fields=["thread", "number"], name="forum_alias_number"),
        ]

    def __str__(self):
        return f"Anonymous member {self.number} in {self.thread_id}"


def alias_name(number: int | None) -> str:
    return f"Anonymous member {number}" if number else "Anonymous member"
