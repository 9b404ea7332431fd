"""A member's milestone, told in the forum if they chose to (forum/celebrations.py)."""

from django.conf import settings
from django.db import models

from forum.models.posts import Post
from forum.models.threads import Thread


class Celebration(models.Model):
    """A milestone a member chose to celebrate in "Daily check-ins" (forum/celebrations.py),
    and the post that celebrates it. One per member and milestone, which is what makes the
    celebration idempotent; a member's later milestones join the thread of their latest."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="celebrations"
    )
    days = models.PositiveSmallIntegerField()
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "days"], name="forum_celebrate_once"),
        ]
        indexes = [
            # The member's latest celebration thread.
            models.Index(fields=["member", "-created_at"], name="forum_celebration_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.days} days"
