"""Threads and the QuerySet that owns their listings (visible_to, for_listing, the pages)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts import roles, shield
from core.links import reverse_kept
from core.loading import QuickLoad
from forum.models.anonymity import alias_name
from forum.models.categories import Category
from forum.models.choices import Status
from forum.models.posts import POSTS_PER_PAGE, Post

THREADS_PER_PAGE = 25

# A thread `manage.py seed_forum` wrote (forum.seed_content) carries a stable key.
_PROMPT = ~Q(seed_key="")


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user, *, counting=False, among=None):
        """Threads the user may open: published ones in categories they may read, plus, for
        their author, their own threads still waiting for a moderator. Moderators see all.
        `counting`: for a count, which joins no author (accounts.shield).
        `among`: the ids of categories the caller found this reader may see (in
        Category.objects.visible_to): a visitor's threads are then kept to those ids rather
        than joined to their category, which cost PostgreSQL about a millisecond a list."""
        if user.is_authenticated:
            threads = self
        elif among is not None:
            threads = self.filter(category_id__in=among)
        else:
            threads = self.filter(category__members_only=False)
        if roles.is_moderator(user):
            return threads
        # A thread whose author's shield keeps this reader out is not theirs to open
        # (accounts.shield, issue #15 item 3).
        threads = threads.exclude(shield.shielded_authors_q(user, counting=counting))
        if user.is_authenticated:
            return threads.filter(
                Q(status=Status.PUBLISHED) | Q(status=Status.PENDING, author_id=user.pk)
            )
        return threads.filter(status=Status.PUBLISHED)

    def listed(self):
        """Threads that belong in lists: published only (a member's own pending thread is
        reachable from their post, but is not advertised in lists)."""
        return self.filter(status=Status.PUBLISHED)

    def for_listing(self, *, category=True):
        """With what a thread list shows, and only that: the last post's text and the
        members' other columns cost a category page a quarter of its query time.
        `category=False`: a list of one category's threads, which the caller gives them."""
        names = ("username", "display_name", "shield_days")
        related = ("author", "last_post__author", *(("category",) if category else ()))
        return self.select_related(*related).only(
            *(f.name for f in self.model._meta.concrete_fields),
            *(f"author__{name}" for name in names),
            "last_post__number",
            "last_post__anonymous_alias",
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
        can or need answer those), nor threads whose author has left. The "no reply from
        another" rule is `first_reply_rule()`, stored as `first_reply_at` by forum.services
        whenever a post is published, hidden, unhidden or removed: here it is an index lookup
        (forum_thread_awaiting_order) instead of a NOT EXISTS asked of every thread, which
        cost a member's home page 11-20 ms on the bench's 5,000 threads."""
        return (
            self.filter(
                first_reply_at__isnull=True, status=Status.PUBLISHED, pinned=False, locked=False
            )
            .filter(author__isnull=False)
            .not_prompts()
            .order_by("created_at", "pk")
        )


def first_reply_rule():
    """When a thread was first answered, as an expression on its row: the time of the first
    published, not removed reply by anyone but the thread's author, or NULL while nobody
    else has answered. Thread.first_reply_at stores it (forum.services.posts,
    the data migration, the data-deletion recount); tests compare the stored mark with it."""
    from_others = Post.objects.filter(
        thread=models.OuterRef("pk"),
        number__gt=1,
        status=Status.PUBLISHED,
        deleted_at__isnull=True,
    ).exclude(author_id=models.OuterRef("author_id"))
    return models.Subquery(from_others.order_by("created_at").values("created_at")[:1])


class Thread(QuickLoad, models.Model):
    # Indexed by forum_thread_category_count, which leads with it (Meta.indexes).
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads", db_index=False
    )
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
    # Started as "Anonymous member <n>": the opening post's alias (forum.models.anonymity).
    anonymous_alias = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # When someone other than the author first answered (first_reply_rule(), kept by
    # forum.services); NULL while the thread waits for a first reply.
    first_reply_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            # Each list's whole ORDER BY, down to the "-pk" tie-break: without it SQLite
            # sorted every thread (or a category's every thread) to show the first ten.
            models.Index(
                fields=["category", "-pinned", "-last_activity_at", "-id"],
                name="forum_thread_category_order",
            ),
            # A category page's count of the threads it lists, read from the index alone: the
            # count filters on status and author, and read each of the category's rows for
            # them (PostgreSQL: 0.3 ms and 135 pages for 250 threads; 0.08 ms and 5 from here).
            models.Index(
                fields=["category", "status", "author", "id"], name="forum_thread_category_count"
            ),
            models.Index(fields=["-last_activity_at", "-id"], name="forum_thread_latest_order"),
            models.Index(
                fields=["-created_at", "-id"],
                name="forum_thread_unanswered_order",
                condition=Q(reply_count=0),
            ),
            models.Index(fields=["author", "-created_at"], name="forum_thread_author"),
            # The "waiting for a first reply" list: only the few unanswered threads, in the
            # list's order.
            models.Index(
                fields=["created_at", "id"],
                name="forum_thread_awaiting_order",
                condition=Q(first_reply_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"], condition=~Q(seed_key=""), name="forum_thread_seed_once"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_kept("forum:thread_detail", pk=self.pk, slug=self.slug or "-")

    @property
    def anonymous_name(self) -> str:
        """ "Anonymous member 1" for a thread started anonymously, "" otherwise."""
        return alias_name(self.anonymous_alias) if self.anonymous_alias is not None else ""

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def page_count(self) -> int:
        return max(1, -(-self.last_post_number // POSTS_PER_PAGE))
