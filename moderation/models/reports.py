"""Reports: what members (and the site itself) report, the queue each reason goes to, and
its priority."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Reason(models.TextChoices):
    """Why a member reports something, in the member's words."""

    HARASSMENT = "harassment", "Harassment or bullying"
    MANIPULATION = "manipulation", "Manipulation or unhealthy advice"
    CRISIS = "crisis", "Self-harm or crisis"
    # Not a complaint: someone cares. It goes to the care queue and sends the member a
    # private check-in (moderation.care), never naming who asked.
    WORRIED = "worried", "I'm worried about them"
    DOXXING = "doxxing", "Private information about someone (doxxing)"
    SPAM = "spam", "Spam"
    OTHER = "other", "Something else"


# Lower comes first in a queue. Crisis reports have their own queue, so a person in danger
# is never behind spam; within the rules queue, harm to people comes before nuisance.
PRIORITY = {
    Reason.CRISIS: 0,
    Reason.WORRIED: 1,
    Reason.DOXXING: 1,
    Reason.HARASSMENT: 1,
    Reason.MANIPULATION: 2,
    Reason.OTHER: 3,
    Reason.SPAM: 4,
}


class Queue(models.TextChoices):
    CARE = "care", "Care"
    RULES = "rules", "Rules"


CARE_REASONS = frozenset({Reason.CRISIS, Reason.WORRIED})


def queue_for(reason: str) -> str:
    return Queue.CARE if reason in CARE_REASONS else Queue.RULES


class TargetKind(models.TextChoices):
    POST = "post", "Post"
    THREAD = "thread", "Thread"
    MEMBER = "member", "Member"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)

    def on(self, target_key: str):
        return self.filter(target_key=target_key)


class Report(models.Model):
    """One person's (or the system's) report about a post, a thread or a member."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    class Source(models.TextChoices):
        MEMBER = "member", "A member"
        CRISIS = "crisis", "Crisis detection"
        WATCHED_WORD = "watched_word", "A watched word"
        HARASSMENT = "harassment", "Harassment detection (“kys”)"

    # Null for automatic reports (crisis detection, flagged watched words).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MEMBER)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(max_length=1000, blank=True)
    queue = models.CharField(max_length=10, choices=Queue.choices, editable=False)
    priority = models.PositiveSmallIntegerField(editable=False)
    # What is reported: exactly one of post, thread, member (see the constraint), and
    # `target_key` ("post:12") naming it in one column, for grouping and uniqueness.
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_key = models.CharField(max_length=40, editable=False)
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports_about",
    )
    # Whose words or conduct this is about (the post's or thread's author, or the member):
    # the queue shows their history.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether this report counts towards hiding a post automatically: only reports by
    # established members do, decided when the report is made.
    counts_towards_hiding = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the moderator did, in words the reporter can read ("hid the post").
    outcome = models.CharField(max_length=200, blank=True)
    # The crisis clock (care-queue reports): the moderator who said "I'm on it", and when.
    # Shown to the other moderators; the dashboard measures how soon it comes.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_key"],
                condition=Q(status="open", reporter__isnull=False),
                name="moderation_report_one_open_per_member",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        target_kind="post",
                        post__isnull=False,
                        thread__isnull=True,
                        member__isnull=True,
                    )
                    | Q(
                        target_kind="thread",
                        post__isnull=True,
                        thread__isnull=False,
                        member__isnull=True,
                    )
                    | Q(
                        target_kind="member",
                        post__isnull=True,
                        thread__isnull=True,
                        member__isnull=False,
                    )
                ),
                name="moderation_report_one_target",
            ),
            # The site files automatic reports in no one's name; a member's report may lose
            # its reporter only when they delete their account.
            models.CheckConstraint(
                condition=Q(source="member") | Q(reporter__isnull=True),
                name="moderation_report_automatic_has_no_reporter",
            ),
        ]
        indexes = [
            # The queues: open reports by queue, priority, age.
            models.Index(
                fields=["queue", "priority", "created_at"],
                name="moderation_report_queue",
                condition=Q(status="open"),
            ),
            models.Index(fields=["target_key", "status"], name="moderation_report_target"),
            models.Index(fields=["-resolved_at"], name="moderation_report_resolved"),
            # The crisis clock and the dashboard's care figures: care items by age.
            models.Index(fields=["queue", "created_at"], name="moderation_report_care_age"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on {self.target_key}"

    @property
    def is_automatic(self) -> bool:
        # From the stored source, never from a missing reporter: a member who deletes their
        # account leaves the reports they filed with no reporter, and those are still a
        # person's reports ("a former member"), not the site's.
        return self.source != self.Source.MEMBER
