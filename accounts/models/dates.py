"""A member's risky dates: days they know will be hard (an anniversary, their birthday, a
holiday). Private: no page but the member's own reads them, and no one else is told."""

import datetime

from django.conf import settings
from django.db import models


class RiskyDate(models.Model):
    """A date the member marked, once or every year. The day before it, the member is
    reminded (on the site, and by email if they chose it); on the day, their home and streak
    pages lead with the SOS tools (accounts.streaks.dates)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risky_dates"
    )
    label = models.CharField(max_length=80)  # private, in the member's words
    on = models.DateField()
    repeats_yearly = models.BooleanField(default=True)
    email_reminder = models.BooleanField(default=False)
    # The occurrence (a date on the member's calendar) last reminded by email, so the hourly
    # command sends each reminder once however often it runs.
    emailed_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The member's list, in calendar order; and the reminder's per-member read.
            models.Index(fields=["member", "on"], name="accounts_risky_date_list"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.on}{' yearly' if self.repeats_yearly else ''}"

    def falls_on(self, day: datetime.date) -> bool:
        """Whether this date is on `day`. A yearly 29 February falls on the 28th in other
        years, so it is never skipped."""
        if not self.repeats_yearly:
            return self.on == day
        if (self.on.month, self.on.day) == (day.month, day.day):
            return True
        return (self.on.month, self.on.day) == (2, 29) and _is_feb_28_of_common_year(day)


def _is_feb_28_of_common_year(day: datetime.date) -> bool:
    return (day.month, day.day) == (2, 28) and (day + datetime.timedelta(days=1)).month == 3
