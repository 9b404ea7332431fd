"""Reads for the member's own streak dashboard (/streak/) and SOS page (/sos/).

Everything here is private to the member: each read filters on the member itself, so there
is no way to ask for someone else's rows, and the fetch-and-authorize helpers raise the same
404 for another member's reason or message as for one that does not exist (nothing is
revealed). Lists are capped, so each page runs a constant number of queries whatever the
member's history holds. Nothing here writes (a page view never awards a milestone).
"""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from accounts import selectors, streaks
from accounts.models import (
    CheckIn,
    ContactEvent,
    MilestoneAward,
    Streak,
    UnsentMessage,
    UrgeReason,
)

# How much history the dashboard shows: the newest rows of each list. Older rows are kept
# (and counted in the three figures) but not listed.
HISTORY_LIMIT = 20
CHECK_IN_LIMIT = 14
UNSENT_LIMIT = 20
REASON_LIMIT = 100  # accounts.services.MAX_URGE_REASONS: the list is never cut short
# Words for the check-in moods (1 to 5), shown beside the number and in the history.
MOOD_WORDS = {1: "Really hard", 2: "Low", 3: "Okay", 4: "Good", 5: "Strong"}


@dataclass(frozen=True)
class Dashboard:
    badge: selectors.StreakBadge | None
    open_streak: Streak | None
    today: datetime.date
    today_check_in: CheckIn | None
    recent_check_ins: list[CheckIn]
    milestones: list[int]
    next_milestone: int | None
    days_to_next: int | None
    past_streaks: list[Streak]
    more_past_streaks: bool
    contact_events: list[ContactEvent]
    more_contact_events: bool

    @property
    def checked_in_today(self) -> bool:
        return self.today_check_in is not None


def _capped(queryset, limit: int) -> tuple[list, bool]:
    """The first `limit` rows and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def dashboard_for(member, *, now=None) -> Dashboard:
    """The member's own streak page. Six queries, whatever the history holds: the three
    figures (one, accounts.selectors), the open streak, recent check-ins (today's is the
    first), milestones earned, past streaks and contact events (each capped)."""
    now = now or timezone.now()
    today = streaks.local_date(selectors.zone_named(member.time_zone), now)
    badge = selectors.streak_badge_for(member, viewer=member, now=now)
    open_streak = Streak.objects.filter(member=member, ended_on__isnull=True).first()
    recent = list(CheckIn.objects.filter(member=member).order_by("-day")[:CHECK_IN_LIMIT])
    for check in recent:
        check.mood_word = MOOD_WORDS.get(check.mood, "")
    today_check_in = recent[0] if recent and recent[0].day == today else None
    held = set(MilestoneAward.objects.filter(member=member).values_list("days", flat=True))
    current = open_streak.days_on(today) if open_streak else None
    # The running streak may have passed a milestone since the last award (no check-in yet
    # today): show it, as the badge does.
    held.update(streaks.milestones_within(current or 0))
    upcoming = [m for m in streaks.MILESTONES if current is not None and m > current]
    past, more_past = _capped(
        Streak.objects.filter(member=member, ended_on__isnull=False).order_by("-started_on"),
        HISTORY_LIMIT,
    )
    events, more_events = _capped(
        ContactEvent.objects.filter(member=member).order_by("-occurred_at"), HISTORY_LIMIT
    )
    return Dashboard(
        badge=badge,
        open_streak=open_streak,
        today=today,
        today_check_in=today_check_in,
        recent_check_ins=recent,
        milestones=sorted(held),
        next_milestone=upcoming[0] if upcoming else None,
        days_to_next=(upcoming[0] - current) if upcoming else None,
        past_streaks=past,
        more_past_streaks=more_past,
        contact_events=events,
        more_contact_events=more_events,
    )


def urge_reasons_of(member) -> list[UrgeReason]:
    return list(UrgeReason.objects.filter(member=member).order_by("position", "pk")[:REASON_LIMIT])


def unsent_messages_of(member) -> tuple[list[UnsentMessage], bool]:
    return _capped(
        UnsentMessage.objects.filter(member=member).order_by("-created_at"), UNSENT_LIMIT
    )


def _own(model, member, pk):
    """`member`'s own row of `model`, or Http404 — the same for a missing row and for a row
    that belongs to someone else, so an id reveals nothing."""
    row = model.objects.filter(member=member, pk=pk).first() if member.is_authenticated else None
    if row is None:
        raise Http404("Not found.")
    return row


def get_urge_reason_for(member, pk: int) -> UrgeReason:
    return _own(UrgeReason, member, pk)


def get_unsent_message_for(member, pk: int) -> UnsentMessage:
    return _own(UnsentMessage, member, pk)
