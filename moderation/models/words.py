"""Watched words, members' private lists of names, and why screening held a post."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


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
