"""Care (moderation.care): caring messages and check-ins to members, and the alerts that
call guides and moderators."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from moderation.models.reports import Report


class CareMessage(models.Model):
    """A private, kind message to a member: a check-in after someone said they were worried
    about them (no sender: it never names who asked), or a moderator's caring message. Kept
    as the member's care history, shown on the care queue. Not a warning: nothing to
    acknowledge, nothing counted against them."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", "Check-in (someone was worried)"
        CARING = "caring", "Caring message from a moderator"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_messages"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The moderator who wrote a caring message; null for check-ins (sent by the site).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The member's care history, and "one check-in a day".
            models.Index(fields=["member", "kind", "-created_at"], name="moderation_care_history"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.member_id} at {self.created_at:%Y-%m-%d}"


class CareAlert(models.Model):
    """One round of calling for care, recorded so that care_tick calls each round once
    however often it runs: the net's rounds for a thread waiting for a first reply, and
    the crisis clock's rounds for a care report."""

    class Round(models.TextChoices):
        FIRST_REPLY_ON_SHIFT = "first_reply_on_shift", "First reply: guides on shift"
        FIRST_REPLY_WIDER = "first_reply_wider", "First reply: every guide and moderator"
        CRISIS_ON_CALL = "crisis_on_call", "Crisis: moderators on call"
        CRISIS_ESCALATED = "crisis_escalated", "Crisis: every moderator"

    round = models.CharField(max_length=30, choices=Round.choices)
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="care_alerts"
    )
    recipients = models.JSONField(default=list)  # member ids called in this round
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "thread"],
                condition=Q(thread__isnull=False),
                name="moderation_care_alert_thread_once",
            ),
            models.UniqueConstraint(
                fields=["round", "report"],
                condition=Q(report__isnull=False),
                name="moderation_care_alert_report_once",
            ),
        ]

    def __str__(self):
        return f"{self.round} at {self.sent_at:%Y-%m-%d %H:%M}"
