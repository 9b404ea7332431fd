"""Posts, their earlier versions and the reactions to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.loading import QuickLoad
from forum.models.anonymity import alias_name
from forum.models.choices import Status

POSTS_PER_PAGE = 20


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, deleted_at__isnull=True)

    def numbered(self):
        """Posts that hold a place in the thread (published, hidden or removed). Pending
        posts get their number when a moderator lets them through."""
        return self.filter(number__isnull=False)

    def for_display(self):
        return self.select_related("author", "reply_to__author")


class Post(QuickLoad, models.Model):
    # By name: forum.models.threads imports this module (its QuerySet asks about posts).
    thread = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="posts")
    # Null when the author's account is gone: shown as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    body = models.TextField(max_length=20_000)  # Markdown, as the member wrote it
    body_html = models.TextField(editable=False)  # render_markdown(body), once, at save
    body_text = models.TextField(editable=False, default="")  # plain_text(body), for search
    # The thread's title on its opening post, empty on replies: one search index then covers
    # titles and posts without a join (forum.search).
    search_title = models.CharField(max_length=150, blank=True, editable=False)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # Place in the thread, 1 for the opening post; /p/<id>/ computes its page from this
    # without counting rows. Null while the post waits for a moderator.
    number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = models.TextField(blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Soft delete by the author: the post keeps its place and reads "removed by author".
    deleted_by_author = models.BooleanField(default=False)
    helped_count = models.PositiveIntegerField(default=0, editable=False)
    strength_count = models.PositiveIntegerField(default=0, editable=False)
    # Screening found crisis language in it, or someone reported it as a crisis or as
    # "I'm worried about them": it is answered gently (no reactions, no Block under it, a
    # note to peers) and its words never leave the site by email or digest.
    crisis_flagged = models.BooleanField(default=False, editable=False)
    # The author's content warning (forum.models.muting.ContentWarning), empty for none; the
    # note holds their own words for OWN_WORDS. Folded until tapped (forum.content_warnings).
    content_warning = models.CharField(max_length=12, blank=True, default="")
    content_warning_note = models.CharField(max_length=80, blank=True, default="")
    # Written as "Anonymous member <n>" (forum.models.anonymity): the thread's alias number,
    # null for a post under the author's name. Readers see only this number.
    anonymous_alias = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "number"],
                condition=Q(number__isnull=False),
                name="forum_post_unique_number",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="forum_post_author_recent"),
            models.Index(
                fields=["-created_at"], name="forum_post_pending", condition=Q(status="pending")
            ),
            # The opening posts under each content warning: which threads a member who hides
            # a theme never sees in a list (forum.selectors.muting), without reading a post.
            models.Index(
                fields=["content_warning", "thread"],
                name="forum_post_opening_warning",
                condition=Q(number=1),
            ),
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self):
        return reverse("forum:post_redirect", kwargs={"pk": self.pk})

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def anonymous_name(self) -> str:
        """ "Anonymous member 3" for an anonymous post, "" otherwise."""
        return alias_name(self.anonymous_alias) if self.anonymous_alias is not None else ""

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.status == Status.HIDDEN

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1 if self.number else 1


class PostRevision(models.Model):
    """The body of a post as it was before an edit: the edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    # The thread's title before the edit, when the edit changed it (opening posts only).
    title = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["post", "-created_at"], name="forum_revision_post")]

    def __str__(self):
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HELPED = "helped", "This helped"
        STRENGTH = "strength", "Sending strength"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="forum_reaction_once_per_kind"
            )
        ]
        indexes = [models.Index(fields=["member", "post"], name="forum_reaction_member_post")]

    def __str__(self):
        return f"{self.member_id} {self.kind} {self.post_id}"
