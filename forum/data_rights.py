"""The forum's part in a member's data rights: their sections of the export, and what happens
to their posts, reactions and forum settings when they delete their account.

accounts (below us) announces both through accounts.signals; ForumConfig.ready() connects
these receivers. Erasing runs inside accounts.data_rights.services.delete_member's
transaction, before the member's row is deleted (which then sets `author` to NULL on whatever
posts are kept: "former member").
"""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from forum import search_index
from forum.models import (
    Block,
    Category,
    Notification,
    Pledge,
    Post,
    PostRevision,
    Reaction,
    Status,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from forum.models.threads import first_reply_rule

REMOVED_TITLE = "Removed by its author"


def export_sections(sender, member, **kwargs) -> dict:
    """Threads they started, every post they wrote (with its thread's title) and its earlier
    versions, the threads they watch and their reactions. Other members are never named: a
    post's place is its thread's title."""
    threads = Thread.objects.filter(author=member).select_related("category")
    posts = Post.objects.filter(author=member).select_related("thread")
    watching = ThreadSubscription.objects.filter(member=member, watching=True).select_related(
        "thread"
    )
    return {
        "threads": [
            {
                "title": t.title,
                "category": t.category.name,
                "started_at": t.created_at.isoformat(),
                "status": t.get_status_display(),
            }
            for t in threads.order_by("created_at", "pk")
        ],
        "posts": [
            {
                "thread": p.thread.title,
                "number": p.number,
                "written_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "status": "Removed by you" if p.deleted_at else p.get_status_display(),
                "text": p.body,
            }
            for p in posts.order_by("created_at", "pk").iterator(chunk_size=500)
        ],
        "earlier_versions": [
            {
                "thread": r.post.thread.title,
                "replaced_at": r.created_at.isoformat(),
                "title": r.title,
                "text": r.body,
            }
            for r in PostRevision.objects.filter(post__author=member)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        ],
        "watching": [s.thread.title for s in watching.order_by("created_at", "pk")],
        "reactions": [
            {"thread": r.post.thread.title, "reaction": r.get_kind_display()}
            for r in Reaction.objects.filter(member=member)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        ],
        "pledges": [
            {"day": p.daily.day.isoformat(), "name_listed": p.seen}
            for p in Pledge.objects.filter(member=member)
            .select_related("daily")
            .order_by("created_at", "pk")
        ],
    }


def erase_member(sender, member, keep_posts: bool, now, **kwargs) -> None:
    """Forget the member's reactions (they name who reacted to whom; the posts' counts go
    down with them), read markers, subscriptions, blocks either way and the notifications
    they were sent. Their posts are either kept, to become "former member" when the row goes,
    or removed with their text erased (see _remove_posts)."""
    counters = {Reaction.Kind.HELPED: "helped_count", Reaction.Kind.STRENGTH: "strength_count"}
    for kind, counter in counters.items():
        reacted = Reaction.objects.filter(member=member, kind=kind).values("post_id")
        Post.objects.filter(pk__in=reacted).update(**{counter: Greatest(F(counter) - 1, 0)})
    Reaction.objects.filter(member=member).delete()
    ThreadRead.objects.filter(member=member).delete()
    ThreadSubscription.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    Block.objects.filter(Q(blocker=member) | Q(blocked=member)).delete()
    if not keep_posts:
        _remove_posts(member, now=now)


def _remove_posts(member, *, now) -> None:
    """Every post of theirs becomes "Removed by author." with its text and edit history
    erased. A thread they started that nobody else wrote in goes entirely; one others
    answered stays for their sake, its title replaced. Counters are recounted from rows."""
    others_wrote = Post.objects.filter(thread=OuterRef("pk")).exclude(author=member)
    theirs = Thread.objects.filter(author=member)
    lonely = theirs.filter(~Exists(others_wrote))
    categories = set(theirs.values_list("category_id", flat=True))
    lonely_post_ids = list(Post.objects.filter(thread__in=lonely).values_list("pk", flat=True))
    lonely.delete()
    answered = list(theirs.values_list("pk", flat=True))
    theirs.update(title=REMOVED_TITLE, slug="removed")

    posts = Post.objects.filter(author=member)
    post_ids = list(posts.values_list("pk", flat=True))
    threads = set(posts.values_list("thread_id", flat=True)) | set(answered)
    categories |= set(Thread.objects.filter(pk__in=threads).values_list("category_id", flat=True))
    PostRevision.objects.filter(post__in=post_ids).delete()
    posts.update(
        body="",
        body_html="",
        body_text="",
        search_title="",
        deleted_at=Coalesce(F("deleted_at"), Value(now)),
        deleted_by_author=True,
    )
    # Their opening posts carried their threads' titles into the index (search_title); the
    # index forgets those with the posts.
    search_index.sync_posts(lonely_post_ids + post_ids)
    _recount(threads=threads, categories=categories)


def _recount(*, threads, categories) -> None:
    """Set the counters forum.services keeps (replies, last post, first reply, a category's
    threads and posts) from the rows, in one UPDATE per table."""
    visible = Post.objects.filter(
        status=Status.PUBLISHED, deleted_at__isnull=True, number__isnull=False
    )

    def count_of(queryset, field):
        return Coalesce(
            Subquery(
                queryset.filter(**{field: OuterRef("pk")})
                .order_by()
                .values(field)
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    Thread.objects.filter(pk__in=threads).update(
        first_reply_at=first_reply_rule(),
        reply_count=count_of(visible.filter(number__gt=1), "thread"),
        last_post=Subquery(
            visible.filter(thread=OuterRef("pk")).order_by("-number").values("pk")[:1]
        ),
    )
    Category.objects.filter(pk__in=categories).update(
        thread_count=count_of(Thread.objects.filter(status=Status.PUBLISHED), "category"),
        post_count=count_of(visible.filter(thread__status=Status.PUBLISHED), "thread__category"),
    )
