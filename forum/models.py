"""The forum's data: categories, threads, posts and what members do with them.

Counters (thread and post counts, reply counts, reaction counts, a member's post count) are
denormalised and kept by forum.services in the same transaction as the change they count, so
no page ever counts rows. Markdown is rendered once, at save time, into `Post.body_html`.

Reads live on the QuerySets below (`Thread.objects.visible_to(user).for_listing()`) and in
forum.selectors; who may do what lives in forum.permissions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from accounts import roles

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25


class Colour(models.TextChoices):
    # A fixed palette, drawn by CSS classes (`category-colour-<value>`): our CSP forbids
    # inline styles, and a palette keeps every colour readable on white.
    TEAL = "teal", "Teal"
    BLUE = "blue", "Blue"
    PLUM = "plum", "Plum"
    AMBER = "amber", "Amber"
    ROSE = "rose", "Rose"
    SLATE = "slate", "Slate"
    GREEN = "green", "Green"


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    # Screening held it: only its author and moderators see it until a moderator decides.
    PENDING = "pending", "Waiting for a moderator"
    # A moderator hid it, or enough reports hid it automatically.
    HIDDEN = "hidden", "Hidden by a moderator"


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated:
            return self
        return self.filter(members_only=False)

    def in_order(self):
        return self.order_by("position", "name")


class Category(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    colour = models.CharField(max_length=10, choices=Colour.choices, default=Colour.TEAL)
    position = models.PositiveSmallIntegerField(default=0)
    # Members-only categories are hidden from visitors, search engines, search and feeds.
    members_only = models.BooleanField(default=False)
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        indexes = [models.Index(fields=["position", "name"], name="forum_category_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category_detail", kwargs={"slug": self.slug})


# A thread `manage.py seed_forum` wrote (forum.seed_content) carries a stable key.
_PROMPT = ~Q(seed_key="")


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Threads the user may open: published ones in categories they may read, plus, for
        their author, their own threads still waiting for a moderator. Moderators see all."""
        threads = self if user.is_authenticated else self.filter(category__members_only=False)
        if roles.is_moderator(user):
            return threads
        if user.is_authenticated:
            return threads.filter(
                Q(status=Status.PUBLISHED) | Q(status=Status.PENDING, author_id=user.pk)
            )
        return threads.filter(status=Status.PUBLISHED)

    def listed(self):
        """Threads that belong in lists: published only (a member's own pending thread is
        reachable from their post, but is not advertised in lists)."""
        return self.filter(status=Status.PUBLISHED)

    def for_listing(self):
        """With what a thread list shows, and only that: the last post's text and the
        members' other columns cost a category page a quarter of its query time."""
        names = ("username", "display_name")
        return self.select_related("category", "author", "last_post__author").only(
            *(f.name for f in self.model._meta.concrete_fields),
            *(f"author__{name}" for name in names),
            "last_post__number",
            "last_post__author",
            *(f"last_post__author__{name}" for name in names),
        )

    def pinned_first(self):
        return self.order_by("-pinned", "-last_activity_at", "-pk")

    def latest(self):
        return self.order_by("-last_activity_at", "-pk")

    def unanswered(self):
        # Pinned threads (guidelines, announcements) are not waiting for an answer, and
        # neither are the team's prompts: they are invitations, not someone asking.
        return (
            self.filter(reply_count=0, pinned=False).exclude(_PROMPT).order_by("-created_at", "-pk")
        )

    def prompts(self):
        """The starting topics `manage.py seed_forum` wrote as the Holdfast team (marked by
        their seed key), in the article's order."""
        return self.filter(_PROMPT, pinned=False).order_by("seed_key")

    def without_quiet_prompts(self):
        """Everything but the team's prompts nobody has answered yet: a new site's lists
        would otherwise open on nineteen of them. A prompt joins once members talk in it."""
        return self.exclude(_PROMPT, reply_count=0)

    def not_prompts(self):
        """Everything but the team's seeded prompts (and guidelines): invitations to talk,
        not someone waiting for an answer."""
        return self.exclude(_PROMPT)

    def awaiting_first_reply(self):
        """Published threads whose opening post has no published reply from anyone but its
        author (a member adding to their own thread is still waiting), oldest first: the
        longest wait is the first to meet. The home page's "waiting" list, the guides' queue
        and the care net all read it. Not the team's prompts, pinned or locked threads (nobody
        can or need answer those), nor threads whose author has left. One query, whatever the
        number of posts: the "no reply from another" test is a NOT EXISTS on the posts'
        thread index."""
        from_others = Post.objects.filter(
            thread=models.OuterRef("pk"),
            number__gt=1,
            status=Status.PUBLISHED,
            deleted_at__isnull=True,
        ).exclude(author_id=models.OuterRef("author_id"))
        return (
            self.filter(status=Status.PUBLISHED, pinned=False, locked=False)
            .filter(author__isnull=False)
            .not_prompts()
            .exclude(models.Exists(from_others))
            .order_by("created_at", "pk")
        )


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    # Null when the author's account is gone: shown as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    # Published posts after the first; the first post is the thread's opening, not a reply.
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    # Flushed from the cache in batches (forum.view_counts), never written on a GET.
    view_count = models.PositiveIntegerField(default=0, editable=False)
    # The highest post number handed out; the next published post gets one more.
    last_post_number = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Empty for members' threads. For the threads seed_forum writes as the Holdfast team
    # ("article-10", "question-1", "guidelines"): how a later run finds them again to bring
    # their words up to date, whatever a moderator has renamed them to.
    seed_key = models.CharField(max_length=40, blank=True, default="", editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            # Each list's whole ORDER BY, down to the "-pk" tie-break: without it SQLite
            # sorted every thread (or a category's every thread) to show the first ten.
            models.Index(
                fields=["category", "-pinned", "-last_activity_at", "-id"],
                name="forum_thread_category_order",
            ),
            models.Index(fields=["-last_activity_at", "-id"], name="forum_thread_latest_order"),
            models.Index(
                fields=["-created_at", "-id"],
                name="forum_thread_unanswered_order",
                condition=Q(reply_count=0),
            ),
            models.Index(fields=["author", "-created_at"], name="forum_thread_author"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"], condition=~Q(seed_key=""), name="forum_thread_seed_once"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread_detail", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def page_count(self) -> int:
        return max(1, -(-self.last_post_number // POSTS_PER_PAGE))


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, deleted_at__isnull=True)

    def numbered(self):
        """Posts that hold a place in the thread (published, hidden or removed). Pending
        posts get their number when a moderator lets them through."""
        return self.filter(number__isnull=False)

    def for_display(self):
        return self.select_related("author", "reply_to__author")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
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
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self):
        return reverse("forum:post_redirect", kwargs={"pk": self.pk})

    @property
    def is_first(self) -> bool:
        return self.number == 1

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


class Block(models.Model):
    """One member blocking another: the blocker stops seeing the blocked member's posts
    (collapsed), notifications and mentions from them. It lives in forum because every
    surface it changes is a forum surface."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="forum_block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="forum_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Celebration(models.Model):
    """A milestone a member chose to celebrate in "Daily check-ins" (forum/celebrations.py),
    and the post that celebrates it. One per member and milestone, which is what makes the
    celebration idempotent; a member's later milestones join the thread of their latest."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="celebrations"
    )
    days = models.PositiveSmallIntegerField()
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "days"], name="forum_celebrate_once"),
        ]
        indexes = [
            # The member's latest celebration thread.
            models.Index(fields=["member", "-created_at"], name="forum_celebration_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.days} days"
