"""accounts.streaks.counting: days on the member's own calendar, milestones and range labels."""

import datetime
import zoneinfo

import time_machine

from accounts.streaks import counting

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
UTC = datetime.UTC


def test_local_date_is_the_members_calendar_date_not_the_servers():
    # 2026-03-01 02:00 UTC is still 28 February in New York and already 1 March in Tokyo.
    now = datetime.datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert counting.local_date(NEW_YORK, now) == datetime.date(2026, 2, 28)
    assert counting.local_date(TOKYO, now) == datetime.date(2026, 3, 1)


def test_local_date_defaults_to_the_current_time():
    with time_machine.travel(datetime.datetime(2026, 7, 4, 3, 30, tzinfo=UTC), tick=False):
        assert counting.local_date(NEW_YORK) == datetime.date(2026, 7, 3)


def test_days_between_counts_one_day_across_the_short_dst_day():
    # New York springs forward on 8 March 2026: that day has 23 hours, and still counts as one.
    start = counting.local_date(NEW_YORK, datetime.datetime(2026, 3, 8, 5, 0, tzinfo=UTC))
    next_midnight = datetime.datetime(2026, 3, 9, 0, 0, tzinfo=NEW_YORK)
    assert counting.days_between(start, counting.local_date(NEW_YORK, next_midnight)) == 1
    just_before = next_midnight - datetime.timedelta(minutes=1)
    assert counting.days_between(start, counting.local_date(NEW_YORK, just_before)) == 0


def test_days_between_counts_one_day_across_the_long_dst_day():
    # New York falls back on 1 November 2026: that day has 25 hours, and still counts as one.
    start = datetime.date(2026, 11, 1)
    late_that_day = datetime.datetime(2026, 11, 1, 23, 59, tzinfo=NEW_YORK)
    assert counting.days_between(start, counting.local_date(NEW_YORK, late_that_day)) == 0
    assert counting.days_between(start, datetime.date(2026, 11, 2)) == 1


def test_days_between_is_never_negative():
    assert counting.days_between(datetime.date(2026, 5, 2), datetime.date(2026, 5, 1)) == 0


def test_milestones_within_lists_each_reached_milestone_once_in_order():
    assert counting.milestones_within(0) == []
    assert counting.milestones_within(7) == [1, 3, 7]
    assert counting.milestones_within(400) == list(counting.MILESTONES)


def test_top_milestone_is_the_largest_reached_or_none():
    assert counting.top_milestone(0) is None
    assert counting.top_milestone(29) == 14
    assert counting.top_milestone(30) == 30


def test_range_label_hides_the_exact_number():
    assert counting.range_label(0) == "under a day"
    assert counting.range_label(1) == "1+ day"
    assert counting.range_label(42) == "30+ days"
    assert counting.range_label(89) == "30+ days"
    assert counting.range_label(1000) == "365+ days"


def test_days_label_is_exact_or_a_range_by_choice():
    assert counting.days_label(42, exact=True) == "42 days"
    assert counting.days_label(1, exact=True) == "1 day"
    assert counting.days_label(42, exact=False) == "30+ days"
