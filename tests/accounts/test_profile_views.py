"""/u/<username>/: the profile page as a visitor, another member and the owner see it — the
privacy matrix of streak visibility x display, profile visibility, 404s that reveal nothing,
the visitor page cache, and a constant number of queries."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import MilestoneAward, Streak, StreakDisplay, Visibility
from accounts.streaks import figures
from moderation import actions as moderation_services
from tests import factories


def profile_url(username):
    return reverse("accounts:profile", kwargs={"username": username})


def start(member, days, *, ended_lengths=()):
    """An open streak of `days` days, after ended ones of `ended_lengths` days."""
    today = timezone.now().date()
    for length in ended_lengths:
        Streak.objects.create(
            member=member,
            started_on=today - datetime.timedelta(days=400),
            ended_on=today - datetime.timedelta(days=400 - length),
            length_days=length,
            created_at=timezone.now(),
        )
    streak = Streak.objects.create(
        member=member, started_on=today - datetime.timedelta(days=days), created_at=timezone.now()
    )
    figures.refresh_figures(member=member)  # what every streak service does after its writes
    return streak


def set_privacy(member, **fields):
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()


def viewer_client(kind, client_for, member, other_member):
    return client_for({"visitor": None, "member": other_member, "owner": member}[kind])


def page(client, username="rowan"):
    response = client.get(profile_url(username))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


# --- What everyone sees ----------------------------------------------------------------------


def test_profile_shows_name_join_date_bio_and_post_count_to_a_visitor(member, client):
    services.update_profile(
        member=member,
        display_name="Rowan T.",
        bio="Day by day. **Still here.**",
        time_zone="Europe/London",
        streak_visibility=Visibility.EVERYONE,
        streak_display=StreakDisplay.EXACT,
        profile_visibility=Visibility.EVERYONE,
        celebrate_milestones=False,
    )
    html = page(client)
    assert '<h1 class="mb-1">Rowan T.</h1>' in html
    assert "@rowan" in html
    assert member.date_joined.strftime("%B %Y") in html
    assert "<strong>Still here.</strong>" in html
    assert "0 posts" in html


def test_profile_counts_posts_and_lists_recent_ones(member, client):
    thread = factories.make_thread(author=member, title="Day twelve and holding")
    factories.make_reply(author=member, thread=thread, body="Still holding on.")
    html = page(client)
    assert "2 posts" in html
    assert "Day twelve and holding" in html
    assert reverse("forum:member_posts", args=["rowan"]) in html


def test_profile_hides_posts_in_members_only_categories_from_visitors(
    member, other_member, client, client_for
):
    hidden = factories.make_category(members_only=True)
    factories.make_thread(author=member, category=hidden, title="Only for members here")
    assert "Only for members here" not in page(client)
    assert "Only for members here" in page(client_for(other_member))


def test_profile_matches_names_in_any_case(member, client):
    assert "@rowan" in page(client, "ROWAN")


@pytest.mark.parametrize(
    "username", ["nobody_here", "<script>", "a" * 300, "%00", "rowan%00", "ro wan"]
)
def test_profile_is_404_for_an_unknown_name(db, member, client, username):
    response = client.get(f"/u/{username}/")
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "fields",
    [
        {"is_active": False},
        {"suspended_forever": True},
        {"suspended_until": timezone.now() + datetime.timedelta(days=3)},
    ],
    ids=["inactive", "suspended-forever", "suspended-until"],
)
@pytest.mark.parametrize("viewer_kind", ["visitor", "member"])
def test_profile_is_404_for_a_suspended_or_inactive_member(
    member, other_member, client_for, fields, viewer_kind
):
    set_privacy(member, **fields)
    client = viewer_client(viewer_kind, client_for, member, other_member)
    assert client.get(profile_url("rowan")).status_code == HTTPStatus.NOT_FOUND


def test_profile_is_shown_again_once_a_suspension_has_ended(member, client):
    set_privacy(member, suspended_until=timezone.now() - datetime.timedelta(minutes=1))
    assert "@rowan" in page(client)


# --- The streak card: visitor / member / owner x everyone / members / only me x exact / range --

STREAK_SEEN = {
    Visibility.EVERYONE: {"visitor", "member", "owner"},
    Visibility.MEMBERS: {"member", "owner"},
    Visibility.ONLY_ME: {"owner"},
}


@pytest.mark.parametrize("display", [StreakDisplay.EXACT, StreakDisplay.RANGE])
@pytest.mark.parametrize("visibility", list(STREAK_SEEN))
@pytest.mark.parametrize("viewer_kind", ["visitor", "member", "owner"])
def test_profile_streak_card_follows_visibility_and_display(
    member, other_member, client_for, viewer_kind, visibility, display
):
    set_privacy(member, streak_visibility=visibility, streak_display=display)
    start(member, 42, ended_lengths=[10])
    html = page(viewer_client(viewer_kind, client_for, member, other_member))
    if viewer_kind not in STREAK_SEEN[visibility]:
        assert "No-contact streak" not in html
        assert "42 days" not in html and "30+" not in html and "Milestones" not in html
    elif viewer_kind == "owner" or display == StreakDisplay.EXACT:
        assert "No-contact streak" in html
        # Current, longest and total (42 + 10).
        assert "<dd>42 days</dd>" in html and "<dd>52 days</dd>" in html
        assert "<dd>30+ days</dd>" not in html
    else:
        assert "<dd>30+ days</dd>" in html  # current and longest
        # Not the exact figures ("52" alone could be part of a CSRF token or a file hash).
        assert "52 days" not in html and "42 days" not in html


def test_profile_streak_card_says_between_streaks_after_a_reset(member, other_member, client_for):
    set_privacy(member, streak_visibility=Visibility.MEMBERS)
    start(member, 20)
    services.end_streak(member=member)
    html = page(client_for(other_member))
    assert "Between streaks" in html
    assert "<dd>20 days</dd>" in html  # longest and total are kept


def test_profile_invites_the_owner_without_a_streak_to_start_one(member, client_for):
    html = page(client_for(member))
    assert "You haven't started a streak yet." in html
    assert "No-contact streak" not in html


def test_profile_milestones_are_listed_and_ranged_for_others(member, other_member, client_for):
    set_privacy(member, streak_visibility=Visibility.MEMBERS, streak_display=StreakDisplay.RANGE)
    services.start_streak(member=member, started_on=timezone.now().date() - datetime.timedelta(61))
    assert set(MilestoneAward.objects.values_list("days", flat=True)) == {1, 3, 7, 14, 30, 60}
    others = page(client_for(other_member))
    owner = page(client_for(member))
    # Others see only the milestones that are also range floors: "60 days" would say more
    # than "30+ days" does.
    star = '#star"></use></svg> '  # each milestone starts with the star icon
    assert f"{star}30 days" in others and f"{star}7 days" in others
    assert "60 days" not in others and "14 days" not in others
    assert f"{star}60 days" in owner and f"{star}14 days" in owner


# --- The rest of the profile: profile_visibility ---------------------------------------------

DETAILS_SEEN = STREAK_SEEN


@pytest.mark.parametrize("visibility", list(DETAILS_SEEN))
@pytest.mark.parametrize("viewer_kind", ["visitor", "member", "owner"])
def test_profile_details_follow_profile_visibility(
    member, other_member, client_for, viewer_kind, visibility
):
    services.update_profile(
        member=member,
        display_name="",
        bio="My quiet corner.",
        time_zone="UTC",
        streak_visibility=Visibility.EVERYONE,
        streak_display=StreakDisplay.EXACT,
        profile_visibility=visibility,
        celebrate_milestones=False,
    )
    factories.make_thread(author=member, title="A thread of my own")
    html = page(viewer_client(viewer_kind, client_for, member, other_member))
    assert "@rowan" in html  # name and join date are always public
    shown = viewer_kind in DETAILS_SEEN[visibility]
    assert ("My quiet corner." in html) is shown
    assert ("1 post" in html) is shown
    assert ("A thread of my own" in html) is shown
    assert ("keeps the rest of their profile private" in html) is not shown


def test_profile_shows_the_owner_a_hint_and_an_edit_link(member, other_member, client_for):
    set_privacy(member, streak_visibility=Visibility.ONLY_ME)
    owner = page(client_for(member))
    assert "This is your profile" in owner
    assert "Your streak: shown to <strong>no one but you</strong>." in owner
    assert "recent posts: shown to <strong>everyone</strong>, visitors included." in owner
    assert "Edit your profile</a>" in owner
    other = page(client_for(other_member))
    assert "This is your profile" not in other
    assert "Edit your profile" not in other


def test_profile_offers_other_members_a_report_link(member, other_member, client_for, client):
    report = reverse("moderation:report_member", args=["rowan"])
    assert report in page(client_for(other_member))
    assert report not in page(client_for(member))
    assert report not in page(client)


def test_profile_bio_is_sanitized(member, client):
    services.update_profile(
        member=member,
        display_name="<b>Bold</b>",
        bio='<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror="alert(3)">',
        time_zone="UTC",
        streak_visibility=Visibility.MEMBERS,
        streak_display=StreakDisplay.EXACT,
        profile_visibility=Visibility.EVERYONE,
        celebrate_milestones=False,
    )
    html = page(client)
    assert "<script>alert" not in html
    assert 'href="javascript' not in html  # the refused link stays as text
    assert "<img src=x" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html  # the display name is text, escaped


# --- The visitor page cache -----------------------------------------------------------------


def test_profile_is_served_to_visitors_from_the_cache(member, client, django_assert_num_queries):
    page(client)
    with django_assert_num_queries(0):
        page(client)


def test_profile_cache_is_forgotten_when_the_profile_or_streak_changes(member, client):
    set_privacy(member, streak_visibility=Visibility.EVERYONE)
    assert "No-contact streak" not in page(client)
    services.start_streak(member=member, started_on=timezone.now().date())
    assert "No-contact streak" in page(client)
    services.update_profile(
        member=member,
        display_name="Rowan again",
        bio="",
        time_zone="UTC",
        streak_visibility=Visibility.EVERYONE,
        streak_display=StreakDisplay.EXACT,
        profile_visibility=Visibility.EVERYONE,
        celebrate_milestones=False,
    )
    assert "Rowan again" in page(client)


def test_profile_cache_is_forgotten_when_the_member_posts(member, client):
    assert "0 posts" in page(client)
    factories.make_thread(author=member, title="Something new to say")
    html = page(client)
    assert "1 post" in html and "Something new to say" in html


# --- Queries: constant whatever the member has done ---------------------------------------


def give_history(member, *, posts: int, streak_days: int) -> None:
    set_privacy(
        member, streak_visibility=Visibility.EVERYONE, profile_visibility=Visibility.EVERYONE
    )
    thread = factories.make_thread(author=member)
    for number in range(posts - 1):
        factories.make_reply(author=member, thread=thread, body=f"Reply number {number}.")
    services.start_streak(
        member=member, started_on=timezone.now().date() - datetime.timedelta(days=streak_days)
    )


@pytest.mark.parametrize(("posts", "streak_days"), [(1, 1), (30, 400)], ids=["few", "many"])
@pytest.mark.parametrize(
    ("viewer_kind", "queries"),
    [
        # The member with their streak figures (one query), their milestones, their recent
        # posts.
        ("visitor", 3),
        # Also the session, the signed-in user and the menu's unread-notification count.
        # (Whether they may report the member is decided from rows already loaded.)
        ("member", 6),
        ("owner", 6),
    ],
)
def test_profile_runs_a_constant_number_of_queries(
    member,
    other_member,
    client_for,
    django_assert_max_num_queries,
    viewer_kind,
    queries,
    posts,
    streak_days,
):
    give_history(member, posts=posts, streak_days=streak_days)
    client = viewer_client(viewer_kind, client_for, member, other_member)
    with django_assert_max_num_queries(queries):
        page(client)


def test_profile_answers_only_get_and_head(member, client_for):
    client = client_for(member)
    assert client.head(profile_url("rowan")).status_code == HTTPStatus.OK
    assert client.post(profile_url("rowan")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_profile_member_copy_follows_the_owners_rows_saved_without_a_service(
    member, other_member, client_for
):
    set_privacy(member, streak_visibility=Visibility.MEMBERS)
    client = client_for(other_member)
    page(client)
    # The second view comes from the member's own cache: session and user only.
    with CaptureQueriesContext(connection) as hit:
        assert "No-contact streak" not in page(client)
    assert len(hit) <= 2
    # Changes no service bumps (an admin's edit, a shell): the owner's rows forget the page.
    start(member, 5)
    assert "No-contact streak" in page(client)
    MilestoneAward.objects.create(member=member, days=3, awarded_at=timezone.now())
    figures.refresh_figures(member=member)
    assert "3 days" in page(client)
    set_privacy(member, streak_visibility=Visibility.ONLY_ME)
    assert "No-contact streak" not in page(client)


def test_badge_cache_is_forgotten_when_the_streak_changes(member, client_for):
    set_privacy(member, streak_visibility=Visibility.EVERYONE)
    badge = reverse("accounts:streak_badge", args=["rowan"])
    assert b">member<" in client_for(None).get(badge).content
    services.start_streak(member=member, started_on=timezone.now().date())
    # Served to visitors and members alike from the cache, and forgotten by the service.
    for viewer in (None, factories.make_member()):
        assert b"0 days" in client_for(viewer).get(badge).content
    services.end_streak(member=member)
    assert b"between streaks" in client_for(None).get(badge).content


def test_profile_cache_is_forgotten_when_a_moderator_suspends_the_member(member, moderator, client):
    page(client)
    moderation_services.suspend_member(moderator=moderator, member=member, forever=True)
    assert client.get(profile_url("rowan")).status_code == HTTPStatus.NOT_FOUND


def test_profile_marks_a_streak_that_began_before_joining_as_self_reported(
    member, other_member, client_for
):
    set_privacy(member, streak_visibility=Visibility.MEMBERS)
    member.date_joined = timezone.now() - datetime.timedelta(days=2)
    member.save()
    services.start_streak(member=member, started_on=timezone.now().date() - datetime.timedelta(9))
    assert "its start is self-reported" in page(client_for(other_member))


def test_profile_does_not_mark_a_streak_started_after_joining(member, other_member, client_for):
    set_privacy(member, streak_visibility=Visibility.MEMBERS)
    services.start_streak(member=member, started_on=timezone.now().date())
    assert "self-reported" not in page(client_for(other_member))


def test_profile_shows_moderators_only_what_members_see(member, moderator, client_for):
    # A streak is the member's own story, not moderation material (accounts.permissions).
    set_privacy(member, streak_visibility=Visibility.ONLY_ME, profile_visibility=Visibility.ONLY_ME)
    services.start_streak(member=member, started_on=timezone.now().date())
    html = page(client_for(moderator))
    assert "No-contact streak" not in html
    assert "keeps the rest of their profile private" in html


def test_profile_asks_search_engines_not_to_index_it(member, client):
    assert '<meta name="robots" content="noindex">' in page(client)


@pytest.mark.parametrize("ended", [0, 12], ids=["one-streak", "many-streaks"])
def test_badge_runs_two_queries_whatever_the_history(
    member, client, django_assert_max_num_queries, ended
):
    set_privacy(member, streak_visibility=Visibility.EVERYONE)
    start(member, 400, ended_lengths=[10 + n for n in range(ended)])
    services.award_milestones(member=member, streak=member.streaks.get(ended_on=None))
    badge = reverse("accounts:streak_badge", args=["rowan"])
    # The member, then their streak figures; a second request comes from the page cache.
    with django_assert_max_num_queries(2):
        assert b"400 days" in client.get(badge).content
    with django_assert_max_num_queries(0):
        assert client.get(badge).status_code == HTTPStatus.OK


def test_profile_offers_the_owner_milestone_cards_of_a_public_streak(member, client_for):
    set_privacy(member, streak_visibility=Visibility.EVERYONE)
    services.start_streak(
        member=member, started_on=timezone.now().date() - datetime.timedelta(days=8)
    )
    card = reverse("accounts:milestone_card", args=["rowan", 7])
    assert (
        f'href="{card}"'
        in client_for(member).get(reverse("accounts:profile", args=["rowan"])).content.decode()
    )
    # A visitor sees the milestones, not the owner's invitation to share them.
    assert (
        f'href="{card}"'
        not in client_for(None).get(reverse("accounts:profile", args=["rowan"])).content.decode()
    )
    set_privacy(member, streak_visibility=Visibility.MEMBERS)
    assert (
        "/milestone/"
        not in client_for(member).get(reverse("accounts:profile", args=["rowan"])).content.decode()
    )
