"""accounts.services: starting, checking in, logging contact and ending a streak."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import selectors, services, signals
from accounts.models import CheckIn, ContactEvent, MilestoneAward, Streak
from accounts.streaks import counting

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


def test_start_streak_refuses_a_future_date(member):
    with pytest.raises(ValidationError) as caught:
        services.start_streak(member=member, started_on=days_ago(-1), now=NOW)
    assert caught.value.code == "future"
    assert not Streak.objects.filter(member=member).exists()


def test_start_streak_on_the_members_today_even_when_utc_is_a_day_behind(member):
    member.time_zone = "Asia/Tokyo"  # 21:00 in Tokyo on 15 June = 12:00 UTC; 16 June at 15:00 UTC
    member.save()
    later = NOW + datetime.timedelta(hours=12)
    streak = services.start_streak(member=member, started_on=days_ago(-1), now=later)
    assert streak.started_on == datetime.date(2026, 6, 16)


def test_start_streak_before_joining_is_self_reported(member):
    member.date_joined = NOW
    member.save()
    streak = services.start_streak(member=member, started_on=days_ago(10), now=NOW)
    assert streak.self_reported
    ended = services.end_streak(member=member, now=NOW)
    assert ended.length_days == 10
    assert not services.start_streak(member=member, started_on=NOW.date(), now=NOW).self_reported


def test_start_streak_refuses_a_second_open_streak(member):
    services.start_streak(member=member, started_on=days_ago(3), now=NOW)
    with pytest.raises(ValidationError) as caught:
        services.start_streak(member=member, started_on=days_ago(1), now=NOW)
    assert caught.value.code == "already_running"


def test_milestones_are_awarded_once_and_kept_after_a_reset(member):
    services.start_streak(member=member, started_on=days_ago(8), now=NOW)
    assert set(MilestoneAward.objects.filter(member=member).values_list("days", flat=True)) == {
        1,
        3,
        7,
    }
    services.check_in(member=member, now=NOW)
    services.end_streak(member=member, reflection="It was hard.", now=NOW)
    services.start_streak(member=member, started_on=days_ago(0), now=NOW)
    later = NOW + datetime.timedelta(days=3)
    services.check_in(member=member, now=later)
    assert sorted(MilestoneAward.objects.filter(member=member).values_list("days", flat=True)) == [
        1,
        3,
        7,
    ]


def test_milestone_reached_is_sent_once_for_the_highest_new_milestone(
    member, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, member, days, now, **kwargs):
        heard.append(days)

    signals.milestone_reached.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.start_streak(member=member, started_on=days_ago(3), now=NOW)
        with django_capture_on_commit_callbacks(execute=True):
            services.check_in(member=member, now=NOW)  # nothing new today
        with django_capture_on_commit_callbacks(execute=True):
            services.check_in(member=member, now=NOW + datetime.timedelta(days=4))
    finally:
        signals.milestone_reached.disconnect(receiver)
    # 1 and 3 were reached at once: celebrated once, as 3. Then 7.
    assert heard == [3, 7]


def test_back_dated_start_is_celebrated_once_with_one_email(
    member, django_capture_on_commit_callbacks
):
    heard = []
    signals.milestone_reached.connect(receiver := lambda sender, days, **kwargs: heard.append(days))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.start_streak(member=member, started_on=days_ago(400), now=NOW)
    finally:
        signals.milestone_reached.disconnect(receiver)
    # Every milestone is kept (the profile shows them all), but announced once, as the top.
    assert set(MilestoneAward.objects.filter(member=member).values_list("days", flat=True)) == set(
        counting.MILESTONES
    )
    assert heard == [365]
    assert len(mail.outbox) == 1 and "365" in mail.outbox[0].subject + mail.outbox[0].body


@pytest.mark.parametrize("years", [11, 126])
def test_start_streak_refuses_a_start_more_than_ten_years_back(member, years):
    with pytest.raises(ValidationError) as refused:
        services.start_streak(member=member, started_on=days_ago(365 * years), now=NOW)
    assert refused.value.code == "too_old"
    assert not Streak.objects.exists()


def test_start_streak_accepts_ten_years_back(member):
    earliest = counting.earliest_start(days_ago(0))
    streak = services.start_streak(member=member, started_on=earliest, now=NOW)
    assert streak.self_reported


def test_check_in_counts_once_a_day_in_the_members_time_zone(member):
    member.time_zone = "America/New_York"
    member.save()
    first = services.check_in(member=member, mood=4, note="Steady.", now=NOW)
    again = services.check_in(member=member, mood=1, now=NOW + datetime.timedelta(hours=15))
    # 12:00 UTC is 08:00 in New York; 15 hours later it is 23:00 there: the same day.
    assert again.pk == first.pk and again.mood == 4
    next_day = services.check_in(
        member=member, now=NOW + datetime.timedelta(hours=17)
    )  # 01:00 the next day
    assert next_day.day == datetime.date(2026, 6, 16)
    assert CheckIn.objects.filter(member=member).count() == 2


def test_end_streak_keeps_the_history_with_lengths(member):
    services.start_streak(member=member, started_on=days_ago(20), now=NOW)
    ended = services.end_streak(member=member, reflection="Day one again.", now=NOW)
    assert (ended.length_days, ended.reflection) == (20, "Day one again.")
    services.start_streak(member=member, started_on=NOW.date(), now=NOW)
    assert Streak.objects.filter(member=member).count() == 2
    assert services.end_streak(member=member, now=NOW).length_days == 0


def test_end_streak_without_a_running_streak_does_nothing(member):
    assert services.end_streak(member=member, now=NOW) is None


@pytest.mark.parametrize(
    ("kind", "ends"),
    [
        (ContactEvent.Kind.I_REACHED_OUT, True),
        (ContactEvent.Kind.I_REPLIED, True),
        (ContactEvent.Kind.THEY_REACHED_OUT, False),
        (ContactEvent.Kind.LOGISTICS, False),
    ],
)
def test_log_contact_event_ends_the_streak_only_for_the_members_own_contact(member, kind, ends):
    streak = services.start_streak(member=member, started_on=days_ago(5), now=NOW)
    event = services.log_contact_event(member=member, kind=kind, now=NOW)
    streak.refresh_from_db()
    assert event.streak_id == streak.pk
    assert (streak.ended_on is not None) is ends


def test_check_in_says_whether_it_was_new(member):
    assert services.check_in(member=member, now=NOW).is_new is True
    again = services.check_in(member=member, mood=5, now=NOW + datetime.timedelta(hours=1))
    assert again.is_new is False
    assert again.mood is None  # the first check-in stands


def test_end_streak_with_a_kind_records_the_contact_in_the_history(member):
    services.start_streak(member=member, started_on=days_ago(5), now=NOW)
    streak = services.end_streak(member=member, kind=ContactEvent.Kind.I_REPLIED, now=NOW)
    event = ContactEvent.objects.get(member=member)
    assert (event.kind, event.streak, event.occurred_at) == (
        ContactEvent.Kind.I_REPLIED,
        streak,
        NOW,
    )


def test_end_streak_refuses_a_kind_that_does_not_end_a_streak(member):
    services.start_streak(member=member, started_on=days_ago(5), now=NOW)
    with pytest.raises(ValueError):
        services.end_streak(member=member, kind=ContactEvent.Kind.LOGISTICS, now=NOW)
    assert Streak.objects.get(member=member).is_open


@pytest.mark.parametrize("kind", sorted(ContactEvent.ENDS_STREAK))
def test_log_contact_event_reset_starts_a_new_streak_today(member, kind):
    member.date_joined = NOW - datetime.timedelta(days=30)
    member.save()
    services.start_streak(member=member, started_on=days_ago(9), now=NOW)
    event = services.log_contact_event(
        member=member, kind=kind, reflection="I missed them.", now=NOW
    )
    ended = Streak.objects.get(member=member, ended_on__isnull=False)
    assert (ended.length_days, ended.reflection) == (9, "I missed them.")
    fresh = Streak.objects.get(member=member, ended_on__isnull=True)
    assert fresh == event.new_streak
    assert fresh.started_on == NOW.date() and not fresh.self_reported
    assert event.streak_id == ended.pk  # the event belongs to the streak it ended


def test_log_contact_event_reset_starts_today_on_the_members_calendar(member):
    member.time_zone = "Pacific/Kiritimati"  # UTC+14: already 16 June there
    member.save()
    services.start_streak(member=member, started_on=days_ago(3), now=NOW)
    event = services.log_contact_event(member=member, kind=ContactEvent.Kind.I_REPLIED, now=NOW)
    assert event.new_streak.started_on == datetime.date(2026, 6, 16)


def test_log_contact_event_that_keeps_the_streak_starts_nothing(member):
    streak = services.start_streak(member=member, started_on=days_ago(9), now=NOW)
    event = services.log_contact_event(member=member, kind=ContactEvent.Kind.LOGISTICS, now=NOW)
    assert event.new_streak is None
    assert list(Streak.objects.filter(member=member)) == [streak]


def test_log_contact_event_without_a_streak_starts_none(member):
    event = services.log_contact_event(member=member, kind=ContactEvent.Kind.I_REPLIED, now=NOW)
    assert event.streak_id is None and event.new_streak is None
    assert not Streak.objects.filter(member=member).exists()


def test_change_streak_start_moves_the_date_and_awards_milestones(member):
    member.date_joined = NOW - datetime.timedelta(days=5)
    member.save()
    services.start_streak(member=member, started_on=NOW.date(), now=NOW)
    streak = services.change_streak_start(member=member, started_on=days_ago(8), now=NOW)
    assert streak.started_on == days_ago(8) and streak.self_reported
    held = set(MilestoneAward.objects.filter(member=member).values_list("days", flat=True))
    assert held == {1, 3, 7}
    later = services.change_streak_start(member=member, started_on=days_ago(2), now=NOW)
    assert not later.self_reported  # after joining: seen, not self-reported


@pytest.mark.parametrize(("offset", "code"), [(-1, "future"), (5, "overlaps")])
def test_change_streak_start_keeps_the_rules(member, offset, code):
    services.start_streak(
        member=member, started_on=days_ago(10), now=NOW - datetime.timedelta(days=3)
    )
    services.log_contact_event(
        member=member, kind=ContactEvent.Kind.I_REPLIED, now=NOW - datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as caught:
        services.change_streak_start(member=member, started_on=days_ago(offset), now=NOW)
    assert caught.value.code == code
    assert Streak.objects.get(member=member, ended_on__isnull=True).started_on == days_ago(3)


def test_change_streak_start_without_a_streak_is_refused(member):
    with pytest.raises(ValidationError) as caught:
        services.change_streak_start(member=member, started_on=days_ago(1), now=NOW)
    assert caught.value.code == "no_streak"


def test_new_awards_are_unseen_until_marked_seen(member):
    services.start_streak(member=member, started_on=days_ago(3), now=NOW)
    assert set(
        MilestoneAward.objects.filter(member=member, seen_at__isnull=True).values_list(
            "days", flat=True
        )
    ) == {1, 3}
    assert services.mark_milestones_seen(member=member, now=NOW) == 2
    assert services.mark_milestones_seen(member=member, now=NOW) == 0
    assert not MilestoneAward.objects.filter(member=member, seen_at__isnull=True).exists()


def test_start_streak_inside_a_previous_streak_is_refused_and_the_total_counts_each_day_once(
    member,
):
    """Issue 16, item 7: restarting from a date inside the previous streak counted those days
    twice (56 total days in a 46-day span). 46 days ago to 10 days ago is 36 days; restarting
    on the day it ended adds the 10 since, and never more."""
    member.date_joined = NOW - datetime.timedelta(days=60)
    member.save()
    services.start_streak(member=member, started_on=days_ago(46), now=NOW)
    services.end_streak(member=member, now=NOW - datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as caught:
        services.start_streak(member=member, started_on=days_ago(20), now=NOW)
    assert caught.value.code == "overlaps"
    assert not Streak.objects.filter(member=member, ended_on__isnull=True).exists()
    services.start_streak(member=member, started_on=days_ago(10), now=NOW)
    badge = selectors.streak_badge_for(member, viewer=member, now=NOW)
    assert (badge.current_days, badge.total_days) == (10, 46)
