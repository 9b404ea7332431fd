"""Reads for the buddy pages (/buddy/, /buddy/find/) and the SOS page's "Ping my buddy".

Each fetch-and-authorize helper raises the same 404 for a pairing or ping that does not
exist as for one the member is not part of: nothing is revealed about other members."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts import permissions, selectors
from accounts.buddies import hooks
from accounts.models import BuddyFinderEntry, BuddyPairing, BuddyPing, Streak, User
from accounts.streaks import counting

PING_LIMIT = 20  # the newest pings and replies the buddy page shows
FINDER_LIMIT = 20  # matches shown
FINDER_CANDIDATES = 500  # opted-in members read per visit, before matching by time zone
FINDER_HOURS = 3  # a match's clock is at most this many hours from the member's


def open_pairing_for(member) -> BuddyPairing | None:
    """The member's open invitation or pairing, with both members. One query."""
    return BuddyPairing.objects.open_for(member).select_related("inviter", "invitee").first()


def get_pairing_for(member, pk) -> BuddyPairing:
    """A pairing `member` is part of, or the same 404 for any other."""
    pairing = (
        BuddyPairing.objects.filter(Q(inviter=member) | Q(invitee=member), pk=pk)
        .select_related("inviter", "invitee")
        .first()
    )
    if pairing is None:
        raise Http404
    return pairing


def get_received_ping_for(member, pk) -> BuddyPing:
    """A ping sent TO `member`, or the same 404 for any other."""
    ping = (
        BuddyPing.objects.filter(recipient=member, pk=pk)
        .select_related("pairing__inviter", "pairing__invitee")
        .first()
    )
    if ping is None:
        raise Http404
    return ping


def current_days_of(member, *, now=None) -> int | None:
    """Days in the member's running streak (None between streaks). One query."""
    started = (
        Streak.objects.filter(member=member, ended_on__isnull=True)
        .values_list("started_on", flat=True)
        .first()
    )
    if started is None:
        return None
    today = counting.local_date(selectors.zone_named(member.time_zone), now or timezone.now())
    return counting.days_between(started, today)


@dataclass(frozen=True)
class BuddyPage:
    pairing: BuddyPairing | None
    buddy: User | None  # the other member of the open pairing or invitation
    badge: selectors.StreakBadge | None  # the buddy's streak: only while the pairing is active
    pings: list[BuddyPing]
    in_finder: bool
    why_not_finder: str | None  # None: the member may opt in to be found

    @property
    def is_active(self) -> bool:
        return self.pairing is not None and self.pairing.is_active

    @property
    def invited_me(self) -> bool:
        """An invitation the member received (and may accept or decline)."""
        return (
            self.pairing is not None
            and not self.is_active
            and self.pairing.inviter_id == self.buddy.pk
        )


def buddy_page_for(member, *, now=None) -> BuddyPage:
    """Everything /buddy/ shows. At most five queries: the open pairing, the buddy's streak
    (active pairings), their pings, the finder opt-in and the member's own running streak."""
    now = now or timezone.now()
    pairing = open_pairing_for(member)
    buddy = pairing.other_than(member) if pairing else None
    badge, pings = None, []
    if permissions.can_see_buddy_streak(member, pairing):
        badge = selectors.streak_badge_for(buddy, viewer=member, now=now, as_buddy=True)
        pings = list(
            BuddyPing.objects.filter(pairing=pairing)
            .select_related("sender")
            .order_by("-sent_at", "-pk")[:PING_LIMIT]
        )
    in_finder = BuddyFinderEntry.objects.filter(member=member).exists()
    why_not = permissions.why_cannot_join_buddy_finder(member, current_days_of(member, now=now))
    return BuddyPage(
        pairing=pairing,
        buddy=buddy,
        badge=badge,
        pings=pings,
        in_finder=in_finder,
        why_not_finder=why_not,
    )


def active_pairing_for(member) -> BuddyPairing | None:
    """The SOS page's question: is there a buddy to ping? One query."""
    return BuddyPairing.objects.active_for(member).select_related("inviter", "invitee").first()


def _utc_offset_hours(zone_name: str, now: datetime.datetime) -> float:
    offset = now.astimezone(selectors.zone_named(zone_name)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def finder_matches_for(member, *, now=None) -> list[User]:
    """Members who opted in to be found, still at 90+ days, free (no open invitation or
    pairing), not blocked either way, whose clock is within FINDER_HOURS of the member's —
    nearest first. Three queries: blocks, open pairings' members, and the candidates with
    their running streak's start."""
    now = now or timezone.now()
    blocked = hooks.blocked_either_way(member)
    busy = BuddyPairing.objects.filter(status__in=BuddyPairing.OPEN).values_list(
        "inviter_id", "invitee_id"
    )
    busy_ids = {pk for pair in busy for pk in pair}
    # 90 days by the UTC calendar: a member's own calendar is at most a day away from it.
    cutoff = now.astimezone(datetime.UTC).date() - datetime.timedelta(
        days=permissions.BUDDY_FINDER_DAYS
    )
    candidates = (
        BuddyFinderEntry.objects.exclude(member=member)
        .filter(
            member__is_active=True,
            member__streaks__ended_on__isnull=True,
            member__streaks__started_on__lte=cutoff,
        )
        .exclude(member_id__in=blocked | busy_ids)
        .select_related("member")
        .order_by("opted_in_at")[:FINDER_CANDIDATES]
    )
    mine = _utc_offset_hours(member.time_zone, now)
    matches = []
    for entry in candidates:
        other = entry.member
        if other.is_suspended(now) or other.is_silenced(now):
            continue
        distance = abs(_utc_offset_hours(other.time_zone, now) - mine)
        distance = min(distance, 24 - distance)
        if distance <= FINDER_HOURS:
            matches.append((distance, other.username.casefold(), other))
    matches.sort(key=lambda match: match[:2])
    return [other for _, _, other in matches[:FINDER_LIMIT]]
