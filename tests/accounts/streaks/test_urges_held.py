"""Issue 16, item 1: urges held — the SOS page's "I held on", counted privately on the
member's streak page and in their history."""

import datetime
import html
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Streak, UrgeHeld
from accounts.streaks import selectors as streak_selectors
from accounts.streaks.services import urges
from core import ratelimit

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
SOS = reverse("accounts:sos")
HELD = reverse("accounts:sos_urge_held")
DASHBOARD = reverse("accounts:streak_dashboard")


def text(response):
    return html.unescape(response.content.decode())


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


# --- The service and the selector --------------------------------------------------------


def test_urges_held_counts_each_against_the_running_streak(member):
    streak = services.start_streak(member=member, started_on=days_ago(5), now=NOW)
    first = urges.hold_urge(member=member, now=NOW)
    second = urges.hold_urge(member=member, now=NOW)
    assert first.pk != second.pk  # two urges held are two wins, not one
    assert {u.streak_id for u in (first, second)} == {streak.pk}
    assert Streak.objects.get(pk=streak.pk).started_on == days_ago(5)  # the streak is untouched


def test_urges_held_without_a_streak_are_still_counted(member):
    held = urges.hold_urge(member=member, now=NOW)
    assert held.streak is None
    board = streak_selectors.dashboard_for(member, now=NOW)
    assert (board.urges_held, board.urges_held_this_streak) == (1, 0)


def test_urges_held_dashboard_counts_in_all_this_streak_and_per_past_streak(member):
    services.start_streak(member=member, started_on=days_ago(20), now=NOW)
    for _ in range(3):
        urges.hold_urge(member=member, now=NOW - datetime.timedelta(days=9))
    services.end_streak(member=member, now=NOW - datetime.timedelta(days=8))
    services.start_streak(member=member, started_on=days_ago(8), now=NOW)
    urges.hold_urge(member=member, now=NOW)
    board = streak_selectors.dashboard_for(member, now=NOW)
    assert (board.urges_held, board.urges_held_this_streak) == (4, 1)
    assert [s.urges_held_count for s in board.past_streaks] == [3]


def test_urges_held_are_the_members_alone(member, other_member):
    urges.hold_urge(member=member, now=NOW)
    assert streak_selectors.dashboard_for(other_member, now=NOW).urges_held == 0


# --- The views ----------------------------------------------------------------------------


def test_urges_held_sos_page_ends_with_the_three_ways_out(client_for, member):
    page = text(client_for(member).get(SOS))
    ending = page[page.index('id="outcome-heading"') :]
    assert f'action="{HELD}"' in ending and ">I held on</button>" in ending
    reached = reverse("accounts:streak_happened", args=["i-reached-out"])
    assert f'href="{reached}"' in ending and ">I reached out</a>" in ending
    assert f'href="{DASHBOARD}"' in ending and ">Not now</a>" in ending


def test_urges_held_post_counts_one_and_shows_it_on_the_streak_page(client_for, member):
    services.start_streak(member=member, started_on=days_ago(3))
    client = client_for(member)
    response = client.post(HELD)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == DASHBOARD
    assert "You rode that urge out" in str(list(get_messages(response.wsgi_request))[0])
    assert UrgeHeld.objects.filter(member=member).count() == 1
    page = text(client.get(DASHBOARD))
    assert (
        'Urges ridden out<span class="visually-hidden"> (only you see this)</span></dt><dd>1'
        in page
    )


def test_urges_held_never_show_on_the_profile(client_for, member, other_member):
    services.start_streak(member=member, started_on=days_ago(3))
    client_for(member).post(HELD)
    profile = reverse("accounts:profile", args=[member.username])
    for viewer in (member, other_member):
        assert "ridden out" not in text(client_for(viewer).get(profile))


def test_urges_held_needs_a_member_a_post_and_a_csrf_token(client, member):
    response = client.post(HELD)
    assert response.status_code == HTTPStatus.FOUND and "/login/" in response["Location"]
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(member)
    assert signed_in.post(HELD).status_code == HTTPStatus.FORBIDDEN
    assert signed_in.get(HELD).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not UrgeHeld.objects.exists()


def test_urges_held_is_rate_limited(client_for, member, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "streak:urge_held", ratelimit.Limit(member=1, period=600))
    client = client_for(member)
    client.post(HELD)
    response = client.post(HELD)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == SOS
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == ratelimit.TOO_FAST
    assert UrgeHeld.objects.count() == 1


@pytest.mark.parametrize("size", [1, 30])
def test_urges_held_keep_the_streak_page_query_count(
    client_for, member, size, django_assert_max_num_queries
):
    services.start_streak(member=member, started_on=days_ago(40), now=NOW)
    for _ in range(size):
        urges.hold_urge(member=member)
    client = client_for(member)
    # The 11 of the streak page (tests/accounts/streaks/test_views.py), however many urges.
    with django_assert_max_num_queries(11):
        response = client.get(DASHBOARD)
    assert response.context["board"].urges_held == size
