"""The daily pledge (issue 16, item 5): the day's thread made once, one-tap pledges counted
once, names listed only by choice, a line that becomes a screened reply, the page and its
query count, and the cron command."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from forum import services
from forum.management.commands.seed_forum import TEAM_USERNAME
from forum.models import DailyPledge, Pledge, Thread
from tests import factories

NOW = datetime.datetime(2026, 6, 15, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def check_ins(db):
    return factories.make_category(name="Daily check-ins", slug="daily-check-ins")


@pytest.fixture
def team(db):
    return factories.make_moderator(username=TEAM_USERNAME)


@pytest.fixture
def daily(team, check_ins):
    return services.open_daily_pledge(author=team, category=check_ins)


def _take(daily, member, **kwargs):
    return services.take_pledge(member=member, daily=daily, **kwargs)


def _pledge_url(daily):
    return reverse("forum:pledge_take", args=[daily.thread.pk])


# --- Services -------------------------------------------------------------------------------


def test_pledge_thread_made_once_per_day(team, check_ins):
    first = services.open_daily_pledge(author=team, category=check_ins)
    again = services.open_daily_pledge(author=team, category=check_ins)
    assert first.pk == again.pk and Thread.objects.count() == 1
    assert first.day == datetime.date(2026, 6, 15)
    assert first.thread.title == "Today I won't reach out — Monday 15 June"
    assert first.thread.category == check_ins and first.thread.author == team
    tomorrow = services.open_daily_pledge(
        author=team, category=check_ins, now=NOW + datetime.timedelta(days=1)
    )
    assert tomorrow.pk != first.pk and Thread.objects.count() == 2


def test_pledge_counts_once_and_the_name_is_listed_only_by_choice(daily, member, other_member):
    assert _take(daily, member).is_new
    again = _take(daily, member, seen=True)
    assert not again.is_new and again.pledge.seen  # a second tap may change the choice
    _take(daily, other_member)
    assert Pledge.objects.filter(daily=daily).count() == 2
    assert list(Pledge.objects.filter(seen=True).values_list("member", flat=True)) == [member.pk]


def test_pledge_line_becomes_a_reply_in_the_thread(daily, member):
    taken = _take(daily, member, line="  Day three. Holding on.  ")
    assert taken.line.post.body == "Day three. Holding on."
    assert taken.line.post.thread == daily.thread
    daily.thread.refresh_from_db()
    assert daily.thread.reply_count == 1


def test_pledge_refused_for_a_past_day(daily, member):
    with pytest.raises(services.ActionRefused) as refused:
        _take(daily, member, now=NOW + datetime.timedelta(days=1))
    assert "another day" in refused.value.message
    assert not Pledge.objects.exists()


def test_pledge_refused_in_a_locked_thread(daily, member):
    Thread.objects.filter(pk=daily.thread.pk).update(locked=True)
    daily.thread.refresh_from_db()
    with pytest.raises(services.ActionRefused):
        _take(daily, member)
    assert not Pledge.objects.exists()


# --- Pages ----------------------------------------------------------------------------------


def test_pledge_one_tap_from_the_thread_page(client_for, daily, member, other_member):
    client = client_for(member)
    page = client.get(daily.thread.get_absolute_url()).content.decode()
    assert "No pledges yet" in page and "I pledge: today I won't reach out" in page
    response = client.post(_pledge_url(daily), {"seen": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == daily.thread.get_absolute_url()
    _take(daily, other_member)  # counted, not named
    page = client.get(daily.thread.get_absolute_url()).content.decode()
    assert "2 members pledged today." in page
    assert "You've pledged today." in page
    names = page[page.index("pledge-names") : page.index("</ul>", page.index("pledge-names"))]
    assert member.public_name in names and other_member.public_name not in names


def test_pledge_page_for_a_visitor_counts_and_asks_to_log_in(client, daily, member):
    _take(daily, member)
    page = client.get(daily.thread.get_absolute_url()).content.decode()
    assert "1 member pledged today." in page and "to pledge." in page
    response = client.post(_pledge_url(daily))
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url
    assert Pledge.objects.count() == 1


def test_pledge_needs_a_post_and_a_pledge_thread(client_for, daily, member, check_ins):
    client = client_for(member)
    assert client.get(_pledge_url(daily)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    other = factories.make_thread(author=member, category=check_ins)
    url = reverse("forum:pledge_take", args=[other.pk])
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert not Pledge.objects.exists()


def test_pledge_too_long_a_line_keeps_the_words(client_for, daily, member):
    line = "x" * 501
    response = client_for(member).post(_pledge_url(daily), {"line": line})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.as_data()["line"][0].code == "max_length"
    assert line in response.content.decode()
    assert not Pledge.objects.exists()


def test_pledge_past_day_explains(client_for, daily, member):
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        response = client_for(member).post(_pledge_url(daily))
        assert "This pledge was for another day." in response.content.decode()
    assert not Pledge.objects.exists()


# Thread page for a member on a pledge thread, a first visit: session, user, moderator
# check, thread (its DailyPledge row in the same JOIN), posts, the reader's reactions, their
# blocks, reported posts, moderator authors, warning choices and mutes (one), read marker,
# watching, the nav's unread count;
# the read marker created in a savepoint (SAVEPOINT, INSERT, RELEASE: 3; no notification to
# mark read); then the pledge panel: the count with the reader's own pledge (one), the names
# of those seen with their members (one) = 18, at 3 or 150 pledges.
@pytest.mark.parametrize("size", [3, 150])
def test_pledge_thread_page_query_count(
    client_for, daily, member, size, django_assert_max_num_queries
):
    for n in range(size):
        _take(daily, factories.make_member(username=f"pledger{n}"), seen=n % 2 == 0)
    client = client_for(member)
    with django_assert_max_num_queries(18):
        response = client.get(daily.thread.get_absolute_url())
    assert response.context["pledge"].count == size
    assert len(response.context["pledge"].seen_names) == min((size + 1) // 2, 100)


# --- The cron command -------------------------------------------------------------------------


def test_pledge_command_makes_todays_thread_once(team, check_ins, capsys):
    call_command("open_daily_pledge")
    call_command("open_daily_pledge")
    assert DailyPledge.objects.count() == 1
    assert "Today's pledge thread: /t/" in capsys.readouterr().out


def test_pledge_command_needs_the_seeded_forum(db):
    with pytest.raises(CommandError, match="seed_forum"):
        call_command("open_daily_pledge")


def test_pledge_is_in_the_members_copy_of_their_data(daily, member):
    from accounts.data_rights.services import collect_member_data

    _take(daily, member, seen=True)
    assert collect_member_data(member)["pledges"] == [{"day": "2026-06-15", "name_listed": True}]
