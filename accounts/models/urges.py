"""Urges ridden out (issue 16): each time a member, at the end of the SOS page, says "I held
on". Private to the member: counted on their own streak page and in their history, shown to
no one else (no profile, badge or card reads this table)."""

from django.conf import settings
from django.db import models

from accounts.models.streaks import Streak


class UrgeHeld(models.Model):
    """One urge to contact, ridden out. "I reached out" is not kept here: it goes to the
    "Something happened" step, which records the contact (and the reset) as before."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges_held"
    )
    held_at = models.DateTimeField()
    # The streak that was running (None: none was), so the history can say how many urges
    # each streak rode out.
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="urges_held"
    )

    class Meta:
        verbose_name = "urge held"
        verbose_name_plural = "urges held"
        indexes = [
            models.Index(fields=["member", "-held_at"], name="accounts_urge_held_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: urge held at {self.held_at:%Y-%m-%d %H:%M}"
