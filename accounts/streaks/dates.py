"""Reads of a member's risky dates (accounts.models.RiskyDate): their own list, and what
today and tomorrow hold for them on their own calendar. Private like the rest of the streak:
every read filters on the member, and a date of someone else's is the same 404 as a missing
one. Nothing here writes."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts import selectors
from accounts.models import RiskyDate
from accounts.streaks import counting
from core.prepared import prepared

# accounts.streaks.services.dates.MAX_RISKY_DATES: the list is never cut short.
LIST_LIMIT = 50


@dataclass(frozen=True)
class RiskyDays:
    """The labels of the member's risky dates that fall today and tomorrow (theirs)."""

    today: list[str] = field(default_factory=list)
    tomorrow: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.today or self.tomorrow)


def falling_on(days: list[datetime.date]) -> Q:
    """A filter for the dates that may fall on any of `days` (exactly: RiskyDate.falls_on,
    which the caller applies, since a yearly 29 February also falls on a common year's 28th)."""
    condition = Q(repeats_yearly=False, on__in=days)
    for day in days:
        condition |= Q(repeats_yearly=True, on__month=day.month, on__day=day.day)
    return condition | Q(repeats_yearly=True, on__month=2, on__day=29)


@prepared
def _dates_of(member_id):
    # All of them (a member keeps at most MAX_RISKY_DATES), filtered below: a query holding
    # today's date could not be kept SQL, and building it cost a member's home page a sixth
    # of its time (docs/cold-renders.md).
    return RiskyDate.objects.filter(member_id=member_id).order_by("on", "pk")


def risky_days_for(member, *, now=None) -> RiskyDays:
    """One query (none for a visitor)."""
    if not member.is_authenticated:
        return RiskyDays()
    today = counting.local_date(selectors.zone_named(member.time_zone), now or timezone.now())
    tomorrow = today + datetime.timedelta(days=1)
    rows = _dates_of.fetch(member_id=member.pk)
    return RiskyDays(
        today=[row.label for row in rows if row.falls_on(today)],
        tomorrow=[row.label for row in rows if row.falls_on(tomorrow)],
    )


def risky_dates_of(member) -> list[RiskyDate]:
    """The member's dates in calendar order (month, then day: the order of a year). One query."""
    rows = list(RiskyDate.objects.filter(member=member)[:LIST_LIMIT])
    return sorted(rows, key=lambda row: (row.on.month, row.on.day, row.on.year, row.pk))


def get_risky_date_for(member, pk: int) -> RiskyDate:
    """`member`'s own date, or Http404 — the same for a missing one and for someone else's."""
    row = (
        RiskyDate.objects.filter(member=member, pk=pk).first() if member.is_authenticated else None
    )
    if row is None:
        raise Http404("Not found.")
    return row
