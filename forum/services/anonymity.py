"""Anonymous posts (issue #15 item 2): the per-thread alias, and a moderator's logged look.

A member posting as "Anonymous member" keeps one alias number per thread, handed out in the
order members first post anonymously there (the thread's opener, if anonymous, is 1). The
real author stays on the post, so screening, rate limits, blocks, sanctions and care all act
on the real account; readers see only `Post.anonymous_alias` (forum.selectors.masks)."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from forum import hooks, permissions
from forum.models import AnonymousAlias, Post, Thread
from forum.services.outcomes import ActionRefused, _refuse_if


def _alias_for(*, thread: Thread, member: User, category, now) -> int:
    """The member's alias number in this thread, made on their first anonymous post there.
    Refused (ActionRefused) where the category takes no anonymous posts. Call inside the
    transaction that saves the post; a race for one number is retried once."""
    _refuse_if(permissions.why_cannot_post_anonymously(member, category))
    found = AnonymousAlias.objects.filter(thread=thread, member=member).first()
    if found is not None:
        return found.number
    for _attempt in range(2):
        highest = AnonymousAlias.objects.filter(thread=thread).aggregate(n=Max("number"))["n"]
        try:
            with transaction.atomic():
                alias = AnonymousAlias.objects.create(
                    thread=thread, member=member, number=(highest or 0) + 1, created_at=now
                )
            return alias.number
        except IntegrityError:
            continue
    raise ActionRefused("Something went wrong choosing your alias. Please post again.")


def reveal_anonymous_author(*, moderator: User, post: Post, now=None) -> User | None:
    """Who wrote an anonymous post, for a moderator. Atomic with the audit row that records
    the look (forum.hooks.log_author_look, set by moderation): no row, no answer. Refused
    (ActionRefused) for anyone else and for posts under their author's own name."""
    now = now or timezone.now()
    if not permissions.can_reveal_anonymous_author(moderator, post):
        raise ActionRefused("Only moderators can see who wrote an anonymous post.")
    with transaction.atomic():
        hooks.log_author_look(moderator=moderator, post=post, now=now)
    return User.objects.filter(pk=post.author_id).first()
