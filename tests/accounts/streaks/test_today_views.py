"""Specification of the home page's "today" panel on the accounts side: the one-query day
summary (accounts.streaks.selectors.today_for) and the one-tap check-in
(accounts.streaks.today_views.check_in_today)."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import CheckIn
from accounts.streaks import selectors as streak_selectors
from accounts.streaks import today_views
from core import ratelimit
from tests import factories

pytestmark = pytest.mark.django_db

# 23:30 on 1 March in UTC is already 2 March in Tokyo.
NOW = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)


def test_today_for_without_a_streak(member):
    today = streak_selectors.today_for(member, now=NOW)
    assert (today.started_on, today.days, today.checked_in_today) == (None, None, False)
    assert today.today == datetime.date(2026, 3, 1)


def test_today_for_counts_days_on_the_members_calendar_in_one_query():
    member = factories.make_member(username="tokyo_night", time_zone="Asia/Tokyo")
    services.start_streak(member=member, started_on=datetime.date(2026, 2, 20), now=NOW)
    services.check_in(member=member, now=NOW)
    with CaptureQueriesContext(connection) as queries:
        today = streak_selectors.today_for(member, now=NOW)
    assert len(queries) == 1
    assert today.today == datetime.date(2026, 3, 2)
    assert (today.days, today.checked_in_today, today.place) == (10, True, "Tokyo")


def test_today_for_ignores_yesterdays_check_in(member):
    services.start_streak(member=member, started_on=datetime.date(2026, 2, 1), now=NOW)
    services.check_in(member=member, now=NOW - datetime.timedelta(days=1))
    assert not streak_selectors.today_for(member, now=NOW).checked_in_today


def test_today_for_finds_todays_check_in_after_a_move_to_a_zone_far_behind(member):
    """A member who checked in on the next two days of a zone far ahead (Kiritimati, UTC+14)
    and then moved to one far behind still sees today's check-in, and only today's."""
    today = datetime.date(2026, 3, 1)
    days = [
        today - datetime.timedelta(days=1),
        *(today + datetime.timedelta(days=n) for n in (1, 2)),
    ]
    for day in days:
        CheckIn.objects.create(member=member, day=day, created_at=NOW)
    assert not streak_selectors.today_for(member, now=NOW).checked_in_today
    CheckIn.objects.create(member=member, day=today, created_at=NOW)
    assert streak_selectors.today_for(member, now=NOW).checked_in_today


@pytest.mark.parametrize(
    ("zone", "place"),
    [
        ("Europe/Lisbon", "Lisbon"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("UTC", "UTC"),
    ],
)
def test_zone_place_says_the_city(zone, place):
    assert streak_selectors.zone_place(zone) == place


def test_check_in_today_checks_in_and_goes_home(client_for, member):
    response = client_for(member).post(reverse("accounts:check_in_today"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("forum:home")
    assert CheckIn.objects.filter(member=member).count() == 1
    assert [str(m) for m in response.context["messages"]] == [today_views.CHECKED_IN]


def test_check_in_today_twice_says_it_already_counted(client_for, member):
    client = client_for(member)
    client.post(reverse("accounts:check_in_today"), follow=True)  # its message shown
    response = client.post(reverse("accounts:check_in_today"), follow=True)
    assert CheckIn.objects.filter(member=member).count() == 1
    assert [str(m) for m in response.context["messages"]] == [today_views.ALREADY]


def test_check_in_today_is_a_post_for_members_only(client, client_for, member):
    response = client.post(reverse("accounts:check_in_today"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert client_for(member).get(reverse("accounts:check_in_today")).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    assert not CheckIn.objects.exists()


def test_check_in_today_is_rate_limited(client_for, member, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "streak:check_in", ratelimit.Limit(member=0, period=3600))
    response = client_for(member).post(reverse("accounts:check_in_today"), follow=True)
    assert not CheckIn.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [ratelimit.TOO_FAST]
