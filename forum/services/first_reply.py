"""Thread.first_reply_at, kept by the post services (forum.services.posts): when someone other
than a thread's author first answered it (forum.models.threads.first_reply_rule), which the
"waiting for a first reply" list reads from an index."""

from forum.models import Post, Thread
from forum.models.threads import first_reply_rule


def _may_answer(post: Post) -> bool:
    """Whether this post can count as someone else's answer (first_reply_rule()): a reply
    (a held one has no number yet) by anyone but the thread's author."""
    return post.number != 1 and post.author_id != post.thread.author_id


def _refresh_first_reply(*, threads) -> None:
    """Set Thread.first_reply_at of these threads (primary keys) from their posts, in one
    UPDATE, by first_reply_rule(): the stored mark cannot disagree with the posts. Called
    inside the transaction of every service that hides, unhides, publishes or removes a
    reply (a new reply from someone else sets it in _publish's own UPDATE)."""
    Thread.objects.filter(pk__in=threads).update(first_reply_at=first_reply_rule())
