"""Who is told of a new post or a mention: watchers and the mentioned, never someone who
blocked the author."""

import datetime

from django.db.models.functions import Lower
from django.urls import reverse

import pagecache as page_cache
from accounts import roles
from accounts.models import User
from accounts.push import messages as push_messages
from accounts.push import services as push
from core.markdown import extract_mentions
from forum import emails, permissions
from forum.models import (
    Block,
    Notification,
    Post,
    ThreadSubscription,
)
from forum.selectors import muting


def _blockers_of(author_id) -> set[int]:
    if author_id is None:
        return set()
    return set(
        Block.objects.active().filter(blocked_id=author_id).values_list("blocker_id", flat=True)
    )


def _actor_of(post: Post):
    """The notification's actor: nobody for an anonymous post, so no list, menu or email
    can name its author (they read the alias from the post). Blocks still use the real
    author: they are computed from post.author_id before this."""
    return None if post.anonymous_alias is not None else post.author_id


def _kept_out_by_shield(post: Post, recipient_ids: list[int], *, now) -> set[int]:
    """Recipients the author's shield keeps out (accounts.shield): accounts younger than its
    days, moderators aside. A notification (and its email) would carry the author's name and
    words. One query, only when the author has a shield on."""
    days = getattr(post.author, "shield_days", None) if post.author_id else None
    if not days or not recipient_ids:
        return set()
    young = User.objects.filter(
        pk__in=recipient_ids, date_joined__gt=now - datetime.timedelta(days=days)
    ).exclude(pk__in=User.objects.filter(roles.moderators_q()).values("pk"))
    return set(young.values_list("pk", flat=True))


def _notify_new_post(post: Post, *, now) -> None:
    """One notification per person, most specific reason first: a reply to their post,
    then an @mention, then a new reply in a thread they watch. Nobody hears about their
    own post, or about posts by someone they blocked, or about a thread they cannot read."""
    thread = post.thread
    # Nor who muted the thread or its category, or hides its warning theme.
    skip = _blockers_of(post.author_id) | {post.author_id} | muting.not_to_notify(post)
    notifications: dict[int, Notification] = {}

    def add(recipient_id, kind):
        if recipient_id and recipient_id not in skip and recipient_id not in notifications:
            notifications[recipient_id] = Notification(
                recipient_id=recipient_id,
                kind=kind,
                actor_id=_actor_of(post),
                post=post,
                thread=thread,
                created_at=now,
            )

    if post.reply_to_id and post.reply_to.author_id:
        add(post.reply_to.author_id, Notification.Kind.REPLY_TO_POST)
    for member in _mentioned_members(post, extract_mentions(post.body)):
        add(member.pk, Notification.Kind.MENTION)
    if not post.is_first:
        watchers = ThreadSubscription.objects.filter(thread=thread, watching=True).values_list(
            "member_id", flat=True
        )
        for member_id in watchers:
            add(member_id, Notification.Kind.REPLY)
    for kept_out in _kept_out_by_shield(post, list(notifications), now=now):
        del notifications[kept_out]
    # bulk_create sends no post_save: the recipients' cached pages are forgotten here.
    page_cache.bump_member(*(n.recipient_id for n in notifications.values()))
    emails.email_on_commit(Notification.objects.bulk_create(notifications.values()))
    _push_replies(notifications.values(), now=now)


def _notify_mentions(post: Post, *, names: list[str], now) -> None:
    skip = _blockers_of(post.author_id) | {post.author_id} | muting.not_to_notify(post)
    mentioned = _mentioned_members(post, names)
    skip |= _kept_out_by_shield(post, [m.pk for m in mentioned], now=now)
    created = Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind=Notification.Kind.MENTION,
            actor_id=_actor_of(post),
            post=post,
            thread=post.thread,
            created_at=now,
        )
        for member in mentioned
        if member.pk not in skip
    )
    page_cache.bump_member(*(n.recipient_id for n in created))  # bulk_create: no post_save
    emails.email_on_commit(created)
    _push_replies(created, now=now)


def _push_replies(notifications, *, now) -> None:
    """A discreet push to each recipient's devices (accounts.push): "someone replied to you",
    never who or where. No query unless the site has push keys."""
    push.push_to_members(
        member_ids=[n.recipient_id for n in notifications],
        kind=push_messages.REPLY,
        url=reverse("forum:notification_list"),
        now=now,
    )


def _mentioned_members(post: Post, names: list[str]) -> list[User]:
    """Active members named (at most 20), who can read the thread. Names match whatever
    their case, as usernames are unique regardless of case."""
    if not names:
        return []
    members = (
        User.objects.active()
        .annotate(lower_name=Lower("username"))
        .filter(lower_name__in=[name.lower() for name in names[:20]])
    )
    return [member for member in members if permissions.can_view_thread(member, post.thread)]
