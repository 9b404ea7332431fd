"""Counting a no-contact streak: pure functions, no database.

A streak's length is the number of whole days since it started, counted on the calendar of
the member's own time zone: a streak started on Monday is 1 day old from Tuesday 00:00 where
the member lives, whatever the server's clock or the length of that day (a 23- or 25-hour
day across a DST change is still one day, because we count calendar dates, not hours).

An ended streak lasted from its start date to the local date of the contact that ended it.
"""

import datetime
import zoneinfo

from django.utils import timezone

# Milestones award a badge once each, at these lengths in days.
MILESTONES = (1, 3, 7, 14, 30, 60, 90, 180, 365)
# The floors shown when a member chooses to show a range ("30+ days") instead of exact days:
# coarser than the milestones, so a range says little about the exact number.
RANGE_FLOORS = (1, 7, 30, 90, 365)
# How far back a streak may start. A start on 1900-01-01 read as 46,359 days on a public badge
# and awarded every milestone at once; ten years covers any no-contact a member tells us of.
EARLIEST_START_YEARS = 10


def earliest_start(today: datetime.date) -> datetime.date:
    """The earliest day a streak may start, seen from `today` (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - EARLIEST_START_YEARS)
    except ValueError:
        return today.replace(year=today.year - EARLIEST_START_YEARS, day=28)


def local_date(zone: zoneinfo.ZoneInfo, now: datetime.datetime | None = None) -> datetime.date:
    """The calendar date it is now for someone living in `zone`."""
    now = now or timezone.now()
    return now.astimezone(zone).date()


def days_between(start: datetime.date, end: datetime.date) -> int:
    """Whole days from `start` to `end` (never negative)."""
    return max(0, (end - start).days)


def milestones_within(days: int) -> list[int]:
    """The milestones a streak of `days` days has reached, smallest first."""
    return [milestone for milestone in MILESTONES if milestone <= days]


def top_milestone(days: int) -> int | None:
    reached = milestones_within(days)
    return reached[-1] if reached else None


def plural_days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def range_label(days: int) -> str:
    """ "30+ days" for 30 to 89 days; "under a day" before the first full day."""
    floors = [floor for floor in RANGE_FLOORS if floor <= days]
    if not floors:
        return "under a day"
    return f"{plural_days(floors[-1]).replace(' ', '+ ', 1)}"


def days_label(days: int, *, exact: bool) -> str:
    return plural_days(days) if exact else range_label(days)
