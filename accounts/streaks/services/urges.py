"""Urges ridden out: the SOS page's "I held on". Private to the member (see
accounts.models.urges)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Streak, UrgeHeld


def hold_urge(*, member, now=None) -> UrgeHeld:
    """Count one urge ridden out, against the streak running now (if any). Never touches the
    streak itself, the profile or the badge: the count is the member's alone. Not idempotent
    on purpose — two urges held are two wins; the view's rate limit stops a runaway."""
    now = now or timezone.now()
    with transaction.atomic():
        streak = Streak.objects.filter(member=member, ended_on__isnull=True).first()
        return UrgeHeld.objects.create(member=member, held_at=now, streak=streak)
