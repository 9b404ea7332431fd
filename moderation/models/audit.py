"""The audit log (ModerationAction, append-only) and the warnings moderators give members."""

from django.conf import settings
from django.db import models
from django.db.models import Q


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
        UPHOLD_APPEAL = "uphold_appeal", "Kept a decision on appeal"
        OVERTURN_APPEAL = "overturn_appeal", "Overturned a decision on appeal"
        REVEAL_ANONYMOUS_AUTHOR = "reveal_author", "Looked who wrote an anonymous post"

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
