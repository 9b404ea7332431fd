"""Turning the shield on, changing its N, and off (accounts.shield)."""

from django.db import transaction

import pagecache as page_cache
from accounts.models import User
from accounts.shield import SHIELD_MAX_DAYS


def set_shield(*, member: User, days: int | None) -> User:
    """Set who the member's shield keeps out: visitors and accounts younger than `days`
    days; None turns it off. Atomic; idempotent. Every page may show their posts (a
    thread, a list's "by", a search hit), so every cached page is forgotten."""
    if days is not None and not 1 <= days <= SHIELD_MAX_DAYS:
        raise ValueError(f"A shield is 1 to {SHIELD_MAX_DAYS} days.")
    if member.shield_days == days:
        return member
    with transaction.atomic():
        member.shield_days = days
        member.save(update_fields=["shield_days"])
        page_cache.bump_on_commit(page_cache.SITE)
    return member
