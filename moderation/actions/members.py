"""Moderators' actions on members: warn, silence, suspend, and lift a silence or a
suspension early; and the member's own acknowledgement of a warning. Each moderator action
over the one skeleton in moderation/actions/base.py."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from accounts.services import profile_scope
from moderation import emails, permissions, queues, selectors
from moderation.actions.base import ActionRefused, Kind, because, moderator_action
from moderation.models import MemberWarning, Report, TargetKind


def warn_member(
    *, moderator: User, member: User, message: str, also_resolve: str = "", now=None
) -> MemberWarning:
    """Give a member a warning they must acknowledge: it shows on every page until they do.
    Resolves reports on the member (and on `also_resolve`, a target key of theirs from the
    queue). Atomic."""
    message = message.strip()
    with moderator_action(
        moderator=moderator, action=Kind.WARN_MEMBER, target=member, reason=message, now=now,
        allowed=permissions.can_warn_member(moderator, member),
        refusal="You can't warn this member.",
    ) as act:  # fmt: skip
        if not message:
            raise act.refused("Please write the warning the member will read.")
        warning = MemberWarning.objects.create(
            member=member, moderator=moderator, message=message, created_at=act.now
        )
        _resolve_member(act, member, also_resolve)
        transaction.on_commit(lambda: selectors.forget_member_notices(member.pk))
        emails.email_warning_on_commit(warning)
    selectors.forget_member_notices(member.pk)
    return warning


def acknowledge_warning(*, member: User, warning: MemberWarning, now=None) -> MemberWarning:
    """The member has read the warning; it stops showing. Idempotent."""
    if warning.member_id != member.pk:
        raise ActionRefused("This warning isn't yours.")
    if warning.acknowledged_at is None:
        warning.acknowledged_at = now or timezone.now()
        warning.save(update_fields=["acknowledged_at"])
    selectors.forget_member_notices(member.pk)
    return warning


def silence_member(
    *,
    moderator: User,
    member: User,
    until: datetime,
    reason: str = "",
    also_resolve: str = "",
    now=None,
) -> User:
    """Silence a member until a time: they can read, but not post, reply or react
    (forum.permissions.why_cannot_write). They are told why and until when. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.SILENCE_MEMBER, target=member, reason=reason, now=now,
        allowed=permissions.can_silence_member(moderator, member),
        refusal="You can't silence this member.",
    ) as act:  # fmt: skip
        if until <= act.now:
            raise act.refused("Choose a time in the future.")
        act.update_member(member, silenced_until=until)
        act.after = f"until {until:%Y-%m-%d %H:%M} UTC"
        act.notify(
            member,
            f"A moderator has paused your posting until {until:%d %B %Y, %H:%M} UTC"
            + because(reason)
            + " You can still read everything.",
            topic=emails.ACCOUNT,
        )
        _resolve_member(act, member, also_resolve)
    return member


def suspend_member(
    *,
    moderator: User,
    member: User,
    until: datetime | None = None,
    forever: bool = False,
    reason: str = "",
    also_resolve: str = "",
    now=None,
) -> User:
    """Suspend a member until a time, or for good: they cannot log in (accounts' adapter)
    and their open sessions end on their next request (moderation.middleware). Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.SUSPEND_MEMBER, target=member, reason=reason, now=now,
        allowed=permissions.can_suspend_member(moderator, member),
        refusal="You can't suspend this member.",
    ) as act:  # fmt: skip
        if not forever and (until is None or until <= act.now):
            raise act.refused("Choose a date in the future, or suspend for good.")
        act.update_member(
            member, suspended_until=None if forever else until, suspended_forever=forever
        )
        # Their profile answers 404 from now on: forget the copy cached for visitors.
        page_cache.bump_on_commit(profile_scope(member.username))
        act.after = "for good" if forever else f"until {until:%Y-%m-%d %H:%M} UTC"
        _resolve_member(act, member, also_resolve)
        emails.email_suspension_on_commit(member, moderator=moderator, reason=reason)
    return member


def lift_silence(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a silence early: the member may post again at once, and is told so. Audited.
    Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.LIFT_SILENCE, target=member, reason=reason, now=now,
        allowed=permissions.can_lift_silence(moderator, member),
        refusal="This member isn't silenced.",
    ) as act:  # fmt: skip
        act.before = f"until {member.silenced_until:%Y-%m-%d %H:%M} UTC"
        act.update_member(member, silenced_until=None)
        act.notify(
            member,
            "A moderator has lifted the pause on your posting. You can post, reply "
            "and react again — welcome back.",
            topic=emails.ACCOUNT,
        )
    return member


def lift_suspension(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a suspension early (one for good included): the member may log in and post
    again at once, and is told so. Audited. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.LIFT_SUSPENSION, target=member, reason=reason, now=now,
        allowed=permissions.can_lift_suspension(moderator, member),
        refusal="This member isn't suspended.",
    ) as act:  # fmt: skip
        act.before = (
            "for good"
            if member.suspended_forever
            else f"until {member.suspended_until:%Y-%m-%d %H:%M} UTC"
        )
        act.update_member(member, suspended_until=None, suspended_forever=False)
        # Their profile answers again: forget the 404 cached for visitors.
        page_cache.bump_on_commit(profile_scope(member.username))
        act.notify(
            member,
            "A moderator has lifted your suspension. You can log in and post again — welcome back.",
            topic=emails.ACCOUNT,
        )
    return member


def silence_until(days: int, *, now=None) -> datetime:
    return (now or timezone.now()) + timedelta(days=days)


def _resolve_member(act, member: User, also_resolve: str) -> None:
    keys = [queues.target_key(TargetKind.MEMBER, member.pk)]
    # Only a target of this member's: the queue offers member actions on their posts.
    if (
        also_resolve
        and queues.parse_target_key(also_resolve)
        and Report.objects.open().filter(target_key=also_resolve, subject=member).exists()
    ):
        keys.append(also_resolve)
    act.resolve(keys, "took action")
