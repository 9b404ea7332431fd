"""The streak dashboard (/streak/) and its forms: start, check in, log contact, reset."""

import datetime
import html
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import CheckIn, ContactEvent, MilestoneAward, Streak
from accounts.streaks import selectors as streak_selectors
from core import ratelimit

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
DASHBOARD = reverse("accounts:streak_dashboard")
START = reverse("accounts:streak_start")
CHECK_IN = reverse("accounts:streak_check_in")
CHANGE_START = reverse("accounts:streak_change_start")


def happened(what):
    return reverse("accounts:streak_happened", args=[what])


CONTACT = happened("they-reached-out")
LOGISTICS = happened("logistics")
REPLIED = happened("i-replied")
REACHED_OUT = happened("i-reached-out")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


def text(response):
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("url", [DASHBOARD, START, CHECK_IN, CHANGE_START, CONTACT, REPLIED])
def test_streak_pages_send_visitors_to_log_in(client, url):
    response = client.get(url) if url in (DASHBOARD, CONTACT) else client.post(url, {})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [START, CHECK_IN, CHANGE_START])
def test_streak_writes_refuse_get(client_for, member, url):
    assert client_for(member).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_streak_dashboard_before_a_first_streak_offers_to_start(client_for, member):
    response = client_for(member).get(DASHBOARD)
    assert response.status_code == HTTPStatus.OK
    assert b"Start your streak" in response.content
    assert f'max="{NOW.date().isoformat()}"'.encode() in response.content
    assert b"No streak running" in response.content


def test_streak_dashboard_says_whose_calendar_the_days_follow(client_for, member):
    member.time_zone = "Europe/Lisbon"
    member.save(update_fields=["time_zone"])
    services.start_streak(member=member, started_on=NOW.date() - datetime.timedelta(days=4))
    page = client_for(member).get(DASHBOARD).content.decode()
    assert "Days follow Lisbon time ·" in page
    assert reverse("accounts:settings_profile") + "#id_time_zone" in page


def test_streak_start_today_redirects_with_a_message(client_for, member):
    client = client_for(member)
    response = client.post(START, {"started_on": NOW.date().isoformat()})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DASHBOARD
    assert any("Your streak has started" in m for m in flashes(response))
    streak = Streak.objects.get(member=member)
    assert streak.started_on == NOW.date() and not streak.self_reported


def test_streak_start_in_the_future_is_refused_kindly_keeping_the_date(client_for, member):
    tomorrow = days_ago(-1).isoformat()
    response = client_for(member).post(START, {"started_on": tomorrow})
    assert response.status_code == HTTPStatus.OK
    assert response.context["start_form"].has_error("started_on", "future")
    assert "That day hasn't come yet where you live" in text(response)
    assert f'value="{tomorrow}"'.encode() in response.content
    assert not Streak.objects.filter(member=member).exists()


def test_streak_start_uses_the_members_calendar_not_the_servers(client_for, member):
    member.time_zone = "Pacific/Kiritimati"  # UTC+14: already 16 June there
    member.save()
    response = client_for(member).post(START, {"started_on": "2026-06-16"})
    assert response.status_code == HTTPStatus.FOUND
    assert Streak.objects.get(member=member).started_on == datetime.date(2026, 6, 16)


@pytest.mark.parametrize("value", ["", "not a date", "2026-02-30", "0001-01-01"])
def test_streak_start_with_a_bad_date_explains(client_for, member, value):
    response = client_for(member).post(START, {"started_on": value})
    assert response.status_code == HTTPStatus.OK
    assert response.context["start_form"].errors["started_on"]
    assert not Streak.objects.filter(member=member).exists()


@pytest.mark.parametrize("value", ["1900-01-01", "2016-06-14"])
def test_streak_start_more_than_ten_years_back_is_refused_kindly(client_for, member, value):
    # The probe: a start on 1900-01-01 read 46,359 days on the public badge.
    response = client_for(member).post(START, {"started_on": value})
    assert response.status_code == HTTPStatus.OK
    assert response.context["start_form"].has_error("started_on", "too_old")
    assert "can start up to 10 years back, from 15 June 2016" in text(response)
    assert f'value="{value}"'.encode() in response.content
    assert 'min="2016-06-15"' in text(response)
    assert not Streak.objects.filter(member=member).exists()


def test_streak_start_before_joining_is_labelled_self_reported(client_for, member):
    member.date_joined = NOW - datetime.timedelta(days=2)
    member.save()
    client = client_for(member)
    response = client.post(START, {"started_on": days_ago(40).isoformat()})
    assert any("self-reported" in m for m in flashes(response))
    page = text(client.get(DASHBOARD))
    assert "self-reported" in page
    assert "40 days" in page
    assert "Next milestone: <strong>60 days</strong> — 20 days to go" in page
    assert '<progress class="streak-progress" max="60" value="40"' in page


def test_streak_start_twice_says_one_is_running(client_for, member):
    services.start_streak(member=member, started_on=days_ago(3))
    response = client_for(member).post(START, {"started_on": days_ago(1).isoformat()})
    assert response.status_code == HTTPStatus.FOUND
    assert flashes(response) == ["You already have a streak running — it's still counting."]
    assert Streak.objects.filter(member=member).count() == 1


def test_streak_check_in_saves_mood_and_private_note(client_for, member):
    services.start_streak(member=member, started_on=days_ago(3))
    client = client_for(member)
    response = client.post(CHECK_IN, {"mood": "4", "note": "Walked by the sea."})
    assert response.status_code == HTTPStatus.FOUND
    check = CheckIn.objects.get(member=member)
    assert (check.mood, check.note, check.day) == (4, "Walked by the sea.", NOW.date())
    page = text(client.get(DASHBOARD))
    assert "You checked in today — feeling: Good" in page
    assert "Walked by the sea." in page


def test_streak_check_in_moods_are_one_tap_buttons_of_one_form_with_words(client_for, member):
    page = text(client_for(member).get(DASHBOARD))
    form = page[page.index('class="check-in-form"') :]
    form = form[: form.index("</form>")]
    for value, words in streak_selectors.MOOD_WORDS.items():
        assert f'name="mood" value="{value}" class="btn mood-button mood-{value}">{words}<' in form
    assert form.count('type="submit"') == 6  # five moods, and "without choosing a mood"
    assert "<fieldset" in form and "<legend" in form
    assert '<details class="check-in-note' in form and 'name="note"' in form


def test_streak_check_in_without_a_mood_is_fine(client_for, member):
    response = client_for(member).post(CHECK_IN, {"mood": "", "note": ""})
    assert response.status_code == HTTPStatus.FOUND
    assert CheckIn.objects.get(member=member).mood is None


def test_streak_check_in_twice_the_same_day_is_a_kind_message(client_for, member):
    client = client_for(member)
    client.post(CHECK_IN, {"mood": "2"})
    response = client.post(CHECK_IN, {"mood": "5", "note": "again"})
    assert response.status_code == HTTPStatus.FOUND
    assert any("You've already checked in today" in m for m in flashes(response))
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success", "info"]
    assert CheckIn.objects.get(member=member).mood == 2


def test_streak_check_in_refuses_an_unknown_mood_keeping_the_note(client_for, member):
    response = client_for(member).post(CHECK_IN, {"mood": "9", "note": "Kept words"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["check_in_form"].has_error("mood", "invalid_choice")
    assert "Kept words" in text(response)
    assert not CheckIn.objects.exists()


def test_streak_check_in_refuses_a_nul_byte_without_a_500(client_for, member):
    response = client_for(member).post(CHECK_IN, {"note": "bad\x00note"})
    assert response.status_code == HTTPStatus.OK
    assert "can't store" in text(response)


def test_streak_contact_they_reached_out_keeps_the_streak(client_for, member):
    services.start_streak(member=member, started_on=days_ago(10))
    client = client_for(member)
    response = client.post(CONTACT, {"note": "Did not answer."})
    assert response.status_code == HTTPStatus.FOUND
    assert any("Your streak keeps going" in m for m in flashes(response))
    assert Streak.objects.get(member=member).is_open
    assert ContactEvent.objects.get(member=member).kind == ContactEvent.Kind.THEY_REACHED_OUT
    page = text(client.get(f"{DASHBOARD}?events=1"))
    assert "They reached out and I did not answer" in page
    assert "Did not answer." in page


@pytest.mark.parametrize(
    ("url", "kind"),
    [(REPLIED, ContactEvent.Kind.I_REPLIED), (REACHED_OUT, ContactEvent.Kind.I_REACHED_OUT)],
)
def test_streak_happened_reset_starts_again_today_with_kind_words(client_for, member, url, kind):
    services.start_streak(member=member, started_on=days_ago(10))
    client = client_for(member)
    response = client.post(url, {"reflection": "A long night."})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DASHBOARD
    assert any(
        "started again from today" in m and "Day one again is still progress." in m
        for m in flashes(response)
    )
    ended = Streak.objects.get(member=member, ended_on__isnull=False)
    assert (ended.length_days, ended.reflection) == (10, "A long night.")
    assert Streak.objects.get(member=member, ended_on__isnull=True).started_on == NOW.date()
    assert ContactEvent.objects.get(member=member).kind == kind
    page = text(client.get(DASHBOARD))
    assert '<span class="streak-count-number">0</span>' in page
    assert "Change start date" in page


def test_streak_happened_step_says_what_will_happen_before_writing(client_for, member):
    services.start_streak(member=member, started_on=days_ago(10))
    client = client_for(member)
    ending = text(client.get(REPLIED))
    assert "starts a new one from today" in ending and "Start again from today" in ending
    assert 'name="reflection"' in ending and 'name="note"' not in ending
    kept = text(client.get(LOGISTICS))
    assert "your streak keeps going" in kept and 'name="note"' in kept
    assert not ContactEvent.objects.exists()


def test_streak_happened_ending_kind_without_a_streak_is_only_logged(client_for, member):
    client = client_for(member)
    assert "only kept in your history" in text(client.get(REPLIED))
    response = client.post(REPLIED, {})
    assert flashes(response) == ["Logged in your history."]
    assert not Streak.objects.filter(member=member).exists()


def test_streak_happened_unknown_step_is_404(client_for, member):
    assert client_for(member).get(happened("we-talked")).status_code == HTTPStatus.NOT_FOUND


def test_streak_dashboard_offers_the_four_happenings_in_one_flow(client_for, member):
    page = text(client_for(member).get(DASHBOARD))
    assert "Only <strong>reaching out</strong> or <strong>replying</strong> ends a streak" in page
    assert '<details class="something-happened">' in page
    for what in ("they-reached-out", "logistics", "i-reached-out", "i-replied"):
        assert f'href="{happened(what)}"' in page


def test_streak_happened_keeps_a_too_long_reflection_and_explains(client_for, member):
    services.start_streak(member=member, started_on=days_ago(2))
    response = client_for(member).post(REPLIED, {"reflection": "x" * 5001})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].has_error("reflection", "max_length")
    assert "x" * 5001 in text(response)
    assert Streak.objects.get(member=member).is_open
    assert not ContactEvent.objects.exists()


def test_streak_change_start_moves_the_date(client_for, member):
    member.date_joined = NOW - datetime.timedelta(days=30)
    member.save()
    services.start_streak(member=member, started_on=NOW.date())
    client = client_for(member)
    response = client.post(CHANGE_START, {"started_on": days_ago(4).isoformat()})
    assert response.status_code == HTTPStatus.FOUND
    assert flashes(response) == ["Your streak now counts from that day."]
    assert Streak.objects.get(member=member).started_on == days_ago(4)


def test_streak_change_start_refuses_an_overlap_kindly_keeping_the_date(client_for, member):
    services.start_streak(
        member=member, started_on=days_ago(9), now=NOW - datetime.timedelta(days=3)
    )
    services.log_contact_event(
        member=member, kind=ContactEvent.Kind.I_REPLIED, now=NOW - datetime.timedelta(days=3)
    )
    response = client_for(member).post(CHANGE_START, {"started_on": days_ago(5).isoformat()})
    assert response.status_code == HTTPStatus.OK
    assert "Your previous streak ended on 12 June 2026" in text(response)
    assert f'value="{days_ago(5).isoformat()}"' in text(response)
    assert '<details class="change-start mt-2" open>' in text(response)
    assert Streak.objects.get(member=member, ended_on__isnull=True).started_on == days_ago(3)


def test_streak_start_inside_the_previous_streak_is_refused_kindly(client_for, member):
    services.start_streak(member=member, started_on=days_ago(46), now=NOW)
    services.end_streak(member=member, now=NOW - datetime.timedelta(days=10))
    response = client_for(member).post(START, {"started_on": days_ago(20).isoformat()})
    assert response.status_code == HTTPStatus.OK
    assert "Your previous streak ended on 5 June 2026" in text(response)
    assert f'value="{days_ago(20).isoformat()}"' in text(response)
    assert not Streak.objects.filter(member=member, ended_on__isnull=True).exists()


def test_streak_change_start_refuses_the_future(client_for, member):
    services.start_streak(member=member, started_on=days_ago(2))
    response = client_for(member).post(CHANGE_START, {"started_on": days_ago(-1).isoformat()})
    assert response.status_code == HTTPStatus.OK
    assert response.context["change_form"].has_error("started_on", "future")


def test_streak_private_notes_are_not_on_the_public_profile(client_for, member, other_member):
    services.start_streak(member=member, started_on=days_ago(5))
    services.check_in(member=member, note="My secret note")
    services.end_streak(member=member, reflection="My secret reflection")
    page = client_for(other_member).get(reverse("accounts:profile", args=[member.username]))
    assert b"My secret" not in page.content
    # And another member's dashboard is their own, not this one.
    theirs = client_for(other_member).get(DASHBOARD).content
    assert b"My secret" not in theirs


def test_streak_writes_need_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    for url, data in [
        (START, {"started_on": NOW.date().isoformat()}),
        (CHECK_IN, {}),
        (CHANGE_START, {"started_on": NOW.date().isoformat()}),
        (CONTACT, {}),
        (REPLIED, {}),
    ]:
        assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN
    assert not Streak.objects.exists() and not CheckIn.objects.exists()


def test_streak_contact_is_rate_limited_keeping_the_note(client_for, member, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "streak:contact", ratelimit.Limit(member=2, period=3600))
    client = client_for(member)
    for _ in range(2):
        client.post(LOGISTICS, {})
    response = client.post(LOGISTICS, {"note": "Lease"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "please wait a few minutes" in text(response)
    assert "Lease" in text(response)
    assert ContactEvent.objects.count() == 2


def _history(member, size):
    """`size` past streaks, contact events and check-ins, and one open streak (each reset
    starts the next streak on its own). Every milestone moment is already seen."""
    start = NOW - datetime.timedelta(days=3 * size + 10)
    services.start_streak(member=member, started_on=start.date(), now=start)
    for n in range(size):
        moment = start + datetime.timedelta(days=3 * n)
        services.check_in(member=member, mood=3, note=f"day {n}", now=moment)
        services.log_contact_event(
            member=member,
            kind=ContactEvent.Kind.I_REACHED_OUT,
            now=moment + datetime.timedelta(days=2),
        )
    services.check_in(member=member, mood=4)
    services.mark_milestones_seen(member=member)


@pytest.mark.parametrize("size", [2, streak_selectors.HISTORY_LIMIT + 15])
def test_streak_dashboard_query_count_is_constant(
    client_for, member, size, django_assert_max_num_queries
):
    _history(member, size)
    client = client_for(member)
    # 2 (session, user) + 7 (streak_selectors.dashboard_for: the figures, the open streak,
    # recent check-ins, milestones with their seen state, urges held (issue 16), past streaks
    # with their urges held, contact events) + 1 (risky dates today or tomorrow,
    # accounts.streaks.dates) + 1 (the nav's unread notification count) = 11, whatever the
    # history holds.
    with django_assert_max_num_queries(11):
        response = client.get(DASHBOARD)
    assert response.status_code == HTTPStatus.OK
    shown = len(response.context["board"].past_streaks)
    assert shown == min(size, streak_selectors.HISTORY_LIMIT)
    board = response.context["board"]
    assert board.past_streaks.has_older == (size > streak_selectors.HISTORY_LIMIT)
    assert ('href="?streaks=2#history-heading"' in text(response)) == board.past_streaks.has_older


def test_streak_dashboard_pages_through_older_history(client_for, member):
    _history(member, streak_selectors.HISTORY_LIMIT + 3)
    client = client_for(member)
    older = client.get(f"{DASHBOARD}?streaks=2&events=2").context["board"]
    assert len(older.past_streaks) == 3 and len(older.contact_events) == 3
    assert older.past_streaks.has_newer and not older.past_streaks.has_older
    beyond = client.get(f"{DASHBOARD}?streaks=9999999999999999999999")
    assert beyond.status_code == HTTPStatus.OK
    assert "Nothing older." in text(beyond)


@pytest.mark.parametrize("size", [2, streak_selectors.HISTORY_LIMIT + 15])
def test_streak_dashboard_milestone_moment_adds_no_write(
    client_for, member, size, django_assert_max_num_queries
):
    _history(member, size)
    # The 7-day award not yet seen: as if it had just been made.
    MilestoneAward.objects.filter(member=member, days=7).update(seen_at=None)
    client = client_for(member)
    # The 11 above and nothing more: a page view never marks the moment seen (reads never write).
    with django_assert_max_num_queries(11):
        response = client.get(DASHBOARD)
    assert response.context["board"].moment == 7
    assert MilestoneAward.objects.get(member=member, days=7).seen_at is None


def test_streak_dashboard_shows_the_milestone_moment_until_it_is_closed(client_for, member):
    member.celebrate_milestones = False
    member.streak_visibility = "everyone"
    member.save()
    services.start_streak(member=member, started_on=days_ago(7))
    client = client_for(member)
    page = text(client.get(DASHBOARD))
    assert '<section class="milestone-moment mb-3"' in page
    assert "7 days. You did this." in page
    card = reverse("accounts:milestone_card", args=[member.username, 7])
    assert f'href="{card}"' in page
    assert f"{reverse('forum:thread_create')}?category=daily-check-ins" in page
    assert "7 days. You did this." in text(client.get(DASHBOARD))  # a second look: still there
    closed = client.post(reverse("accounts:milestone_seen"))
    assert closed.status_code == HTTPStatus.FOUND and closed.url == DASHBOARD
    again = text(client.get(DASHBOARD))
    assert "milestone-moment" not in again and "You did this." not in again
    assert not MilestoneAward.objects.filter(member=member, seen_at__isnull=True).exists()


def test_milestone_seen_is_a_post_for_members_only(client, client_for, member):
    services.start_streak(member=member, started_on=days_ago(7))
    url = reverse("accounts:milestone_seen")
    assert client_for(member).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    visitor = client.post(url)
    assert visitor.status_code == HTTPStatus.FOUND and "/login/" in visitor.url
    assert MilestoneAward.objects.filter(member=member, seen_at__isnull=True).exists()


def test_streak_dashboard_milestone_moment_of_a_private_streak_offers_no_card(client_for, member):
    services.start_streak(member=member, started_on=days_ago(3))  # visible to members only
    page = text(client_for(member).get(DASHBOARD))
    assert "3 days. You did this." in page
    assert "/milestone/" not in page
    assert "Your streak isn't public, so there's no card" in page


def test_streak_dashboard_opens_the_history_only_when_paging(client_for, member):
    client = client_for(member)
    assert '<details class="streak-history mb-3">' in text(client.get(DASHBOARD))
    paged = text(client.get(f"{DASHBOARD}?events=2"))
    assert '<details class="streak-history mb-3" open>' in paged


def test_streak_dashboard_shows_the_contact_that_ended_a_streak(client_for, member):
    services.start_streak(member=member, started_on=days_ago(4))
    client = client_for(member)
    client.post(REACHED_OUT, {"reflection": ""})
    event = ContactEvent.objects.get(member=member)
    assert event.streak == Streak.objects.get(member=member, ended_on__isnull=False)
    page = text(client.get(DASHBOARD))
    assert '· I reached out <span class="small text-body-secondary">(ended a streak)' in page


def test_streak_dashboard_gives_every_field_its_own_id(client_for, member):
    import re

    services.start_streak(member=member, started_on=days_ago(4))
    page = text(client_for(member).get(DASHBOARD))
    every_id = re.findall(r'\sid="([^"]+)"', page)
    assert len(every_id) == len(set(every_id))
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', page)
    assert len(ids) >= 2  # the start date and the check-in note; the rest are buttons
    for field_id in ids:
        assert f'for="{field_id}"' in page


def test_streak_dashboard_shows_times_on_the_members_clock(client_for, member):
    member.time_zone = "Asia/Tokyo"
    member.save()
    services.log_contact_event(
        member=member, kind=ContactEvent.Kind.LOGISTICS, now=NOW + datetime.timedelta(hours=10)
    )
    page = text(client_for(member).get(DASHBOARD))
    assert "16 Jun 2026, 07:00" in page  # 22:00 UTC on the 15th is 07:00 on the 16th in Tokyo


def test_streak_dashboard_has_no_inline_style_or_script(client_for, member):
    services.start_streak(member=member, started_on=days_ago(3))
    page = text(client_for(member).get(DASHBOARD))
    assert "style=" not in page
    assert "<script>" not in page and "onclick" not in page


def test_streak_form_mistakes_show_even_where_the_page_changed(client_for, member):
    client = client_for(member)
    client.post(CHECK_IN, {"mood": "3"})
    services.start_streak(member=member, started_on=days_ago(2))
    # A stale tab: a mood that does not exist, a future start date.
    response = client.post(CHECK_IN, {"mood": "7", "note": "from the other tab"})
    assert "Choose one of the five moods" in text(response)
    assert "from the other tab" in text(response)
    response = client.post(START, {"started_on": days_ago(-2).isoformat()})
    assert "That day hasn't come yet where you live" in text(response)


def test_streak_dashboard_says_who_sees_the_streak(client_for, member):
    member.streak_visibility = "only_me"
    member.streak_display = "range"
    member.save()
    page = text(client_for(member).get(DASHBOARD))
    assert 'Your streak is shown to: <strong class="streak-privacy">Only me</strong>' in page
    assert "as a range (“30+ days”)" in page
    assert reverse("accounts:settings_profile") in page
