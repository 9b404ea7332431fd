"""The demo_streaks command (run by load_demo): streaks of various lengths and privacy."""

from django.core.management import call_command

from accounts.models import MilestoneAward, Streak, User, Visibility


def test_demo_streaks_creates_members_with_streaks_and_is_idempotent(db):
    call_command("demo_streaks")
    call_command("demo_streaks")
    oak = User.objects.get(username="steady_oak")
    assert oak.streak_visibility == Visibility.EVERYONE
    assert Streak.objects.filter(member=oak).count() == 2  # one past, one running
    assert MilestoneAward.objects.filter(member=oak, days=365).exists()
    assert User.objects.get(username="private_fern").streak_visibility == Visibility.ONLY_ME
    assert Streak.objects.filter(ended_on__isnull=True).count() == 5
