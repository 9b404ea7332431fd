"""The demo_streaks command (run by load_demo): streaks of various lengths and privacy."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.management.commands.demo_streaks import DEMO_BIOS, DEMO_STREAKS
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


def test_demo_streaks_gives_each_member_a_short_kind_bio_rendered_once(db, client):
    call_command("demo_streaks")
    for username in [row[0] for row in DEMO_STREAKS]:
        member = User.objects.get(username=username)
        assert member.bio == DEMO_BIOS[username]
        assert 0 < len(member.bio) <= 120
        assert member.bio_html.startswith("<p>")
    oak = User.objects.get(username="steady_oak")
    assert "<strong>it gets quieter</strong>" in oak.bio_html
    # The profile shows the stored HTML (its bio is for everyone by default).
    page = client.get(reverse("accounts:profile", args=["steady_oak"])).content.decode()
    assert "<strong>it gets quieter</strong>" in page


def test_demo_streaks_second_run_writes_nothing(db):
    call_command("demo_streaks")
    with CaptureQueriesContext(connection) as queries:
        call_command("demo_streaks")
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_demo_streaks_keeps_a_bio_the_member_wrote(db):
    call_command("demo_streaks")
    oak = User.objects.get(username="steady_oak")
    services.update_profile(
        member=oak,
        display_name=oak.display_name,
        bio="My *own* words.",
        time_zone=oak.time_zone,
        streak_visibility=Visibility.MEMBERS,
        streak_display=oak.streak_display,
        profile_visibility=oak.profile_visibility,
        celebrate_milestones=oak.celebrate_milestones,
    )
    call_command("demo_streaks")
    oak.refresh_from_db()
    assert oak.bio == "My *own* words." and "<em>own</em>" in oak.bio_html
    assert oak.streak_visibility == Visibility.EVERYONE  # the demo's privacy is put back
