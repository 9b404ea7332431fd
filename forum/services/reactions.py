"""Reactions (helped, strength) to a post, and the one notice each reaction leaves its author."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from forum import permissions
from forum.models import (
    Block,
    Notification,
    Post,
    Reaction,
)
from forum.services.outcomes import ActionRefused, _changed, _refuse_if


def toggle_reaction(*, member: User, post: Post, kind: str, now=None) -> bool:
    """Add the member's reaction of this kind, or take it back if they had given it.
    Returns whether it is now given; the post's counts are refreshed. Atomic."""
    now = now or timezone.now()
    if kind not in Reaction.Kind.values:
        raise ActionRefused("That isn't a reaction we know.")
    _refuse_if(permissions.why_cannot_react(member, post))
    field = f"{kind}_count"
    with transaction.atomic():
        page_cache.bump_member(member.pk)  # a DELETE: page_cache hears only saves
        removed, _ = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if removed:
            Post.objects.filter(pk=post.pk).update(**{field: Greatest(F(field) - 1, 0)})
            _withdraw_reaction_notice(post, member=member, kind=kind)
        else:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, member=member, kind=kind, created_at=now)
            except IntegrityError:  # a double click raced us; it is given either way
                return True
            Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
            _notify_reaction(post, member=member, kind=kind, now=now)
        post.refresh_from_db(fields=["helped_count", "strength_count"])
        _changed(post.thread_id, lists=False)
    return not removed


def _unread_reaction_notice(post: Post, kind: str):
    return Notification.objects.filter(
        recipient_id=post.author_id,
        kind=Notification.Kind.REACTION,
        post=post,
        reaction_kind=kind,
        read_at__isnull=True,
    )


def _notify_reaction(post: Post, *, member: User, kind: str, now) -> None:
    """Tell the post's author, grouped: while they have not read it, one notification per
    post and reaction counts the people ("3 people sent strength") and names the latest.
    Nobody hears about their own reaction, nor about one from someone they blocked. Never
    emailed (forum.emails knows only replies and mentions). Inside the caller's transaction."""
    if post.author_id is None or post.author_id == member.pk:
        return
    if Block.objects.active().filter(blocker_id=post.author_id, blocked_id=member.pk).exists():
        return
    grouped = _unread_reaction_notice(post, kind).update(
        actor=member, actor_count=F("actor_count") + 1, created_at=now
    )
    if not grouped:
        Notification.objects.create(
            recipient_id=post.author_id,
            kind=Notification.Kind.REACTION,
            reaction_kind=kind,
            actor=member,
            post=post,
            thread_id=post.thread_id,
            created_at=now,
        )
    page_cache.bump_member(post.author_id)  # an UPDATE: page_cache hears only saves


def _withdraw_reaction_notice(post: Post, *, member: User, kind: str) -> None:
    """A reaction taken back leaves the unread group: one person fewer, the group gone when
    no one is left, and the latest remaining reactor named if it was this member."""
    notice = _unread_reaction_notice(post, kind).first()
    if notice is None:
        return
    if notice.actor_count <= 1:
        notice.delete()
    else:
        notice.actor_count -= 1
        if notice.actor_id == member.pk:
            notice.actor_id = (
                Reaction.objects.filter(post=post, kind=kind)
                .exclude(member_id__in=[member.pk, post.author_id])
                .order_by("-created_at")
                .values_list("member_id", flat=True)
                .first()
            )
        notice.save(update_fields=["actor_count", "actor"])
    page_cache.bump_member(post.author_id)
