"""What a member has read, watches and is told: read markers, subscriptions, notifications
and the window that batches a thread's emails."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from forum.models.posts import Post
from forum.models.threads import Thread


class ThreadRead(models.Model):
    """How far a member has read a thread: the highest post number they have seen."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_reads"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_post_number = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="forum_read_once")]

    def __str__(self):
        return f"{self.member_id} read {self.thread_id} to {self.last_read_post_number}"


class ThreadSubscription(models.Model):
    """A member watching a thread. `watching=False` remembers an explicit "stop watching",
    so posting in the thread again does not quietly re-subscribe them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    watching = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="forum_subscription_once")
        ]
        indexes = [models.Index(fields=["thread", "watching"], name="forum_subscription_thread")]

    def __str__(self):
        return f"{self.member_id} {'watches' if self.watching else 'ignores'} {self.thread_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "New reply in a thread you watch"
        REPLY_TO_POST = "reply_to_post", "Reply to your post"
        MENTION = "mention", "Mentioned you"
        # Reactions to the recipient's post, grouped: one unread row per post and reaction
        # kind, counting the people (forum.services.toggle_reaction), never emailed.
        REACTION = "reaction", "Reactions to your post"
        # The moderation app adds kinds of its own; max_length leaves room for them.
        MODERATION = "moderation", "A note from the moderators"
        # To guides and moderators: a first post waiting for a reply, a crisis item.
        CARE_ALERT = "care_alert", "Someone needs a reply"
        # To a member: a check-in or a caring message (never naming who asked for it).
        CARE_MESSAGE = "care_message", "A message of care from Holdfast"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    # Free text for kinds that carry a message of their own (moderation notes).
    message = models.TextField(blank=True)
    # For REACTION: which reaction (Reaction.Kind), and how many people gave it since the
    # recipient last read this notification ("3 people sent strength"); `actor` is the latest.
    reaction_kind = models.CharField(max_length=10, blank=True)
    actor_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="forum_notification_inbox"
            )
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def who(self) -> str:
        """Who the notification is from, as its reader may see it: the actor's name, an
        anonymous post's alias (its actor is left empty: forum.services.anonymity), or "A
        former member". Notifications without a post (the moderators' line) have no alias."""
        if self.actor_id:
            return self.actor.public_name
        post = self.post if self.post_id else None
        return (post.anonymous_name if post else "") or "A former member"


class ThreadEmailWindow(models.Model):
    """When a member was last emailed about a thread (forum.emails), so that quick replies
    make one email, not eleven: at most one per thread per member per
    HOLDFAST_NOTIFY_COALESCE_MINUTES. `waiting_since` marks notifications held back by the
    window; the next run of care_tick sends them as one email once the window has passed."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField()
    # The newest notification that email covered: what waits is what came after it (ids only
    # grow, where two replies' clocks may interleave).
    last_notification_id = models.PositiveBigIntegerField(default=0)
    waiting_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="forum_email_window_once")
        ]
        indexes = [
            models.Index(
                fields=["last_sent_at"],
                name="forum_email_window_waiting",
                condition=Q(waiting_since__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.member_id} emailed about {self.thread_id} at {self.last_sent_at}"
