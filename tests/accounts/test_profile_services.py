"""accounts.services.update_profile and the page cache scope it shares with the streak
services: the bio rendered once and sanitized; the visitor pages that show the member
forgotten on every change that alters them."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

import pagecache as page_cache
from accounts import services
from accounts.models import StreakDisplay, User, Visibility


def update(member, **changes):
    fields = {
        "display_name": member.display_name,
        "bio": member.bio,
        "time_zone": member.time_zone,
        "streak_visibility": member.streak_visibility,
        "streak_display": member.streak_display,
        "profile_visibility": member.profile_visibility,
        "celebrate_milestones": member.celebrate_milestones,
    }
    fields.update(changes)
    return services.update_profile(member=member, **fields)


def version(scope):
    return cache.get(f"pagecache:v:{scope}")


def test_profile_scope_is_the_lower_case_username():
    assert services.profile_scope("Rowan_T") == "member:rowan_t"


def test_update_profile_saves_every_field(member):
    update(
        member,
        display_name="Ro",
        bio="Hello",
        time_zone="Asia/Tokyo",
        streak_visibility=Visibility.ONLY_ME,
        streak_display=StreakDisplay.RANGE,
        profile_visibility=Visibility.MEMBERS,
        celebrate_milestones=True,
    )
    saved = User.objects.get(pk=member.pk)
    assert (saved.display_name, saved.bio, saved.time_zone) == ("Ro", "Hello", "Asia/Tokyo")
    assert saved.streak_visibility == Visibility.ONLY_ME
    assert saved.streak_display == StreakDisplay.RANGE
    assert saved.profile_visibility == Visibility.MEMBERS
    assert saved.celebrate_milestones is True


def test_update_profile_renders_the_bio_once_and_sanitized(member):
    update(member, bio="**Day 30.** <script>alert(1)</script> [x](javascript:alert(1)) @sasha")
    saved = User.objects.get(pk=member.pk)
    assert saved.bio_html.startswith("<p><strong>Day 30.</strong>")
    assert "<script" not in saved.bio_html
    assert 'href="javascript' not in saved.bio_html
    assert '<a href="/u/sasha/" class="mention"' in saved.bio_html


def test_update_profile_empty_bio_has_no_html(member):
    update(member, bio="Something")
    update(member, bio="   ")
    assert User.objects.get(pk=member.pk).bio_html == ""


def test_update_profile_forgets_the_members_cached_pages(member):
    before = (version("member:rowan"), version(page_cache.SITE))
    update(member, bio="New words")
    assert version("member:rowan") != before[0]
    # Nothing shown beside their posts changed: other cached pages are kept.
    assert version(page_cache.SITE) == before[1]


@pytest.mark.parametrize(
    "changes",
    [
        {"display_name": "A new name"},
        {"streak_visibility": Visibility.ONLY_ME},
        {"streak_display": StreakDisplay.RANGE},
    ],
)
def test_update_profile_forgets_every_cached_page_when_post_badges_change(member, changes):
    before = version(page_cache.SITE)
    update(member, **changes)
    assert version(page_cache.SITE) != before


def test_streak_services_forget_the_members_cached_pages(member):
    today = timezone.now().date()
    steps = [
        lambda: services.start_streak(member=member, started_on=today - datetime.timedelta(3)),
        lambda: services.end_streak(member=member),
    ]
    for step in steps:
        before = version("member:rowan")
        step()
        assert version("member:rowan") != before
