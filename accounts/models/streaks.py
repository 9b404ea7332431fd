"""A member's streak and what they keep beside it: contact events, check-ins, milestones,
reasons and unsent messages."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.streaks import counting
from core.loading import QuickLoad

# --- The streak --------------------------------------------------------------------------
# Written only by accounts.services; read through accounts.selectors. Notes, reflections,
# reasons and unsent messages are private: no page but the member's own ever reads them.


class Streak(QuickLoad, models.Model):
    """A stretch of no contact, from `started_on` to `ended_on` (open while null), both dates
    on the member's own calendar. Ended streaks are kept: they are the member's history."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="streaks"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # Whole days the streak lasted, written when it ends, so history and totals never
    # recount dates (and the badge selector can Sum/Max it in SQL on both databases).
    length_days = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Started before the account existed: the member tells us, we cannot have seen it.
    self_reported = models.BooleanField(default=False)
    reflection = models.TextField(max_length=5000, blank=True)  # private
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two "start" clicks racing each other cannot open two streaks.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="accounts_one_open_streak_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="accounts_streak_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, length_days__isnull=True)
                | Q(ended_on__isnull=False, length_days__isnull=False),
                name="accounts_streak_length_when_ended",
            ),
        ]
        indexes = [
            # The history, newest first.
            models.Index(fields=["member", "-started_on"], name="accounts_streak_history"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.started_on} – {self.ended_on or 'now'}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def days_on(self, today: datetime.date) -> int:
        """Whole days this streak lasted, or has lasted by `today` (the member's date)."""
        if self.length_days is not None:
            return self.length_days
        return counting.days_between(self.started_on, today)


class ContactEvent(models.Model):
    class Kind(models.TextChoices):
        I_REACHED_OUT = "i_reached_out", "I reached out"
        I_REPLIED = "i_replied", "I replied"
        THEY_REACHED_OUT = (
            "they_reached_out_no_reply",
            "They reached out and I did not answer",
        )
        LOGISTICS = "logistics", "Necessary logistics (co-parenting, a lease, …)"
        # Issue 16: checking an ex's profile predicts more distress (Marshall 2012). Worth
        # noticing and counting; it never resets the streak.
        LOOKED = "looked_at_profile", "I looked at their profile or photos"

    # Only the member's own contact ends a streak; being contacted, or contact one cannot
    # avoid, is kept in the history and never resets anything.
    ENDS_STREAK = frozenset({Kind.I_REACHED_OUT, Kind.I_REPLIED})

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    note = models.TextField(max_length=5000, blank=True)  # private
    # The streak that was open when it happened (and that it ended, for the first two kinds).
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_events"
    )

    class Meta:
        indexes = [
            models.Index(fields=["member", "-occurred_at"], name="accounts_contact_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def ends_streak(self) -> bool:
        return self.kind in self.ENDS_STREAK


class CheckIn(models.Model):
    """One a day per member, on the member's own calendar."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (low) to 5 (good)
    note = models.TextField(max_length=5000, blank=True)  # private
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Two check-ins at the same moment count once (the service catches the loser).
            # Its index also serves the member's check-ins newest first.
            models.UniqueConstraint(fields=["member", "day"], name="accounts_one_check_in_a_day"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="accounts_check_in_mood_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.day}"


class MilestoneAward(models.Model):
    """A milestone badge, earned once and kept after any reset."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_awards"
    )
    days = models.PositiveSmallIntegerField(choices=[(d, f"{d}") for d in counting.MILESTONES])
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    awarded_at = models.DateTimeField()
    # When the member first saw the milestone's moment on their streak page (null: not yet).
    # The page shows the highest unseen award once, as a celebration, then marks them seen.
    seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            # Once each; its index serves the member's badges in order of days.
            models.UniqueConstraint(fields=["member", "days"], name="accounts_milestone_once"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.days} days"


# --- "Urge to contact" (SOS): private to the member, shown to no one else ------------------


class UrgeReason(models.Model):
    """One of the member's own reasons for no contact, read when the urge comes."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urge_reasons"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "position"], name="accounts_reason_order")]

    def __str__(self):
        return f"{self.member_id}: reason {self.pk}"


class UnsentMessage(models.Model):
    """Words written to the other person and never sent: saved for the member only."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unsent_messages"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["member", "-created_at"], name="accounts_unsent_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: unsent {self.pk}"
