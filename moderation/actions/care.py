"""Moderators' care actions: take a care item on ("I'm on it"), send a caring message, make
a member a guide or end the role. Each over the one skeleton in moderation/actions/base.py."""

import pagecache as page_cache
from accounts.models import User
from moderation import emails, permissions, queues
from moderation.actions.base import GONE, Kind, forget_open_count, moderator_action, target_of
from moderation.care import messages as care_messages
from moderation.models import CareMessage, Queue, Report, TargetKind


def acknowledge_care(*, moderator: User, key: str, now=None) -> int:
    """ "I'm on it": the moderator takes on a care item. Every open care report on the target
    not yet taken on records who and when (shown to the other moderators, and measured on the
    dashboard); the crisis clock stops for them. Audited. Returns how many reports it took
    on; refuses when another moderator already has, saying who."""
    with moderator_action(
        moderator=moderator, action=Kind.ACKNOWLEDGE_CARE, now=now,
        allowed=permissions.can_acknowledge_care(moderator),
        refusal="Only moderators can take on care items.",
    ) as act:  # fmt: skip
        parsed = queues.parse_target_key(key)
        if parsed is None:
            raise act.refused(GONE)
        care = Report.objects.open().filter(target_key=key, queue=Queue.CARE)
        taken = care.filter(acknowledged_at__isnull=True).update(
            acknowledged_at=act.now, acknowledged_by=moderator
        )
        if not taken:
            first = care.select_related("acknowledged_by").order_by("acknowledged_at").first()
            if first is None:
                raise act.refused("There is no open care item here to take on.")
            who = first.acknowledged_by.public_name if first.acknowledged_by else "A moderator"
            raise act.refused(f"{who} is already on it.")
        post, thread, subject = target_of(*parsed)
        act.target = post or thread or subject
        forget_open_count()
    return taken


def send_caring_message(
    *, moderator: User, member: User, message: str = "", also_resolve: str = "", now=None
) -> CareMessage:
    """A private note with resources to a member who may be struggling: on the site and by
    email, kept in their care history — not a warning (nothing to acknowledge, nothing
    counted against them). It takes the care item on if nobody had, and resolves the care
    reports on the member (and on `also_resolve`, a target of theirs) — not rules reports.
    Audited. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.CARING_MESSAGE, target=member, now=now,
        allowed=permissions.can_send_caring_message(moderator, member),
        refusal="You can't send this member a caring message.",
    ) as act:  # fmt: skip
        sent = care_messages.deliver_caring_message(
            member=member, sender=moderator, text=message, now=act.now
        )
        act.reason = sent.message
        keys = [queues.target_key(TargetKind.MEMBER, member.pk)]
        if also_resolve and queues.parse_target_key(also_resolve):
            keys.append(also_resolve)
        Report.objects.open().filter(
            target_key__in=keys, queue=Queue.CARE, acknowledged_at__isnull=True
        ).update(acknowledged_at=act.now, acknowledged_by=moderator)
        act.resolve(keys, "reached out to them privately", queue=Queue.CARE)
    return sent


def grant_guide_role(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """Make a member a guide (accounts.roles): a badge beside their posts and the "Waiting
    for a first reply" queue; no sanctions. Audited. Idempotent."""
    return _set_guide(moderator=moderator, member=member, guide=True, reason=reason, now=now)


def revoke_guide_role(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a member's guide role. Audited. Idempotent."""
    return _set_guide(moderator=moderator, member=member, guide=False, reason=reason, now=now)


def _set_guide(*, moderator, member, guide: bool, reason: str, now) -> User:
    with moderator_action(
        moderator=moderator, action=Kind.GRANT_GUIDE if guide else Kind.REVOKE_GUIDE,
        target=member, reason=reason, now=now,
        allowed=permissions.can_grant_guide_role(moderator, member),
        refusal="You can't change this member's guide role.",
    ) as act:  # fmt: skip
        if not User.objects.filter(pk=member.pk).exclude(is_guide=guide).update(is_guide=guide):
            act.nothing_changed()  # already so
            return member
        member.is_guide = guide
        # The badge beside their posts on every cached page (page_cache hears no UPDATE).
        page_cache.bump_member(member.pk)
        page_cache.bump_on_commit(page_cache.SITE)
        act.notify(
            member,
            (
                "The moderators have made you a guide. Thank you — your experience can help "
                "someone feel less alone. You'll find the threads waiting for a first reply "
                "under “Waiting for a first reply”."
            )
            if guide
            else "Your guide role has ended. Thank you for all the welcomes you gave.",
            topic=emails.ACCOUNT,
        )
    return member
