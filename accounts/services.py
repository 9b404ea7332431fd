"""Every change to a member's streak: start, check in, log contact, end. Each function is
keyword-only, takes `now=None` so tests can fix the time, writes inside one transaction, and
counts days on the member's own calendar (accounts.streaks.counting).

Milestones are awarded here (never on a page view), once each per member and kept after any
reset; accounts.signals.milestone_reached is sent for each new award after the commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import pagecache as page_cache
from accounts import roles, selectors, signals
from accounts.email import sending as emails
from accounts.models import (
    CheckIn,
    ContactEvent,
    MilestoneAward,
    Streak,
    User,
)
from accounts.streaks import counting, figures

# The keepsakes beside the streak (accounts.streaks.services.keepsakes): callers find them here.
from accounts.streaks.services.keepsakes import (  # noqa: F401
    add_urge_reason,
    delete_unsent_message,
    delete_urge_reason,
    save_unsent_message,
    update_urge_reason,
)
from core.markdown import render_markdown


def profile_scope(username: str) -> str:
    """The visitor page cache scope (pagecache) of a member's profile and SVG badge:
    every service that changes what they show bumps it."""
    return f"member:{username.lower()}"


def _profile_changed(member) -> None:
    page_cache.bump_on_commit(profile_scope(member.username))


def _today(member, now: datetime.datetime) -> datetime.date:
    return counting.local_date(selectors.zone_named(member.time_zone), now)


def open_streak(member, *, lock: bool = False) -> Streak | None:
    """The member's running streak. `lock=True` (inside a transaction) takes its row lock
    first, as end_streak does: on PostgreSQL a milestone award's foreign key share-locks the
    streak row, so a check-in awarding milestones while a reset holds that row, each then
    inserting the same award, would deadlock. Taking the row first orders them instead."""
    streaks_ = Streak.objects.filter(member=member, ended_on__isnull=True)
    return (streaks_.select_for_update() if lock else streaks_).first()


def award_milestones(*, member, streak: Streak, now=None) -> list[int]:
    """Award every milestone `streak` has reached that `member` does not hold yet. Idempotent
    (the unique constraint decides under concurrency). Returns the newly awarded days."""
    # Callers are inside their own transaction (check_in); no savepoint of its own.
    with transaction.atomic(savepoint=False):
        new = _award_milestones(member=member, streak=streak, now=now)
        if new:
            figures.refresh_figures(member=member)
    return new


def _award_milestones(*, member, streak: Streak, now=None) -> list[int]:
    """award_milestones without refreshing the stored figures: for the services below, which
    write the streak too and refresh once after both."""
    now = now or timezone.now()
    days = streak.days_on(_today(member, now))
    held = set(MilestoneAward.objects.filter(member=member).values_list("days", flat=True))
    new = []
    for milestone in counting.milestones_within(days):
        if milestone in held:
            continue
        try:
            with transaction.atomic():
                MilestoneAward.objects.create(
                    member=member, days=milestone, streak=streak, awarded_at=now
                )
        except IntegrityError:
            continue  # a concurrent request awarded it first
        new.append(milestone)
    if new:
        _profile_changed(member)
        # Celebrated once, for the highest: a back-dated start reaches several at once, and
        # one note (and one email) saying "365 days" says it all; nine would be noise.
        transaction.on_commit(
            lambda: signals.milestone_reached.send(
                sender=MilestoneAward, member=member, days=max(new), now=now
            )
        )
        emails.enqueue_on_commit(emails.send_milestone_email, member_id=member.pk, days=max(new))
    return new


def _refuse_overlap(member, started_on: datetime.date) -> None:
    """A streak cannot start inside an earlier one's span: the total would count the same
    days twice (56 total days in a 46-day span). Starting the day the last one ended is fine
    (an ended streak counts its start up to, not including, its end day)."""
    previous_end = (
        Streak.objects.filter(member=member, ended_on__isnull=False)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if previous_end is not None and started_on < previous_end:
        raise ValidationError(
            f"Your previous streak ended on {previous_end:%-d %B %Y}, so this one can "
            "start that day or later.",
            code="overlaps",
        )


def start_streak(*, member, started_on: datetime.date, now=None) -> Streak:
    """Open a streak from `started_on` (today or earlier on the member's calendar; a date
    before the account existed is kept as self-reported). Refuses a future date, a date
    inside a previous streak and a second open streak with a ValidationError whose message
    can be shown as is."""
    now = now or timezone.now()
    today = _today(member, now)
    if started_on > today:
        raise ValidationError(
            "A streak can start today or on a past day, not in the future.", code="future"
        )
    if started_on < counting.earliest_start(today):
        raise ValidationError(
            f"A streak can start up to {counting.EARLIEST_START_YEARS} years back.", code="too_old"
        )
    joined_on = _today(member, member.date_joined)
    with transaction.atomic():
        _refuse_overlap(member, started_on)
        try:
            with transaction.atomic():
                streak = Streak.objects.create(
                    member=member,
                    started_on=started_on,
                    self_reported=started_on < joined_on,
                    created_at=now,
                )
        except IntegrityError:
            raise ValidationError(
                "You already have a streak running.", code="already_running"
            ) from None
        _award_milestones(member=member, streak=streak, now=now)
        figures.refresh_figures(member=member)
        _profile_changed(member)
    return streak


def check_in(*, member, mood: int | None = None, note: str = "", now=None) -> CheckIn:
    """Today's check-in (today on the member's calendar). A second check-in the same day,
    even one racing this one, updates nothing and returns the existing row: it counts once.
    The returned row's `is_new` says which happened (False: they had already checked in)."""
    now = now or timezone.now()
    day = _today(member, now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                check = CheckIn.objects.create(
                    member=member, day=day, mood=mood, note=note, created_at=now
                )
            check.is_new = True
        except IntegrityError:
            check = CheckIn.objects.get(member=member, day=day)
            check.is_new = False
        streak = open_streak(member, lock=True)
        if streak is not None:
            award_milestones(member=member, streak=streak, now=now)
    return check


def end_streak(*, member, reflection: str = "", kind: str | None = None, now=None) -> Streak | None:
    """End the open streak on today's date with an optional private reflection. `kind`, if
    the member says what the contact was (one of ContactEvent.ENDS_STREAK), is kept in the
    history as a contact event of the streak it ended. Returns the ended streak, or None if
    none was running (nothing to do, nothing recorded)."""
    if kind is not None and kind not in ContactEvent.ENDS_STREAK:
        raise ValueError(f"{kind!r} does not end a streak")
    now = now or timezone.now()
    today = _today(member, now)
    with transaction.atomic():
        streak = open_streak(member, lock=True)
        if streak is None:
            return None
        if kind is not None:
            ContactEvent.objects.create(member=member, kind=kind, occurred_at=now, streak=streak)
        _award_milestones(member=member, streak=streak, now=now)
        streak.ended_on = max(today, streak.started_on)
        streak.length_days = counting.days_between(streak.started_on, streak.ended_on)
        streak.reflection = reflection
        streak.ended_at = now
        streak.save(update_fields=["ended_on", "length_days", "reflection", "ended_at"])
        figures.refresh_figures(member=member)
        _profile_changed(member)
    return streak


def log_contact_event(
    *, member, kind: str, note: str = "", reflection: str = "", now=None
) -> ContactEvent:
    """Record contact ("Something happened"). Only the member's own reaching out or replying
    ends the open streak — with the optional private `reflection` — and a new streak then
    starts from today on its own (the member can move its start date afterwards with
    change_streak_start). The other kinds are kept in the history and never reset anything.
    Atomic: the event, the ended streak and the new one are written together or not at all.
    The event's `new_streak` is the streak started, or None."""
    now = now or timezone.now()
    with transaction.atomic():
        streak = open_streak(member, lock=True)
        event = ContactEvent.objects.create(
            member=member, kind=kind, note=note, occurred_at=now, streak=streak
        )
        event.new_streak = None
        if streak is not None and kind in ContactEvent.ENDS_STREAK:
            end_streak(member=member, reflection=reflection, now=now)
            event.new_streak = start_streak(member=member, started_on=_today(member, now), now=now)
    return event


def change_streak_start(*, member, started_on: datetime.date, now=None) -> Streak:
    """Move the open streak's start date (after a reset the new streak starts today; the
    member may know better). The rules of start_streak hold — not in the future, and a day
    before the account existed is marked self-reported — and the streak cannot begin before
    the previous one ended (the two would count the same days twice). Milestones the earlier
    date reaches are awarded. Atomic; a refusal is a ValidationError whose message can be
    shown as is."""
    now = now or timezone.now()
    today = _today(member, now)
    if started_on > today:
        raise ValidationError(
            "A streak can start today or on a past day, not in the future.", code="future"
        )
    with transaction.atomic():
        streak = open_streak(member, lock=True)
        if streak is None:
            raise ValidationError(
                "There's no streak running to change. You can start one below.", code="no_streak"
            )
        _refuse_overlap(member, started_on)
        streak.started_on = started_on
        streak.self_reported = started_on < _today(member, member.date_joined)
        streak.save(update_fields=["started_on", "self_reported"])
        _award_milestones(member=member, streak=streak, now=now)
        figures.refresh_figures(member=member)
        _profile_changed(member)
    return streak


def mark_milestones_seen(*, member, now=None) -> int:
    """The member has seen their milestone moment: every award not yet seen is marked seen,
    so the celebration shows once. One UPDATE statement (atomic on its own, and idempotent:
    a second call, or a second tab, marks nothing). Returns how many were marked."""
    now = now or timezone.now()
    return MilestoneAward.objects.filter(member=member, seen_at__isnull=True).update(seen_at=now)


# --- The look of the pages ------------------------------------------------------------------


def set_theme(*, member: User, theme: str) -> User:
    """Remember the member's light or dark choice (a Theme value, checked by the view). Their
    own cached pages are forgotten by MemberPageCacheMiddleware, as after any POST they make."""
    member.theme = theme
    with transaction.atomic():
        member.save(update_fields=["theme"])
    return member


# --- The profile (PROFILE engineer) ---------------------------------------------------------


def update_profile(
    *,
    member: User,
    display_name: str,
    bio: str,
    time_zone: str,
    streak_visibility: str,
    streak_display: str,
    profile_visibility: str,
    celebrate_milestones: bool,
    country: str = "",
) -> User:
    """Save the member's profile and privacy choices (validated by the settings form). The bio
    is rendered to sanitized HTML here, once (core.markdown), never on a page view.

    The member's cached profile and badge are forgotten; when what is shown beside their posts
    changes (name, streak privacy), every cached page is, so a streak made private disappears
    from visitors' thread pages at once rather than after the cache timeout."""
    beside_posts = (member.public_name, member.streak_visibility, member.streak_display)
    streak_privacy = (member.streak_visibility, member.streak_display)
    member.display_name = display_name
    member.bio = bio
    member.bio_html = render_markdown(bio) if bio.strip() else ""
    member.time_zone = time_zone
    member.streak_visibility = streak_visibility
    member.streak_display = streak_display
    member.profile_visibility = profile_visibility
    member.celebrate_milestones = celebrate_milestones
    member.country = country
    with transaction.atomic():
        member.save(
            update_fields=[
                "country",
                "display_name",
                "bio",
                "bio_html",
                "time_zone",
                "streak_visibility",
                "streak_display",
                "profile_visibility",
                "celebrate_milestones",
            ]
        )
        _profile_changed(member)
        if beside_posts != (member.public_name, member.streak_visibility, member.streak_display):
            page_cache.bump_on_commit(page_cache.SITE)
        if streak_privacy != (member.streak_visibility, member.streak_display):
            # forum withdraws celebration posts that now say too much (forum/celebrations.py).
            transaction.on_commit(
                lambda: signals.streak_privacy_changed.send(sender=User, member=member)
            )
    return member


def set_display_name(*, member: User, display_name: str) -> User:
    """The welcome's first step: the name shown beside the member's posts (validated by
    accounts.forms.DisplayNameForm; empty means their username). Atomic; forgets the cached
    pages that show the name, as update_profile() does."""
    if display_name == member.display_name:
        return member
    member.display_name = display_name
    with transaction.atomic():
        member.save(update_fields=["display_name"])
        _profile_changed(member)
        page_cache.bump_on_commit(page_cache.SITE)  # the name beside their posts


# --- Care shifts (accounts.roles) ---------------------------------------------------------------


def update_care_shift(*, member: User, shift_start, shift_end) -> User:
    """Save a guide's or moderator's hours on shift (their own clock; both or neither).
    Only guides and moderators keep a shift."""
    if not roles.is_guide_or_moderator(member):
        raise PermissionError("Only guides and moderators keep a shift.")
    if (shift_start is None) != (shift_end is None):
        raise ValueError("A shift needs a start and an end, or neither.")
    member.shift_start, member.shift_end = shift_start, shift_end
    with transaction.atomic():
        member.save(update_fields=["shift_start", "shift_end"])
    return member
