"""A line to the moderators (docs/modmail.md): a member's private conversation with the
moderator team, appeals against moderators' decisions, and the moderators' notes on members.

A conversation is between one member and the team, never between members: moderators
answer as "the moderators" (the member never learns which one); the author of each reply
is kept for the other moderators. An appeal is tied to one entry of the audit log, so a
decision is appealed once; a moderator other than the one who took it decides
(moderation.permissions.can_decide_appeal). Staff notes are for moderators' eyes only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from moderation.models.audit import ModerationAction


class ModmailConversationQuerySet(models.QuerySet):
    def for_queue(self):
        """The moderators' queue: those waiting for the team first, oldest wait first."""
        return self.select_related("member").order_by(
            "-waiting_on_moderators", "last_message_at", "pk"
        )

    def of_member(self, member):
        return self.filter(member=member).order_by("-last_message_at", "-pk")


class ModmailConversation(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="modmail_conversations"
    )
    subject = models.CharField(max_length=120)
    # True after the member writes, False after the moderators answer: the queue's order.
    waiting_on_moderators = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()

    objects = ModmailConversationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["member", "-last_message_at"], name="modmail_of_member"),
            models.Index(
                fields=["-waiting_on_moderators", "last_message_at"], name="modmail_queue"
            ),
        ]

    def __str__(self):
        return f"Modmail {self.pk}: {self.subject}"


class ModmailMessage(models.Model):
    conversation = models.ForeignKey(
        ModmailConversation, on_delete=models.CASCADE, related_name="messages"
    )
    # The member whose conversation it is (denormalised: the page cache's `members` column).
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Who wrote it: the member, or the moderator who answered for the team (shown only to
    # moderators). Null once a moderator's account is gone: still "the moderators".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_moderators = models.BooleanField(default=False)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="modmail_messages")]

    def __str__(self):
        return f"Message {self.pk} in modmail {self.conversation_id}"


class Appeal(models.Model):
    """A member's appeal against one moderator decision (one audit-log entry), once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        UPHELD = "upheld", "Decision kept"
        OVERTURNED = "overturned", "Decision overturned"

    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="appeal")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(max_length=3000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"], name="appeal_queue"),
            models.Index(fields=["member", "-created_at"], name="appeal_of_member"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="appeal_decided_has_time",
            )
        ]

    def __str__(self):
        return f"Appeal {self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class StaffNote(models.Model):
    """A moderator's note about a member, shown to moderators beside the member's posts."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=1000)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "-created_at"], name="staff_notes_of_member")]

    def __str__(self):
        return f"Staff note {self.pk} on {self.member_id}"
