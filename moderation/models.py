"""Moderation's data: reports, the audit log, warnings, watched words and members' private
lists of names to watch for.

Every change goes through moderation.actions, which writes the audit row (ModerationAction)
in the same transaction as the change. Reads live on the QuerySets below and in
moderation.selectors; who may do what lives in moderation.permissions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


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


class ModerationActionQuerySet(models.QuerySet):
    """The audit log is append-only: no bulk changes either."""

    def update(self, **kwargs):
        raise ModerationAction.AppendOnly("The audit log cannot be changed.")

    def delete(self):
        raise ModerationAction.AppendOnly("The audit log cannot be deleted from.")

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class ModerationAction(models.Model):
    """One entry in the audit log: who did what, to what, when and why. Written by
    moderation.actions in the same transaction as the action; never changed afterwards."""

    class AppendOnly(Exception):
        pass

    class Kind(models.TextChoices):
        DISMISS = "dismiss", "Dismissed reports"
        HIDE_POST = "hide_post", "Hid a post"
        AUTO_HIDE_POST = "auto_hide_post", "Hid a post after reports (automatic)"
        UNHIDE_POST = "unhide_post", "Restored a hidden post"
        EDIT_POST = "edit_post", "Edited a post"
        APPROVE_POST = "approve_post", "Approved a held post"
        REJECT_POST = "reject_post", "Rejected a held post"
        LOCK_THREAD = "lock_thread", "Locked a thread"
        UNLOCK_THREAD = "unlock_thread", "Unlocked a thread"
        PIN_THREAD = "pin_thread", "Pinned a thread"
        UNPIN_THREAD = "unpin_thread", "Unpinned a thread"
        MOVE_THREAD = "move_thread", "Moved a thread"
        WARN_MEMBER = "warn_member", "Warned a member"
        SILENCE_MEMBER = "silence_member", "Silenced a member"
        SUSPEND_MEMBER = "suspend_member", "Suspended a member"
        ADD_WATCHED_WORD = "add_watched_word", "Added a watched word"
        CHANGE_WATCHED_WORD = "change_watched_word", "Changed a watched word"
        REMOVE_WATCHED_WORD = "remove_watched_word", "Removed a watched word"
        LIFT_SILENCE = "lift_silence", "Lifted a silence early"
        LIFT_SUSPENSION = "lift_suspension", "Lifted a suspension early"
        GRANT_GUIDE = "grant_guide", "Made a member a guide"
        REVOKE_GUIDE = "revoke_guide", "Ended a member's guide role"
        CARING_MESSAGE = "caring_message", "Sent a caring message"
        ACKNOWLEDGE_CARE = "acknowledge_care", "Took on a care item (“I'm on it”)"

    class TargetType(models.TextChoices):
        POST = "post", "Post"
        THREAD = "thread", "Thread"
        MEMBER = "member", "Member"
        WATCHED_WORD = "watched_word", "Watched word"

    # Null for automatic actions (a post hidden after reports).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_taken",
    )
    action = models.CharField(max_length=30, choices=Kind.choices)
    # A generic target that outlives what it names: type, id and a snapshot in words.
    target_type = models.CharField(max_length=20, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    target_text = models.CharField(max_length=300)
    # The member the action concerns (the author of a post, the member warned), for the
    # log's "member" filter and the queue's history of prior actions.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_received",
    )
    reason = models.TextField(blank=True)
    # For edits (a post's text) and changes (a watched word, a thread's category).
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    created_at = models.DateTimeField()

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="moderation_action_log"),
            models.Index(fields=["moderator", "-created_at"], name="moderation_action_by"),
            models.Index(fields=["member", "-created_at"], name="moderation_action_member"),
            models.Index(fields=["action", "-created_at"], name="moderation_action_kind"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_text}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.AppendOnly("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.AppendOnly("The audit log cannot be deleted from.")

    @property
    def is_automatic(self) -> bool:
        # From the kind of action, never from a missing moderator: a moderator who deletes
        # their account leaves their actions with no moderator, and those were a person's.
        return self.action == self.Kind.AUTO_HIDE_POST


class MemberWarning(models.Model):
    """A moderator's message that the member must acknowledge; shown on every page until
    they do (moderation.templatetags.moderation_tags, from the cache)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_warnings"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["member", "created_at"],
                name="moderation_warning_pending",
                condition=Q(acknowledged_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"Warning to {self.member_id} at {self.created_at:%Y-%m-%d}"


class WatchedWord(models.Model):
    """A word or phrase moderators watch for, and what happens to a post containing it."""

    class Action(models.TextChoices):
        # The values are moderation.screening.Action.
        BLOCK = "block", "Block — the post is refused, with a message"
        HOLD = "hold", "Hold — the post waits for a moderator"
        FLAG = "flag", "Flag — the post is published and reported"

    phrase = models.CharField(max_length=100)
    # fold_for_matching(phrase): two spellings of one phrase are one watched word.
    folded = models.CharField(max_length=300, unique=True, editable=False)
    action = models.CharField(max_length=10, choices=Action.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["folded"]

    def __str__(self):
        return f"{self.phrase} ({self.action})"


class ExName(models.Model):
    """A name or handle a member asked us to watch for in their own posts (their ex's).
    Private: only the member sees the list; screening reads it when they post."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ex_names"
    )
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="moderation_exname_once"),
        ]
        indexes = [models.Index(fields=["owner", "created_at"], name="moderation_exname_owner")]

    def __str__(self):
        return f"A name watched for member {self.owner_id}"


class HeldPost(models.Model):
    """Why screening held a post, kept for the approval queue (the forum's post only knows
    that it is pending). Written when forum.signals.post_held is heard."""

    post = models.OneToOneField("forum.Post", on_delete=models.CASCADE, related_name="hold")
    reasons = models.JSONField(default=list)
    held_at = models.DateTimeField()

    def __str__(self):
        return f"Hold on post {self.post_id}"


# --- Care (moderation.care) ------------------------------------------------------------------


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
