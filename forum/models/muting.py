"""What a member chooses not to see: content-warning themes to fold or hide, and muted
threads and categories (docs/mute-and-warnings.md). Ignoring a member is forum.Block with
an end (`Block.until`)."""

from django.conf import settings
from django.db import models


class ContentWarning(models.TextChoices):
    """The themes an author can mark a post with. OWN_WORDS carries the author's own short
    note (Post.content_warning_note); members choose for it as for any other theme."""

    INFIDELITY = "infidelity", "Infidelity"
    ABUSE = "abuse", "Abuse"
    SELF_HARM = "self_harm", "Self-harm"
    SEXUAL = "sexual", "Sexual content"
    OWN_WORDS = "own_words", "The author's own words"


class WarningChoice(models.Model):
    """How one member wants one theme treated. No row means FOLD: every warned post is
    folded until tapped, for visitors too."""

    class Action(models.TextChoices):
        FOLD = "fold", "Fold it until I tap"
        HIDE = "hide", "Hide it everywhere"
        SHOW = "show", "Show it unfolded"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warning_choices"
    )
    theme = models.CharField(max_length=12, choices=ContentWarning.choices)
    action = models.CharField(max_length=4, choices=Action.choices, default=Action.FOLD)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "theme"], name="forum_warning_choice_once")
        ]

    def __str__(self):
        return f"{self.member_id}: {self.theme} {self.action}"


class ThreadMute(models.Model):
    """A member muted a thread: no notifications from it, and it leaves their lists."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_mutes"
    )
    thread = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="forum_thread_mute_once")
        ]

    def __str__(self):
        return f"{self.member_id} mutes thread {self.thread_id}"


class CategoryMute(models.Model):
    """A member muted a category: its threads leave their lists and do not notify them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="category_mutes"
    )
    category = models.ForeignKey("Category", on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="forum_category_mute_once")
        ]

    def __str__(self):
        return f"{self.member_id} mutes category {self.category_id}"
