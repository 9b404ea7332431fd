"""The daily pledge (issue 16, item 5): one thread a day in "Daily check-ins" — "Today I won't
reach out" — where members pledge with one tap, like r/stopdrinking's daily thread.

A separate row marks the day's thread (not Thread.seed_key, which names the team's prompts),
so the thread page finds it with the thread in one JOIN and other threads pay nothing."""

from django.conf import settings
from django.db import models

from core.loading import QuickLoad


class DailyPledge(QuickLoad, models.Model):
    """The day's pledge thread, made once a day by `manage.py open_daily_pledge`."""

    day = models.DateField(unique=True)  # the site's calendar (settings.TIME_ZONE)
    thread = models.OneToOneField(
        "forum.Thread", on_delete=models.CASCADE, related_name="daily_pledge"
    )
    created_at = models.DateTimeField()

    def __str__(self):
        return f"pledge {self.day}"


class Pledge(models.Model):
    """One member's pledge on one day. Their name is listed only if they chose to be seen;
    otherwise they are only counted. A line they add is a reply in the thread (screened and
    moderated like any post), not stored here."""

    daily = models.ForeignKey(DailyPledge, on_delete=models.CASCADE, related_name="pledges")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledges"
    )
    seen = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            # One tap counts once, however often it is tapped (the service catches the loser).
            models.UniqueConstraint(fields=["daily", "member"], name="forum_pledge_once_a_day"),
        ]
        indexes = [
            # The list of those seen, in the order they pledged.
            models.Index(fields=["daily", "seen", "created_at"], name="forum_pledge_seen_list"),
        ]

    def __str__(self):
        return f"{self.member_id} on {self.daily_id}"
