"""The shield (issue #15 item 3): a member hides their profile and posts from visitors and
from accounts younger than N days, N their choice (`User.shield_days`; null, off).

The one place that answers "is this reader kept out by that member's shield?"; the forum's
selectors and the profile's permission ask it. Moderators are never shielded from (they
keep the site safe), and neither is the member themself. Pure apart from the clock and
roles.is_moderator (remembered per request): no query of its own.

Why visitors are always shielded from: the person a member fears need not sign up to read
a public category. Why an account's age: signing up is free, waiting N days is not.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts import roles

SHIELD_CHOICES = (7, 30, 90, 365)
SHIELD_MAX_DAYS = 365


def reader_age_days(reader, *, now=None) -> float | None:
    """How old the reader's account is, in days; None for a visitor."""
    if not reader.is_authenticated:
        return None
    now = now or timezone.now()
    return (now - reader.date_joined).total_seconds() / 86400


def is_shielded_from(author, reader, *, now=None) -> bool:
    """Whether `author`'s shield keeps `reader` (a User or AnonymousUser) out."""
    days = getattr(author, "shield_days", None) if author is not None else None
    if not days:
        return False
    if reader.is_authenticated and (reader.pk == author.pk or roles.is_moderator(reader)):
        return False
    age = reader_age_days(reader, now=now)
    return age is None or age < days


def shielded_authors_q(reader, *, prefix: str = "author__", now=None) -> Q | None:
    """A filter matching rows whose author's shield keeps `reader` out; None when nothing
    can (moderators). For lists and search, where a hidden row is simply left out."""
    if reader.is_authenticated and roles.is_moderator(reader):
        return None
    on = Q(**{f"{prefix}shield_days__isnull": False})
    if not reader.is_authenticated:
        return on
    now = now or timezone.now()
    age_days = (now - reader.date_joined) / datetime.timedelta(days=1)
    # Older than N days passes: shield_days > age keeps the reader out.
    return on & Q(**{f"{prefix}shield_days__gt": age_days}) & ~Q(**{f"{prefix}pk": reader.pk})
