"""accounts.streaks.figures: the streak figures stored on the member always equal what their
history says, after every kind of write to Streak and MilestoneAward rows."""

import datetime

import pytest

from accounts import selectors, services
from accounts.models import ContactEvent, MilestoneAward, Streak, User
from accounts.streaks import figures
from accounts.streaks.services import triggers
from tests import factories

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


def stored(member) -> dict:
    return User.objects.values(*figures.FIELDS).get(pk=member.pk)


def from_history(member) -> dict:
    """The figures recomputed in Python from the rows, independently of the SQL that stores
    them."""
    streaks = list(Streak.objects.filter(member=member))
    running = [s for s in streaks if s.ended_on is None]
    ended = [s.length_days for s in streaks if s.ended_on is not None]
    awards = list(MilestoneAward.objects.filter(member=member).values_list("days", flat=True))
    return {
        "streak_started_on": running[0].started_on if running else None,
        "streak_self_reported": running[0].self_reported if running else False,
        "streak_longest_ended": max(ended) if ended else None,
        "streak_total_ended": sum(ended) if ended else None,
        "streak_top_award": max(awards) if awards else None,
    }


@pytest.fixture
def joined_a_month_ago(member):
    member.date_joined = NOW - datetime.timedelta(days=30)
    member.save()
    return member


def test_figures_of_a_member_who_never_started_are_empty(member):
    assert stored(member) == {
        "streak_started_on": None,
        "streak_self_reported": False,
        "streak_longest_ended": None,
        "streak_total_ended": None,
        "streak_top_award": None,
    }


def test_figures_follow_every_kind_of_streak_write(joined_a_month_ago, other_member):
    member = joined_a_month_ago
    services.start_streak(member=other_member, started_on=days_ago(3), now=NOW)
    bystander = stored(other_member)

    def check(**expected):
        figures_now = stored(member)
        assert figures_now == from_history(member)
        for name, value in expected.items():
            assert figures_now[f"streak_{name}"] == value, name
        assert stored(other_member) == bystander  # one member's write touches only them

    # Start, back-dated before the account existed: self-reported, milestones awarded.
    services.start_streak(member=member, started_on=days_ago(40), now=NOW)
    check(started_on=days_ago(40), self_reported=True, top_award=30, total_ended=None)
    # A check-in days later awards the milestone reached since.
    later = NOW + datetime.timedelta(days=21)
    services.check_in(member=member, now=later)
    check(top_award=60)
    # Moving the start to after joining: no longer self-reported.
    services.change_streak_start(member=member, started_on=days_ago(10), now=later)
    check(started_on=days_ago(10), self_reported=False, top_award=60)
    # A reset: the streak ends (31 days), a new one starts the same day.
    event = services.log_contact_event(
        member=member, kind=ContactEvent.Kind.I_REACHED_OUT, now=later
    )
    check(started_on=event.new_streak.started_on, longest_ended=31, total_ended=31)
    # Contact that resets nothing.
    services.log_contact_event(member=member, kind=ContactEvent.Kind.LOOKED, now=later)
    check(longest_ended=31, total_ended=31)
    # Ending with nothing started again: no open streak.
    end = later + datetime.timedelta(days=5)
    services.end_streak(member=member, now=end)
    check(started_on=None, self_reported=False, longest_ended=31, total_ended=36)
    # Tagged check-ins and resets go through the same services.
    services.start_streak(member=member, started_on=end.date(), now=end)
    triggers.check_in_with_triggers(member=member, triggers=["late-night"], now=end)
    triggers.log_contact_with_triggers(
        member=member, kind=ContactEvent.Kind.I_REPLIED, triggers=["alcohol"], now=end
    )
    check(started_on=end.date(), longest_ended=31, total_ended=36)


def test_figures_awarding_milestones_alone_refreshes_them(member):
    streak = Streak.objects.create(member=member, started_on=days_ago(8), created_at=NOW)
    assert services.award_milestones(member=member, streak=streak, now=NOW) == [1, 3, 7]
    assert stored(member)["streak_top_award"] == 7
    assert stored(member) == from_history(member)


def test_figures_refresh_keeps_a_later_save_of_the_member_from_writing_stale_ones(member):
    services.start_streak(member=member, started_on=days_ago(5), now=NOW)
    member.display_name = "Rowan"
    member.save()  # a full save of the instance the service was given
    assert stored(member)["streak_started_on"] == days_ago(5)
    assert member.streak_started_on == days_ago(5)  # read again from the row


@pytest.mark.django_db
def test_figures_refresh_of_many_members_is_one_update(django_assert_num_queries):
    members = [factories.make_member() for _ in range(3)]
    Streak.objects.bulk_create(
        Streak(member=m, started_on=days_ago(n), created_at=NOW) for n, m in enumerate(members)
    )
    with django_assert_num_queries(1):
        assert figures.refresh_figures_of(member_ids=[m.pk for m in members]) == 3
    for member in members:
        assert stored(member) == from_history(member)


def test_figures_feed_the_badge_with_no_query_of_their_own(member, django_assert_num_queries):
    services.start_streak(member=member, started_on=days_ago(12), now=NOW)
    services.end_streak(member=member, now=NOW)
    services.start_streak(member=member, started_on=NOW.date(), now=NOW)
    loaded = User.objects.get(pk=member.pk)
    with django_assert_num_queries(0):
        badge = selectors.badges_from_rows(
            [type("Row", (), {"author": loaded})()], viewer=loaded, now=NOW
        )[member.pk]
    assert (badge.current_days, badge.longest_days, badge.total_days) == (0, 12, 12)
    assert badge.top_milestone == 7
