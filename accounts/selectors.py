"""Reads that pages share about members and their streaks. Each function says how many
queries it runs; none of them writes (page views never award milestones — see
accounts.services.award_milestones)."""

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts import hooks, names, permissions, roles
from accounts.models import MilestoneAward, StreakDisplay, User
from accounts.streaks import counting, figures
from core.confusables import skeleton
from core.prepared import prepared

_UTC = zoneinfo.ZoneInfo("UTC")


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The member's zone; UTC if the zone database no longer knows the name (never a 500)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _UTC


@dataclass(frozen=True)
class StreakBadge:
    """A member's streak as one viewer may see it: the three figures and the top milestone.

    `exact` is False when the member shows ranges ("30+ days") to others; the owner always
    sees exact numbers. `current_days` is None between streaks.
    """

    member_id: int
    current_days: int | None
    longest_days: int
    total_days: int
    top_milestone: int | None
    exact: bool
    is_owner: bool = False
    # The running streak began before the account existed: the member's word, which we could
    # not have seen, so every place that shows the figure says so.
    self_reported: bool = False

    def _label(self, days: int) -> str:
        return counting.days_label(days, exact=self.exact)

    @property
    def current_label(self) -> str:
        return "no streak running" if self.current_days is None else self._label(self.current_days)

    @property
    def longest_label(self) -> str:
        return self._label(self.longest_days)

    @property
    def total_label(self) -> str:
        return self._label(self.total_days)

    def _short(self, days: int) -> str:
        if self.exact:
            return str(days)
        floors = [floor for floor in counting.RANGE_FLOORS if floor <= days]
        return f"{floors[-1]}+" if floors else "0"

    @property
    def longest_short(self) -> str:
        return self._short(self.longest_days)

    @property
    def total_short(self) -> str:
        return self._short(self.total_days)

    @property
    def milestone_label(self) -> str:
        return "" if self.top_milestone is None else f"{counting.plural_days(self.top_milestone)}"

    @property
    def summary(self) -> str:
        """One sentence for screen readers and the badge's tooltip."""
        current = self.current_label
        if self.self_reported:
            current += " (start self-reported)"
        parts = [
            f"Current streak: {current}",
            f"longest: {self.longest_label}",
            f"total no-contact days: {self.total_label}",
        ]
        if self.top_milestone:
            parts.append(f"top milestone: {self.milestone_label}")
        return "; ".join(parts) + "."


def _visible_milestone(days: int | None, *, exact: bool) -> int | None:
    """In range mode a milestone would say more than the range does (60 inside "30+"), so
    only milestones that are also range floors are shown."""
    if days is None or exact:
        return days
    floors = [floor for floor in counting.RANGE_FLOORS if floor <= days]
    return floors[-1] if floors else None


def author_figure_fields(member_field: str = "author") -> tuple[str, ...]:
    """What a query of rows pointing at members (posts, say) must load of each member for
    badges_from_rows(): for its only() list, beside select_related(member_field). The figures
    are stored on the member (accounts.streaks.figures), so the badges cost no query."""
    fields = ("time_zone", "streak_visibility", "streak_display", *figures.FIELDS)
    return tuple(f"{member_field}__{name}" for name in fields)


def badges_from_rows(
    rows: Iterable, *, viewer, member_field: str = "author", now=None
) -> dict[int, "StreakBadge | None"]:
    """{member_id: badge} from rows whose member was loaded with author_figure_fields().
    No query."""
    now = now or timezone.now()
    badges = {}
    for row in rows:
        member = getattr(row, member_field)
        if member is not None and member.pk not in badges:
            badges[member.pk] = _badge_from(member, viewer=viewer, now=now)
    return badges


def _badge_from(
    member, *, viewer, now: datetime.datetime, as_buddy: bool = False
) -> "StreakBadge | None":
    """`member` carries the privacy fields and the stored streak figures. `as_buddy`:
    the caller checked permissions.can_see_buddy_streak, which lets a buddy in whatever the
    streak's privacy (the member's choice of exact or rounded figures still holds)."""
    is_owner = viewer.is_authenticated and viewer.pk == member.pk
    lets_in = permissions.sees(member.streak_visibility, viewer=viewer, owner_id=member.pk)
    if not (lets_in or as_buddy):
        return None
    started_on = member.streak_started_on
    longest_ended = member.streak_longest_ended or 0
    top_award = member.streak_top_award or 0
    if started_on is None and member.streak_total_ended is None:
        return None  # never started a streak: nothing to show (a Sum over no rows is NULL)
    current = None
    if started_on is not None:
        today = counting.local_date(zone_named(member.time_zone), now)
        current = counting.days_between(started_on, today)
    longest = max(current or 0, longest_ended)
    total = (current or 0) + (member.streak_total_ended or 0)
    # Awards are written on check-in, start and reset; the current streak may have passed a
    # milestone since (no check-in yet today), and a page view never writes: show the higher.
    top = max(top_award, counting.top_milestone(current or 0) or 0) or None
    exact = is_owner or member.streak_display == StreakDisplay.EXACT
    return StreakBadge(
        member_id=member.pk,
        current_days=current,
        longest_days=longest,
        total_days=total,
        top_milestone=_visible_milestone(top, exact=exact),
        exact=exact,
        is_owner=is_owner,
        self_reported=bool(current is not None and member.streak_self_reported),
    )


def streak_badges_for(
    users: Iterable, *, viewer, now: datetime.datetime | None = None, as_buddy: bool = False
) -> dict[int, StreakBadge | None]:
    """{user_id: StreakBadge or None} for any number of members, as `viewer` may see them
    (None: hidden from this viewer, or no streak ever). One query, none for no users.

    Accepts User objects or ids. A page that already fetches rows pointing at members (a
    thread's posts) can instead load author_figure_fields() with them and read the badges
    with badges_from_rows(): the same badges for no query at all.
    """
    ids = {getattr(user, "pk", user) for user in users if user is not None}
    ids.discard(None)
    if not ids:
        return {}
    now = now or timezone.now()
    badges = dict.fromkeys(ids)
    members = (
        User.objects.filter(pk__in=ids)
        .order_by()
        .only("pk", "time_zone", "streak_visibility", "streak_display", *figures.FIELDS)
    )
    for member in members:
        badges[member.pk] = _badge_from(member, viewer=viewer, now=now, as_buddy=as_buddy)
    return badges


def streak_badge_for(member, *, viewer, now=None, as_buddy=False) -> StreakBadge | None:
    """One member's badge (one query)."""
    return streak_badges_for([member], viewer=viewer, now=now, as_buddy=as_buddy).get(member.pk)


# --- The profile page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What `viewer` may see of `member` on /u/<username>/: name and join date always (they
    are beside every post anyway); bio, post count and recent posts when
    permissions.can_see_profile_details; the streak card and milestones when
    permissions.can_see_streak (`badge` is None otherwise, or before a first streak)."""

    member: User
    is_owner: bool
    shows_details: bool
    badge: StreakBadge | None
    milestones: tuple[int, ...]
    # The running streak began before the account existed: the member tells us, we could not
    # have seen it, and the card says so.
    self_reported: bool = False


def look_alikes_of(username: str, *, exclude_pk=None):
    """Members whose username looks like `username` (accounts.names): the same skeleton, or
    the same looser look-alike key. Both columns are indexed."""
    return User.objects.filter(
        Q(username_skeleton=skeleton(username))
        | Q(username_look_alike=names.look_alike_key(username))
    ).exclude(pk=exclude_pk)


# The id of each member whose profile this process served, by the name in its URL: a profile
# is then read by id, with SQL compiled once (core.prepared), where building the query by name
# cost a visitor's profile page a sixth of its time. Nothing here is trusted: the row read by
# id must carry that very name, or the name is looked up afresh.
_KNOWN_NAMES = 10_000
_known_names: dict[str, int] = {}


def active_member_named(username: str, *, now=None):
    """The member called `username` (any case), with their streak figures, or None
    for an unknown, deactivated or suspended member — and for a name no member could have (a
    NUL byte, which PostgreSQL refuses in a query, or longer than the column). One query."""
    if not names.could_name_a_member(username):
        return None
    now = now or timezone.now()
    shape = skeleton(username)
    known = _known_names.get(username)
    member = member_with_pk(known) if known is not None else None
    if member is None or member.username != username or member.username_skeleton != shape:
        member = _member_named(username, shape)
        if member is None:
            return None
        if len(_known_names) >= _KNOWN_NAMES:
            _known_names.clear()  # starts again: the names read most come back at once
        _known_names[member.username] = member.pk
    # The skeleton's index is unique, so this member is the only one the name could find.
    return member if _may_be_shown(member, now) else None


def _member_named(username: str, shape: str):
    # By the look-alike skeleton first: its unique index finds the one candidate (a
    # case-insensitive match alone scans the table on PostgreSQL), then the name itself.
    return User.objects.filter(username_skeleton=shape, username__iexact=username).first()


def forget_known_names() -> None:
    _known_names.clear()


def _may_be_shown(member, now) -> bool:
    """Active and not suspended: what the profile's query once asked in SQL."""
    suspended = member.suspended_forever or (
        member.suspended_until is not None and member.suspended_until > now
    )
    return member.is_active and not suspended


def badge_member_named(username: str):
    """The member a badge or milestone card names, with only the fields its privacy rules read,
    or None (deactivated members are not found). One query, by the unique skeleton index as in
    active_member_named. None, without a query, for a name no member could have."""
    if not names.could_name_a_member(username):
        return None
    return (
        User.objects.active()
        .filter(username_skeleton=skeleton(username), username__iexact=username)
        .only("pk", "username", "time_zone", "streak_visibility", "streak_display")
        .first()
    )


@prepared
def _member_with_pk(member_id):
    figures = {name: build() for name, build in hooks.member_row_figures.items()}
    return User.objects.filter(pk=member_id).annotate(
        in_moderators_group=roles.in_moderators_group(), **figures
    )


def member_with_pk(pk: int):
    """The member with this id, or None (one query, which also answers is_moderator()): who
    a session, an unsubscribe link or a profile's remembered name points at."""
    found = _member_with_pk.fetch(member_id=pk)
    if not found:
        return None
    member = found[0]
    roles.remember_is_moderator(member, member.is_staff or member.in_moderators_group)
    return member


@prepared  # asked by every profile page that shows a streak
def _milestones_earned(member_id):
    return MilestoneAward.objects.filter(member_id=member_id).values_list("days", flat=True)


def profile_for(member: User, *, viewer, now=None) -> Profile:
    """`member` from active_member_named() (its streak figures are read from the row), as
    `viewer` may see it. One query for the milestones when the streak is shown, else none."""
    now = now or timezone.now()
    badge = _badge_from(member, viewer=viewer, now=now)
    milestones: tuple[int, ...] = ()
    if badge is not None:
        days = set(_milestones_earned.fetch(member_id=member.pk))
        # The running streak may have passed a milestone since the last award (a page view
        # never writes): count it, like the badge does.
        days.update(counting.milestones_within(badge.current_days or 0))
        # In range mode only the range floors are shown: "60 days" would say more than "30+".
        if not badge.exact:
            days &= set(counting.RANGE_FLOORS)
        milestones = tuple(sorted(days))
    return Profile(
        member=member,
        is_owner=viewer.is_authenticated and viewer.pk == member.pk,
        shows_details=permissions.can_see_profile_details(viewer, member),
        badge=badge,
        milestones=milestones,
        self_reported=bool(
            badge is not None and badge.current_days is not None and member.streak_self_reported
        ),
    )
