"""accounts.selectors: streak badges as each viewer may see them (the privacy matrix for the
badges beside posts), in one query for any number of members."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import selectors
from accounts.models import Streak, StreakDisplay, Visibility
from accounts.streaks import figures
from tests import factories

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def start(member, days_ago):
    streak = Streak.objects.create(
        member=member, started_on=NOW.date() - datetime.timedelta(days=days_ago), created_at=NOW
    )
    figures.refresh_figures(member=member)  # what every streak service does after its writes
    return streak


VIEWERS = ("visitor", "member", "owner")
MATRIX = [
    (Visibility.EVERYONE, {"visitor": True, "member": True, "owner": True}),
    (Visibility.MEMBERS, {"visitor": False, "member": True, "owner": True}),
    (Visibility.ONLY_ME, {"visitor": False, "member": False, "owner": True}),
]


@pytest.mark.parametrize(("visibility", "shown"), MATRIX)
@pytest.mark.parametrize("viewer_kind", VIEWERS)
def test_streak_badges_for_respects_streak_visibility(
    member, other_member, visibility, shown, viewer_kind
):
    member.streak_visibility = visibility
    member.save()
    start(member, 42)
    viewer = {"visitor": AnonymousUser(), "member": other_member, "owner": member}[viewer_kind]
    badge = selectors.streak_badge_for(member, viewer=viewer, now=NOW)
    if shown[viewer_kind]:
        assert badge is not None and badge.current_days == 42
    else:
        assert badge is None


def test_streak_badges_for_shows_a_range_to_others_and_exact_days_to_the_owner(
    member, other_member
):
    member.streak_display = StreakDisplay.RANGE
    member.save()
    start(member, 42)
    assert selectors.streak_badge_for(member, viewer=other_member, now=NOW).current_label == (
        "30+ days"
    )
    assert selectors.streak_badge_for(member, viewer=member, now=NOW).current_label == "42 days"


def test_streak_badges_for_is_none_for_a_member_who_never_started(member, other_member):
    assert selectors.streak_badge_for(member, viewer=other_member, now=NOW) is None


def test_streak_badges_for_runs_one_query_whatever_the_number_of_members(
    other_member, django_assert_num_queries
):
    members = [factories.make_member(username=f"walker{i}") for i in range(5)]
    for i, walker in enumerate(members):
        start(walker, i * 10)
    with django_assert_num_queries(1):
        badges = selectors.streak_badges_for(members, viewer=other_member, now=NOW)
    assert {badge.current_days for badge in badges.values()} == {0, 10, 20, 30, 40}


@pytest.mark.parametrize(("visibility", "shown"), MATRIX)
@pytest.mark.parametrize("viewer_kind", VIEWERS)
def test_thread_page_badge_respects_streak_visibility(
    member, other_member, client_for, visibility, shown, viewer_kind
):
    member.streak_visibility = visibility
    member.save()
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=42),
        created_at=NOW,
    )
    figures.refresh_figures(member=member)
    thread = factories.make_thread(author=member)
    viewer = {"visitor": None, "member": other_member, "owner": member}[viewer_kind]
    response = client_for(viewer).get(thread.get_absolute_url())
    assert response.status_code == 200
    assert ("Current streak: 42 days" in response.content.decode()) is shown[viewer_kind]
