"""Reads for the member's own streak dashboard (/streak/) and SOS page (/sos/).

Everything here is private to the member: each read filters on the member itself, so there
is no way to ask for someone else's rows, and the fetch-and-authorize helpers raise the same
404 for another member's reason or message as for one that does not exist (nothing is
revealed). Lists are read a page at a time, so each page runs a constant number of queries
whatever the member's history holds. Nothing here writes (a page view never awards a milestone).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from accounts import selectors
from accounts.models import (
    CheckIn,
    ContactEvent,
    MilestoneAward,
    Streak,
    UnsentMessage,
    UrgeHeld,
    UrgeReason,
    User,
)
from accounts.streaks import counting
from core.prepared import prepared

# How many rows of each list a page shows, newest first; "Older" links page through the rest.
HISTORY_LIMIT = 20
CHECK_IN_LIMIT = 14
UNSENT_LIMIT = 20
REASON_LIMIT = 100  # keepsakes.MAX_URGE_REASONS: the list is never cut short
# Words for the check-in moods (1 to 5), shown beside the number and in the history.
MOOD_WORDS = {1: "Really hard", 2: "Low", 3: "Okay", 4: "Good", 5: "Strong"}


@dataclass(frozen=True)
class Window:
    """One page of a member's list, newest first: `rows`, its `number` (1 is the newest)
    and whether older rows follow. Read in one query — no COUNT — by asking for one row
    more than the page shows."""

    rows: list
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


MAX_PAGE = 10_000  # an OFFSET beyond any real history (and within every database's integers)


def page_number(value) -> int:
    """A page number from a query string: 1 for anything odd."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _window(queryset, number: int, limit: int) -> Window:
    start = (number - 1) * limit
    rows = list(queryset[start : start + limit + 1])
    return Window(rows=rows[:limit], number=number, has_older=len(rows) > limit)


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
    past_streaks: Window
    contact_events: Window
    # The milestone moment: the highest award the member has not seen celebrated yet (None:
    # nothing new). Shown until the member closes it (a POST to accounts:milestone_seen).
    moment: int | None = None
    # Urges ridden out ("I held on" on the SOS page): in all, and during the running streak.
    # Private: only this page (the member's own) shows them.
    urges_held: int = 0
    urges_held_this_streak: int = 0

    @property
    def checked_in_today(self) -> bool:
        return self.today_check_in is not None

    @property
    def current_days(self) -> int | None:
        return self.badge.current_days if self.badge else None


def dashboard_for(member, *, streaks_page: int = 1, events_page: int = 1, now=None) -> Dashboard:
    """The member's own streak page. Seven queries, whatever the history holds: the three
    figures (one, accounts.selectors), the open streak, recent check-ins (today's is the
    first), milestones earned (and which are not yet seen: the milestone moment), urges held
    (in all and this streak, one aggregate), and a page each of past streaks (each with its
    urges held) and contact events."""
    now = now or timezone.now()
    today = counting.local_date(selectors.zone_named(member.time_zone), now)
    badge = selectors.streak_badge_for(member, viewer=member, now=now)
    open_streak = Streak.objects.filter(member=member, ended_on__isnull=True).first()
    recent = list(CheckIn.objects.filter(member=member).order_by("-day")[:CHECK_IN_LIMIT])
    for check in recent:
        check.mood_word = MOOD_WORDS.get(check.mood, "")
    today_check_in = recent[0] if recent and recent[0].day == today else None
    awards = list(MilestoneAward.objects.filter(member=member).values_list("days", "seen_at"))
    held = {days for days, _ in awards}
    unseen = [days for days, seen_at in awards if seen_at is None]
    current = open_streak.days_on(today) if open_streak else None
    # The running streak may have passed a milestone since the last award (no check-in yet
    # today): show it, as the badge does.
    held.update(counting.milestones_within(current or 0))
    upcoming = [m for m in counting.MILESTONES if current is not None and m > current]
    urges = UrgeHeld.objects.filter(member=member).aggregate(
        total=Count("pk"),
        running=Count("pk", filter=Q(streak__isnull=False, streak__ended_on__isnull=True)),
    )
    past = _window(
        Streak.objects.filter(member=member, ended_on__isnull=False)
        .annotate(urges_held_count=Count("urges_held"))
        .order_by("-started_on"),
        streaks_page,
        HISTORY_LIMIT,
    )
    events = _window(
        ContactEvent.objects.filter(member=member).order_by("-occurred_at"),
        events_page,
        HISTORY_LIMIT,
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
        contact_events=events,
        moment=max(unseen) if unseen else None,
        urges_held=urges["total"],
        urges_held_this_streak=urges["running"],
    )


def urge_reasons_of(member) -> list[UrgeReason]:
    return list(UrgeReason.objects.filter(member=member).order_by("position", "pk")[:REASON_LIMIT])


def unsent_messages_of(member, *, page: int = 1) -> Window:
    return _window(
        UnsentMessage.objects.filter(member=member).order_by("-created_at"), page, UNSENT_LIMIT
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


# --- The home page's "today" panel ---------------------------------------------------------


def zone_place(name: str) -> str:
    """A time zone as a member says it: "Europe/Lisbon" -> "Lisbon", "America/Argentina/
    Buenos_Aires" -> "Buenos Aires", "UTC" -> "UTC"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class Today:
    """What the home page's "today" panel shows of the member's streak: their running days
    (None: no streak running), whether they have checked in today, and whose calendar the
    days follow."""

    today: datetime.date
    started_on: datetime.date | None
    checked_in_today: bool
    zone_name: str

    @property
    def days(self) -> int | None:
        return (
            None if self.started_on is None else counting.days_between(self.started_on, self.today)
        )

    @property
    def days_label(self) -> str:
        return counting.plural_days(self.days or 0)

    @property
    def place(self) -> str:
        return zone_place(self.zone_name)


# A check-in's day is the member's date when they made it, so after a move to a time zone far
# behind, up to two may lie after their new today: today's, if any, is among the last three.
_LAST_CHECK_INS = 3


@prepared
def _day_of(member_id):
    # Today's date would make this SQL that cannot be kept (core.prepared), and building it
    # cost a member's home page a tenth of its time: the last few days are compared below.
    days = CheckIn.objects.filter(member=OuterRef("pk")).order_by("-day").values("day")
    last = {f"day{n}": Subquery(days[n : n + 1]) for n in range(_LAST_CHECK_INS)}
    fields = ("streak_started_on", *last)
    return User.objects.filter(pk=member_id).annotate(**last).values_list(*fields)


def today_for(member, *, now=None) -> Today:
    """The member's day at a glance. One query, whatever their history: the running streak's
    start is stored on the member's own row (accounts.streaks.figures), their last check-in
    days ride along."""
    now = now or timezone.now()
    zone = selectors.zone_named(member.time_zone)
    today = counting.local_date(zone, now)
    started_on, *last_check_ins = _day_of.fetch(member_id=member.pk)[0]
    return Today(
        today=today,
        started_on=started_on,
        checked_in_today=today in last_check_ins,
        zone_name=zone.key,
    )


def has_open_streak(member) -> bool:
    """One query."""
    return Streak.objects.filter(member=member, ended_on__isnull=True).exists()
