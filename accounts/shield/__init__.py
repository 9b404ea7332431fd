"""The shield (issue #15 item 3): a member hides their profile and posts from visitors and
from accounts younger than N days, N their choice (`User.shield_days`; null, off).

The one place that answers "is this reader kept out by that member's shield?"; the forum's
selectors and the profile's permission ask it. Moderators are never shielded from (they
keep the site safe), and neither is the member themself. Pure apart from the clock and
roles.is_moderator (remembered per request): no query of its own.

Why visitors are always shielded from: the person a member fears need not sign up to read
a public category. Why an account's age: signing up is free, waiting N days is not.
"""

import math

from django.db.models import Q, Value
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


class Reader:
    """A member as the shield and the lists see them: an id and whole days since joining,
    never a moderator. A query kept by core.prepared is built with one (stand-in numbers
    in place of the real ones)."""

    is_authenticated = True
    is_active = True
    is_staff = False

    def __init__(self, pk: int, whole_days: int):
        self.pk = pk
        self.whole_days = whole_days
        roles.remember_is_moderator(self, False)


def whole_days_joined(reader, *, now=None) -> int:
    """Whole days since a member joined: what the lists' shield filter compares. A shield is
    a whole number of days, so `shield_days > age` is `shield_days > floor(age)`, and a
    whole number can be filled into a kept query."""
    if isinstance(reader, Reader):
        return reader.whole_days
    return math.floor(reader_age_days(reader, now=now))


def is_shielded_from(author, reader, *, now=None) -> bool:
    """Whether `author`'s shield keeps `reader` (a User or AnonymousUser) out."""
    days = getattr(author, "shield_days", None) if author is not None else None
    if not days:
        return False
    if reader.is_authenticated and (reader.pk == author.pk or roles.is_moderator(reader)):
        return False
    age = reader_age_days(reader, now=now)
    return age is None or age < days


def shielded_authors_q(reader, *, prefix: str = "author__", now=None, counting=False) -> Q | None:
    """A filter matching rows whose author's shield keeps `reader` out; None when nothing
    can (moderators). For lists and search, where a hidden row is simply left out.

    A list joins each row's author anyway, and compares the joined row. A count does not
    (`counting`): joined only for this, PostgreSQL read the whole members' table to count a
    category (7.5 ms), so it asks a subquery over the few members whose shield is on (their
    own index) instead. Each form is the faster on the other's query, so both are kept."""
    if reader.is_authenticated and roles.is_moderator(reader):
        return None
    if counting:
        return _shielded_by_subquery(reader, prefix, now)
    on = Q(**{f"{prefix}shield_days__isnull": False})
    if not reader.is_authenticated:
        return on
    age = _age_of(reader, now)
    return on & Q(**{f"{prefix}shield_days__gt": age}) & ~Q(**{f"{prefix}pk": reader.pk})


def _shielded_by_subquery(reader, prefix: str, now) -> Q:
    from accounts.models import User  # the models import this module

    shielded = User.objects.filter(shield_days__isnull=False)
    if reader.is_authenticated:
        shielded = shielded.filter(shield_days__gt=_age_of(reader, now)).exclude(pk=reader.pk)
    return Q(**{f"{prefix}in" if prefix else "pk__in": shielded.values("pk")})


def _age_of(reader, now) -> Value:
    # Older than N days passes: shield_days > age keeps the reader out. The age goes in as an
    # expression: a kept query's stand-in for it is beyond the column's range, which Django
    # would otherwise fold into "no row".
    return Value(whole_days_joined(reader, now=now))
