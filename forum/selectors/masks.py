"""What a reader may know of who wrote a post: anonymity (#15 item 2) and the shield (#15
item 3), applied to rows already fetched, with no query of their own.

* An anonymous post's author is taken off the loaded row (`post.author` reads None; the
  column `author_id` stays, for the permission checks that ask "is it mine?"): every
  template, fragment fingerprint and badge lookup then sees no author, as for a former
  member, and shows `post.anonymous_name` instead. For everyone, moderators included:
  they learn who it is only through forum.services.anonymity, which logs the look.
* A post whose author's shield keeps this reader out (accounts.shield) loses its author
  and its text (`post.shielded`; `body_html` emptied), so nothing a template forgets to
  check can show them. Threads of a shielded author are left out of the reader's lists
  and pages by ThreadQuerySet.visible_to.
"""

from accounts import shield
from forum.models import Post, Thread

_POST_AUTHOR = Post.author.field
_THREAD_AUTHOR = Thread.author.field


def _drop_author(row, field) -> None:
    field.set_cached_value(row, None)


def mask_posts(posts, reader, *, now=None) -> None:
    """Mask each post (and the post it answers) for `reader`, in place."""
    for post in posts:
        post.shielded = shield.is_shielded_from(
            _POST_AUTHOR.get_cached_value(post, None), reader, now=now
        )
        if post.shielded:
            post.body_html = ""
            _drop_author(post, _POST_AUTHOR)
        elif post.anonymous_alias is not None:
            _drop_author(post, _POST_AUTHOR)
        reply_to = post.reply_to if post.reply_to_id else None
        if reply_to is not None and (
            reply_to.anonymous_alias is not None
            or shield.is_shielded_from(_POST_AUTHOR.get_cached_value(reply_to, None), reader)
        ):
            _drop_author(reply_to, _POST_AUTHOR)


def mask_thread_rows(threads) -> None:
    """A thread list's rows: anonymous openers and last posters lose their names; so does
    a last poster with a shield on (a list row is drawn once for every reader, and only
    the shield's owner's choice, not the reader, can be in its fingerprint)."""
    for thread in threads:
        if thread.anonymous_alias is not None:
            _drop_author(thread, _THREAD_AUTHOR)
        last = thread.last_post
        if last is not None and (
            last.anonymous_alias is not None
            or getattr(_POST_AUTHOR.get_cached_value(last, None), "shield_days", None)
        ):
            _drop_author(last, _POST_AUTHOR)


def mask_search_hits(hits) -> None:
    """Search shows no post by a shielded member (forum.search); anonymous hits lose their
    author."""
    for hit in hits:
        if hit.post.anonymous_alias is not None:
            _drop_author(hit.post, _POST_AUTHOR)
