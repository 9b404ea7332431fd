"""accounts.selectors.active_member_named and profile_for: the profile's reads, as each
viewer may see them, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import selectors, services
from accounts.models import StreakDisplay, Visibility

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def start(member, days):
    services.start_streak(member=member, started_on=NOW.date() - datetime.timedelta(days), now=NOW)


def test_active_member_named_reads_member_and_streak_in_one_query(
    member, django_assert_num_queries
):
    start(member, 10)
    with django_assert_num_queries(1):
        found = selectors.active_member_named("Rowan", now=NOW)
    assert found == member
    assert found.streak_started_on == NOW.date() - datetime.timedelta(10)


@pytest.mark.parametrize("name", ["", "rowan\x00", "r" * 31, "nobody"])
def test_active_member_named_is_none_for_names_no_member_has(member, name):
    assert selectors.active_member_named(name, now=NOW) is None


def test_active_member_named_is_none_during_a_suspension_and_after_it_ends_is_found(member):
    member.suspended_until = NOW + datetime.timedelta(hours=1)
    member.save()
    assert selectors.active_member_named("rowan", now=NOW) is None
    later = NOW + datetime.timedelta(hours=2)
    assert selectors.active_member_named("rowan", now=later) == member


def test_profile_for_hides_streak_and_details_from_a_visitor_when_members_only(member):
    member.streak_visibility = Visibility.MEMBERS
    member.profile_visibility = Visibility.MEMBERS
    member.save()
    start(member, 10)
    found = selectors.active_member_named("rowan", now=NOW)
    profile = selectors.profile_for(found, viewer=AnonymousUser(), now=NOW)
    assert profile.badge is None and profile.milestones == ()
    assert profile.shows_details is False and profile.is_owner is False


def test_profile_for_counts_milestones_the_running_streak_passed_since_the_last_award(
    member, other_member, django_assert_num_queries
):
    member.streak_visibility = Visibility.MEMBERS
    member.save()
    start(member, 5)  # awards 1 and 3
    later = NOW + datetime.timedelta(days=3)  # 8 days now: 7 reached, not yet awarded
    found = selectors.active_member_named("rowan", now=later)
    with django_assert_num_queries(1):  # the awards
        profile = selectors.profile_for(found, viewer=other_member, now=later)
    assert profile.milestones == (1, 3, 7)


def test_profile_for_shows_others_only_range_floors_in_range_mode(member, other_member):
    member.streak_visibility = Visibility.MEMBERS
    member.streak_display = StreakDisplay.RANGE
    member.save()
    start(member, 100)
    found = selectors.active_member_named("rowan", now=NOW)
    assert selectors.profile_for(found, viewer=other_member, now=NOW).milestones == (1, 7, 30, 90)
    owner_view = selectors.profile_for(found, viewer=member, now=NOW)
    assert owner_view.milestones == (1, 3, 7, 14, 30, 60, 90)
    assert owner_view.is_owner and owner_view.badge.exact
