"""accounts.streaks.selectors.dashboard_for: what the member's own streak page shows."""

import datetime

from accounts import services
from accounts.models import MilestoneAward
from accounts.streaks import selectors as streak_selectors

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


def test_dashboard_before_any_streak(member):
    board = streak_selectors.dashboard_for(member, now=NOW)
    assert board.badge is None and board.open_streak is None
    assert (board.next_milestone, board.days_to_next, board.milestones) == (None, None, [])
    assert not board.checked_in_today


def test_dashboard_next_milestone_and_days_to_go(member):
    services.start_streak(member=member, started_on=days_ago(20), now=NOW)
    board = streak_selectors.dashboard_for(member, now=NOW)
    assert (board.next_milestone, board.days_to_next) == (30, 10)
    assert board.badge.current_days == 20


def test_dashboard_past_every_milestone_has_no_next(member):
    services.start_streak(member=member, started_on=days_ago(400), now=NOW)
    assert streak_selectors.dashboard_for(member, now=NOW).next_milestone is None


def test_dashboard_counts_a_milestone_passed_since_the_last_award(member):
    services.start_streak(member=member, started_on=days_ago(2), now=NOW)
    later = NOW + datetime.timedelta(days=6)  # 8 days, no check-in since: 7 not awarded yet
    assert not MilestoneAward.objects.filter(member=member, days=7).exists()
    assert 7 in streak_selectors.dashboard_for(member, now=later).milestones


def test_dashboard_keeps_milestones_after_a_reset(member):
    services.start_streak(member=member, started_on=days_ago(15), now=NOW)
    services.end_streak(member=member, now=NOW)
    board = streak_selectors.dashboard_for(member, now=NOW)
    assert board.milestones == [1, 3, 7, 14]
    assert board.next_milestone is None  # no streak running
    assert [s.length_days for s in board.past_streaks] == [15]


def test_dashboard_todays_check_in_is_on_the_members_calendar(member):
    member.time_zone = "America/Los_Angeles"
    member.save()
    evening = datetime.datetime(2026, 6, 15, 4, 0, tzinfo=datetime.UTC)  # 21:00 on the 14th there
    services.check_in(member=member, mood=2, now=evening)
    assert streak_selectors.dashboard_for(member, now=evening).checked_in_today
    next_morning = evening + datetime.timedelta(hours=12)  # 09:00 on the 15th there
    board = streak_selectors.dashboard_for(member, now=next_morning)
    assert not board.checked_in_today
    assert board.recent_check_ins[0].mood_word == "Low"


def test_dashboard_moment_is_the_highest_unseen_award(member):
    services.start_streak(member=member, started_on=days_ago(8), now=NOW)  # awards 1, 3, 7
    assert streak_selectors.dashboard_for(member, now=NOW).moment == 7
    services.mark_milestones_seen(member=member, now=NOW)
    assert streak_selectors.dashboard_for(member, now=NOW).moment is None


def test_dashboard_moment_waits_for_the_award_not_the_calendar(member):
    # A page view never writes: a milestone passed since the last award is listed, but its
    # moment comes with the award (the next check-in).
    services.start_streak(
        member=member, started_on=days_ago(2), now=NOW - datetime.timedelta(days=1)
    )
    services.mark_milestones_seen(member=member, now=NOW)
    later = NOW + datetime.timedelta(days=2)
    board = streak_selectors.dashboard_for(member, now=later)
    assert 3 in board.milestones and board.moment is None
    services.check_in(member=member, now=later)
    assert streak_selectors.dashboard_for(member, now=later).moment == 3
