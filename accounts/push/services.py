"""Web push: turning it on and off for a device, quiet hours, and push_to_members() — the one way
anything in Holdfast sends a push. Keyword-only; writes in one transaction."""

import functools

from django.db import transaction
from django.utils import timezone

from accounts import selectors
from accounts.models import PushPreference, PushSubscription, User
from accounts.push import messages
from accounts.push.keys import is_available


def subscribe_device(*, member: User, endpoint: str, p256dh: str, auth: str, now=None):
    """Turn push on for one browser. Idempotent by endpoint: the same browser subscribing
    again (or after another member used it) belongs to `member` from now on."""
    with transaction.atomic():
        subscription, _ = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "member": member,
                "p256dh": p256dh,
                "auth": auth,
                "created_at": now or timezone.now(),
            },
        )
    return subscription


def unsubscribe_device(*, member: User, endpoint: str) -> int:
    """Turn push off for one of the member's browsers (another member's endpoint is left
    alone). Returns how many were removed (0 or 1)."""
    with transaction.atomic():
        removed, _ = PushSubscription.objects.filter(member=member, endpoint=endpoint).delete()
    return removed


def unsubscribe_all(*, member: User) -> int:
    with transaction.atomic():
        removed, _ = PushSubscription.objects.filter(member=member).delete()
    return removed


def set_quiet_hours(*, member: User, quiet_from: int | None, quiet_until: int | None) -> None:
    """Both hours, or neither (no quiet hours)."""
    if quiet_from is None or quiet_until is None:
        quiet_from = quiet_until = None
    with transaction.atomic():
        PushPreference.objects.update_or_create(
            member=member, defaults={"quiet_from": quiet_from, "quiet_until": quiet_until}
        )


def push_to_members(*, member_ids, kind: str, url: str, now=None) -> int:
    """Push `kind` (accounts.push.messages) to every device of these members, except those in
    their quiet hours (in their own time zone), after the caller's transaction commits, one
    task per device. Returns how many pushes were queued. No query when push is unavailable,
    else one. The lead's buddy pings call this with kind=messages.BUDDY_PING."""
    from accounts.push import tasks

    member_ids = [pk for pk in member_ids if pk]
    if kind not in messages.TEXTS:
        raise ValueError(f"Unknown push kind {kind!r}")
    if not is_available() or not member_ids:
        return 0
    now = now or timezone.now()
    subscriptions = PushSubscription.objects.filter(member_id__in=member_ids).select_related(
        "member", "member__push_preference"
    )
    queued = 0
    for subscription in subscriptions:
        if _in_quiet_hours(subscription.member, now):
            continue
        transaction.on_commit(
            functools.partial(tasks.queue_push, subscription.pk, kind, url), robust=True
        )
        queued += 1
    return queued


def _in_quiet_hours(member: User, now) -> bool:
    try:
        preference = member.push_preference
    except PushPreference.DoesNotExist:
        return False
    hour = now.astimezone(selectors.zone_named(member.time_zone)).hour
    return preference.is_quiet_at(hour)
