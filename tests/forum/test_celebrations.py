"""forum.celebrations: the opt-in milestone post in "Daily check-ins", heard through
accounts.signals.milestone_reached."""

import datetime
import weakref
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from accounts import services as streak_services
from accounts.models import StreakDisplay, Visibility
from forum import celebrations
from forum.models import Celebration, Post, Thread
from tests import factories

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


@pytest.fixture
def celebrating(member, category):
    member.celebrate_milestones = True
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    return member


def start(member, days, captured):
    with captured(execute=True):
        streak_services.start_streak(member=member, started_on=days_ago(days), now=NOW)


def check_in(member, captured, *, now):
    with captured(execute=True):
        streak_services.check_in(member=member, now=now)


def test_celebration_posts_the_highest_milestone_reached_once(
    celebrating, category, django_capture_on_commit_callbacks
):
    start(celebrating, 8, django_capture_on_commit_callbacks)  # 1, 3 and 7 awarded at once
    post = Post.objects.get(author=celebrating)
    assert "A milestone: **7 days** of no contact." in post.body
    assert "rowan" not in post.body.lower()  # the name is beside the post, not in it
    assert post.thread.category == category
    assert post.thread.title == "No-contact milestones"
    assert list(Celebration.objects.values_list("days", flat=True)) == [7]
    category.refresh_from_db()
    assert (category.thread_count, category.post_count) == (1, 1)  # through forum.services


def test_celebration_later_milestones_join_the_members_thread(
    celebrating, category, django_capture_on_commit_callbacks
):
    start(celebrating, 8, django_capture_on_commit_callbacks)
    check_in(celebrating, django_capture_on_commit_callbacks, now=NOW + datetime.timedelta(days=6))
    thread = Thread.objects.get()
    assert thread.reply_count == 1
    assert "**14 days**" in thread.last_post.body
    assert sorted(Celebration.objects.values_list("days", flat=True)) == [7, 14]


def test_celebration_is_idempotent(celebrating, category, django_capture_on_commit_callbacks):
    start(celebrating, 8, django_capture_on_commit_callbacks)
    again = celebrations.celebrate_milestone(None, member=celebrating, days=7, now=NOW)
    assert again is None
    assert Post.objects.count() == 1


def test_celebration_needs_the_members_opt_in(member, category, django_capture_on_commit_callbacks):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 8, django_capture_on_commit_callbacks)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("visibility", "members_only", "posted"),
    [
        (Visibility.EVERYONE, False, True),
        (Visibility.MEMBERS, False, False),  # a public category would show it to visitors
        (Visibility.MEMBERS, True, True),
        (Visibility.ONLY_ME, False, False),
        (Visibility.ONLY_ME, True, False),
    ],
)
def test_celebration_respects_streak_visibility(
    member, category, visibility, members_only, posted, django_capture_on_commit_callbacks
):
    category.members_only = members_only
    category.save()
    member.celebrate_milestones = True
    member.streak_visibility = visibility
    member.save()
    start(member, 8, django_capture_on_commit_callbacks)
    assert Post.objects.exists() is posted
    assert Celebration.objects.exists() is posted


def test_celebration_in_range_mode_says_the_range_at_range_floors_only(
    celebrating, category, django_capture_on_commit_callbacks
):
    celebrating.streak_display = StreakDisplay.RANGE
    celebrating.save()
    start(celebrating, 3, django_capture_on_commit_callbacks)  # 3 is not a range floor
    assert not Post.objects.exists()
    check_in(celebrating, django_capture_on_commit_callbacks, now=NOW + datetime.timedelta(days=4))
    post = Post.objects.get()
    assert "**7+ days**" in post.body
    assert "7 days" not in post.body


def test_celebration_without_the_category_posts_nothing(member, django_capture_on_commit_callbacks):
    member.celebrate_milestones = True
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 8, django_capture_on_commit_callbacks)
    assert not Post.objects.exists()


def test_celebration_not_for_a_streak_that_just_ended(celebrating, category):
    streak_services.start_streak(member=celebrating, started_on=days_ago(8), now=NOW)
    Celebration.objects.all().delete()
    Post.objects.all().delete()
    streak_services.end_streak(member=celebrating, now=NOW)
    assert celebrations.celebrate_milestone(None, member=celebrating, days=7, now=NOW) is None
    assert not Post.objects.exists()


def test_celebration_of_a_silenced_member_is_dropped_quietly(
    celebrating, category, django_capture_on_commit_callbacks
):
    celebrating.silenced_until = NOW + datetime.timedelta(days=365 * 10)
    celebrating.save()
    start(celebrating, 8, django_capture_on_commit_callbacks)  # no exception reaches the caller
    assert not Post.objects.exists()
    assert not Celebration.objects.exists()


def test_celebration_starts_a_new_thread_when_theirs_is_locked(
    celebrating, category, django_capture_on_commit_callbacks
):
    from forum import services as forum_services

    start(celebrating, 8, django_capture_on_commit_callbacks)
    forum_services.set_thread_flags(thread=Thread.objects.get(), locked=True)
    check_in(celebrating, django_capture_on_commit_callbacks, now=NOW + datetime.timedelta(days=6))
    assert Thread.objects.count() == 2


def test_celebration_receiver_is_connected_by_the_forum_app(celebrating, category):
    from accounts import signals

    refs = [entry[1] for entry in signals.milestone_reached.receivers]
    receivers = [ref() if isinstance(ref, weakref.ReferenceType) else ref for ref in refs]
    assert celebrations.celebrate_milestone in receivers
    other = factories.make_member()
    assert celebrations.celebrate_milestone(None, member=other, days=7, now=NOW) is None


def test_celebration_follows_a_check_in_through_the_dashboard(
    celebrating, category, client_for, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        streak_services.start_streak(member=celebrating, started_on=days_ago(2))
    assert not Post.objects.exists()  # 2 days: the awards' callbacks were not run here
    later = NOW + datetime.timedelta(days=5)  # 7 days
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client_for(celebrating).post(reverse("accounts:streak_check_in"), {})
    assert response.status_code == HTTPStatus.FOUND
    assert "**7 days**" in Post.objects.get(author=celebrating).body


def change_privacy(member, captured, **changes):
    fields = {
        "display_name": member.display_name,
        "bio": member.bio,
        "time_zone": member.time_zone,
        "streak_visibility": member.streak_visibility,
        "streak_display": member.streak_display,
        "profile_visibility": member.profile_visibility,
        "celebrate_milestones": member.celebrate_milestones,
        **changes,
    }
    with captured(execute=True):
        streak_services.update_profile(member=member, **fields)


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.ONLY_ME])
def test_celebration_is_withdrawn_when_the_streak_is_made_less_visible(
    celebrating, category, visibility, django_capture_on_commit_callbacks
):
    start(celebrating, 8, django_capture_on_commit_callbacks)
    change_privacy(celebrating, django_capture_on_commit_callbacks, streak_visibility=visibility)
    post = Post.objects.get(author=celebrating)
    assert post.deleted_at is not None and post.deleted_by_author
    category.refresh_from_db()
    assert category.post_count == 0  # through forum.services: the counters forget it


def test_celebration_stays_when_members_only_still_covers_the_category(
    celebrating, category, django_capture_on_commit_callbacks
):
    category.members_only = True
    category.save()
    start(celebrating, 8, django_capture_on_commit_callbacks)
    change_privacy(
        celebrating, django_capture_on_commit_callbacks, streak_visibility=Visibility.MEMBERS
    )
    assert Post.objects.get(author=celebrating).deleted_at is None


def test_celebration_in_exact_days_is_withdrawn_when_switching_to_ranges(
    celebrating, category, django_capture_on_commit_callbacks
):
    start(celebrating, 8, django_capture_on_commit_callbacks)  # "**7 days**"
    change_privacy(
        celebrating, django_capture_on_commit_callbacks, streak_display=StreakDisplay.RANGE
    )
    assert Post.objects.get(author=celebrating).deleted_at is not None


def test_celebration_in_ranges_stays_when_switching_to_ranges_again(
    celebrating, category, django_capture_on_commit_callbacks
):
    celebrating.streak_display = StreakDisplay.RANGE
    celebrating.save()
    start(celebrating, 8, django_capture_on_commit_callbacks)  # "**7+ days**"
    change_privacy(
        celebrating, django_capture_on_commit_callbacks, streak_display=StreakDisplay.EXACT
    )
    change_privacy(
        celebrating, django_capture_on_commit_callbacks, streak_display=StreakDisplay.RANGE
    )
    assert Post.objects.get(author=celebrating).deleted_at is None


def test_celebration_turned_off_keeps_what_was_posted(
    celebrating, category, django_capture_on_commit_callbacks
):
    start(celebrating, 8, django_capture_on_commit_callbacks)
    change_privacy(celebrating, django_capture_on_commit_callbacks, celebrate_milestones=False)
    assert Post.objects.get(author=celebrating).deleted_at is None
    check_in(celebrating, django_capture_on_commit_callbacks, now=NOW + datetime.timedelta(days=6))
    assert Post.objects.count() == 1  # and no new one at 14 days
