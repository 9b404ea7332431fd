"""Accountability buddies: every change of state (STYLE.md rule 1). Each function checks its
rule in accounts.permissions (a refusal raises ValidationError with the kind sentence, and
writes nothing), then writes inside one transaction. Pings and replies leave the site
through accounts.buddies.delivery after the commit — the place web push is wired.

Ending is quiet on purpose: the other member is not told; the pairing simply ends, their
streaks are private again, and neither can ping the other."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions
from accounts.buddies import delivery
from accounts.buddies.selectors import current_days_of
from accounts.models import BuddyFinderEntry, BuddyPairing, BuddyPing, PingMessage, PingReply

Status = BuddyPairing.Status


def _refuse(why: str | None, code: str) -> None:
    if why:
        raise ValidationError(why, code=code)


def invite_buddy(*, member, invitee, now=None) -> BuddyPairing:
    """`member` invites `invitee`. The inviter's agreement is the invitation itself; the
    pairing is active once the invitee accepts. ValidationError("cannot_invite") when the
    rule says no (and for a race lost to another invitation)."""
    now = now or timezone.now()
    with transaction.atomic():
        _refuse(permissions.why_cannot_invite_buddy(member, invitee, now=now), "cannot_invite")
        try:
            with transaction.atomic():
                return BuddyPairing.objects.create(inviter=member, invitee=invitee, created_at=now)
        except IntegrityError:  # an invitation raced this one (the partial unique constraints)
            raise ValidationError(
                "That member can't take a buddy invitation right now.", code="cannot_invite"
            ) from None


def accept_buddy_invitation(*, member, pairing, now=None) -> BuddyPairing:
    """The invitee says yes: both have now agreed. Refused after a block either way."""
    from accounts.buddies import hooks

    now = now or timezone.now()
    with transaction.atomic():
        pairing = BuddyPairing.objects.select_for_update().get(pk=pairing.pk)
        if pairing.invitee_id != member.pk or pairing.status != Status.INVITED:
            raise ValidationError("This invitation is no longer open.", code="not_open")
        if hooks.is_blocked_between(member, pairing.inviter):
            raise ValidationError("This invitation is no longer open.", code="not_open")
        pairing.status, pairing.accepted_at = Status.ACTIVE, now
        pairing.save(update_fields=["status", "accepted_at"])
        return pairing


def decline_buddy_invitation(*, member, pairing, now=None) -> BuddyPairing:
    """The invitee says no, quietly: the inviter sees only that the invitation is gone."""
    return _close(member=member, pairing=pairing, status=Status.DECLINED, now=now)


def end_buddy_pairing(*, member, pairing, now=None) -> BuddyPairing:
    """Either member ends the pairing (or the inviter withdraws an invitation), at any time
    and quietly. Each streak is private again from this moment. Idempotent."""
    return _close(member=member, pairing=pairing, status=Status.ENDED, now=now)


def _close(*, member, pairing, status, now) -> BuddyPairing:
    now = now or timezone.now()
    with transaction.atomic():
        pairing = BuddyPairing.objects.select_for_update().get(pk=pairing.pk)
        if not pairing.includes(member):
            raise ValidationError("This invitation is no longer open.", code="not_open")
        if pairing.status in BuddyPairing.OPEN:
            pairing.status, pairing.closed_at = status, now
            pairing.save(update_fields=["status", "closed_at"])
        return pairing


def ping_buddy(*, member, message: str, now=None) -> BuddyPing:
    """ "Ping my buddy": one of PingMessage's templated messages to the member's buddy.
    ValidationError("cannot_ping") without an active pairing, while silenced or after a
    block; ("unknown_message") for anything but a template. Delivered after the commit."""
    from accounts.buddies.selectors import active_pairing_for

    now = now or timezone.now()
    if message not in PingMessage.values:
        raise ValidationError("Please choose one of the messages.", code="unknown_message")
    with transaction.atomic():
        pairing = active_pairing_for(member)
        _refuse(permissions.why_cannot_ping_buddy(member, pairing, now=now), "cannot_ping")
        ping = BuddyPing.objects.create(
            pairing=pairing,
            sender=member,
            recipient=pairing.other_than(member),
            message=message,
            sent_at=now,
        )
        transaction.on_commit(lambda: delivery.ping_sent(ping))
        return ping


def reply_to_buddy_ping(*, member, ping, reply: str, now=None) -> BuddyPing:
    """The buddy answers a ping with one of PingReply's templates, once."""
    now = now or timezone.now()
    if reply not in PingReply.values:
        raise ValidationError("Please choose one of the replies.", code="unknown_reply")
    with transaction.atomic():
        ping = (
            BuddyPing.objects.select_for_update()
            .select_related("pairing__inviter", "pairing__invitee")
            .get(pk=ping.pk)
        )
        if ping.recipient_id != member.pk:
            raise ValidationError("You can't answer this ping.", code="cannot_reply")
        _refuse(permissions.why_cannot_reply_to_ping(member, ping, now=now), "cannot_reply")
        ping.reply, ping.replied_at = reply, now
        ping.save(update_fields=["reply", "replied_at"])
        transaction.on_commit(lambda: delivery.reply_sent(ping))
        return ping


def join_buddy_finder(*, member, now=None) -> BuddyFinderEntry:
    """Opt in to be found by newcomers (90+ days in the running streak). Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        why = permissions.why_cannot_join_buddy_finder(member, current_days_of(member, now=now))
        _refuse(why, "too_soon")
        entry, _ = BuddyFinderEntry.objects.get_or_create(
            member=member, defaults={"opted_in_at": now}
        )
        return entry


def leave_buddy_finder(*, member) -> None:
    """Opt out: no longer found. Idempotent."""
    with transaction.atomic():
        BuddyFinderEntry.objects.filter(member=member).delete()
