"""The shield (issue #15 item 3): who a member's shield keeps out, and its settings page."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts import shield
from accounts.shield import services
from tests import factories

NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


def _aged(days: float, **fields):
    return factories.make_member(date_joined=NOW - datetime.timedelta(days=days), **fields)


@pytest.mark.django_db
def test_shield_off_keeps_nobody_out():
    author = _aged(100)
    assert not shield.is_shielded_from(author, AnonymousUser(), now=NOW)
    assert not shield.is_shielded_from(author, _aged(0.5), now=NOW)


@pytest.mark.django_db
def test_shield_keeps_out_visitors_and_accounts_younger_than_n_days():
    author = _aged(100, shield_days=30)
    assert shield.is_shielded_from(author, AnonymousUser(), now=NOW)
    assert shield.is_shielded_from(author, _aged(1), now=NOW)
    assert shield.is_shielded_from(author, _aged(29.9), now=NOW)
    assert not shield.is_shielded_from(author, _aged(30), now=NOW)
    assert not shield.is_shielded_from(author, _aged(365), now=NOW)


@pytest.mark.django_db
def test_shield_never_keeps_out_the_author_or_moderators():
    author = _aged(1, shield_days=30)
    assert not shield.is_shielded_from(author, author, now=NOW)
    moderator = factories.make_moderator(date_joined=NOW)
    assert not shield.is_shielded_from(author, moderator, now=NOW)


@pytest.mark.django_db
@pytest.mark.parametrize("counting", [False, True], ids=["joined", "subquery"])
def test_shield_query_matches_the_rule(counting):
    from accounts.models import User

    author = _aged(100, shield_days=30, username="shielded")
    open_author = _aged(100, username="open")
    young, old = _aged(1, username="young"), _aged(60, username="old")

    def kept_out(reader):
        q = shield.shielded_authors_q(reader, prefix="", now=NOW, counting=counting)
        return set(User.objects.filter(q).values_list("username", flat=True)) if q else set()

    assert kept_out(AnonymousUser()) == {"shielded"}
    assert kept_out(young) == {"shielded"}
    assert kept_out(old) == set()
    assert kept_out(author) == set()
    assert "open" not in kept_out(young) and open_author.shield_days is None


@pytest.mark.django_db
@pytest.mark.parametrize("counting", [False, True], ids=["joined", "subquery"])
def test_shield_query_compares_whole_days_as_the_rule_does(counting):
    # A shield is whole days, so the query's floor(age) keeps out exactly whom the rule does.
    author = factories.make_member(date_joined=NOW - datetime.timedelta(days=400), shield_days=30)
    for age in (0, 0.2, 29, 29.9, 29.999, 30, 30.0001, 30.5, 31):
        reader = _aged(age)
        q = shield.shielded_authors_q(reader, prefix="", now=NOW, counting=counting)
        in_query = type(author).objects.filter(q, pk=author.pk).exists()
        assert in_query == shield.is_shielded_from(author, reader, now=NOW) == (age < 30), age
    assert shield.whole_days_joined(_aged(29.9), now=NOW) == 29


@pytest.mark.django_db
def test_a_members_thread_look_up_from_kept_sql_keeps_the_shield(time_machine):
    from django.http import Http404

    from forum import selectors

    time_machine.move_to(NOW, tick=False)
    author = _aged(100, shield_days=30)
    thread = factories.make_thread(author=author)
    pending = factories.make_thread(author=_aged(40))
    type(thread).objects.filter(pk=pending.pk).update(status="pending")
    for age, sees in ((29.9, False), (30, True), (60, True)):
        reader = _aged(age)
        if sees:
            assert selectors.get_thread_for(reader, thread.pk) == thread
        else:
            with pytest.raises(Http404):
                selectors.get_thread_for(reader, thread.pk)
    assert selectors.get_thread_for(author, thread.pk) == thread
    assert selectors.get_thread_for(pending.author, pending.pk) == pending
    with pytest.raises(Http404):
        selectors.get_thread_for(_aged(60), pending.pk)


@pytest.mark.django_db
def test_shield_set_and_refused_out_of_range(member):
    services.set_shield(member=member, days=14)
    member.refresh_from_db()
    assert member.shield_days == 14
    with pytest.raises(ValueError):
        services.set_shield(member=member, days=0)
    services.set_shield(member=member, days=None)
    member.refresh_from_db()
    assert member.shield_days is None


def test_shield_settings_page_saves_a_choice_and_own_number(client_for, member):
    client = client_for(member)
    url = reverse("accounts:settings_shield")
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'id="None"' not in page.content.decode()  # each radio has its own label
    assert client.post(url, {"days": "30"}).status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.shield_days == 30
    client.post(url, {"days": "", "custom_days": "12"})
    member.refresh_from_db()
    assert member.shield_days == 12
    assert 'value="12"' in client.get(url).content.decode()  # the own number shown back
    client.post(url, {"days": ""})
    member.refresh_from_db()
    assert member.shield_days is None


def test_shield_settings_page_keeps_input_and_explains_bad_values(client_for, member):
    response = client_for(member).post(
        reverse("accounts:settings_shield"), {"days": "7", "custom_days": "9999"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "at most 365 days" in response.content.decode()
    assert 'value="9999"' in response.content.decode()
    member.refresh_from_db()
    assert member.shield_days is None


def test_shield_settings_page_needs_log_in(client):
    response = client.get(reverse("accounts:settings_shield"))
    assert response.status_code == HTTPStatus.FOUND and "login" in response["Location"]


def test_shield_profile_is_404_for_the_kept_out(client, client_for, db):
    author = factories.make_member(
        username="shy_one", shield_days=30, date_joined=timezone.now() - datetime.timedelta(days=90)
    )
    url = reverse("accounts:profile", args=[author.username])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(_aged_now(1)).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(_aged_now(45)).get(url).status_code == HTTPStatus.OK
    posts = reverse("forum:member_posts", args=[author.username])
    assert client_for(_aged_now(1)).get(posts).status_code == HTTPStatus.NOT_FOUND


def _aged_now(days):
    return factories.make_member(date_joined=timezone.now() - datetime.timedelta(days=days))


@pytest.mark.parametrize("size", [1, 25])
def test_shield_settings_page_queries_are_constant(
    member, other_member, client_for, size, django_assert_max_num_queries
):
    # At two sizes of the site and of the member's inbox. Made of: the session, the member,
    # and the layout's count of unread notifications (the notices cached after a first page).
    thread = factories.make_thread(author=member)
    for number in range(size):
        factories.make_member(username=f"someone{number}")
        factories.make_reply(author=other_member, thread=thread, body=f"Reply {number}.")
    client = client_for(member)
    url = reverse("accounts:settings_shield")
    client.get(url)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == HTTPStatus.OK


@pytest.mark.parametrize("size", [1, 25])
def test_anonymous_post_reveal_page_queries_are_constant(
    moderator, other_member, client_for, size, django_assert_max_num_queries
):
    # Made of: the session, the moderator, their groups (is_moderator), the post (with its
    # thread and author: get_post_for), the audit row (an INSERT between two savepoints
    # each way: the service's and the action's transactions), the author for the page, and
    # the layout's count of unread notifications: 11, whatever the thread's length.
    category = factories.make_category(allows_anonymous=True)
    thread = factories.make_thread(author=other_member, category=category, anonymous=True)
    for number in range(size):
        factories.make_reply(author=other_member, thread=thread, body=f"{number}", anonymous=True)
    post = thread.posts.get(number=1)
    client = client_for(moderator)
    url = reverse("forum:anonymous_author", args=[post.pk])
    client.post(url)
    with django_assert_max_num_queries(11):
        assert client.post(url).status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize("reader_age", [None, 1, 60], ids=["visitor", "young", "old"])
def test_a_category_count_leaves_out_exactly_the_shielded_threads_its_page_lists(reader_age):
    from django.contrib.auth.models import AnonymousUser

    from forum import selectors

    def aged(days, **fields):  # against the real clock: the page asks timezone.now()
        joined = timezone.now() - datetime.timedelta(days=days)
        return factories.make_member(date_joined=joined, **fields)

    category = factories.make_category()
    shielded = aged(100, shield_days=30, username="shielded")
    factories.make_thread(author=shielded, category=category, title="Shielded")
    factories.make_thread(author=aged(100, username="open"), category=category, title="Open")
    reader = AnonymousUser() if reader_age is None else aged(reader_age, username="reader")
    page = selectors.category_threads(reader, category, 1)
    assert page.paginator.count == len(page.object_list)
    assert {thread.title for thread in page.object_list} == (
        {"Open", "Shielded"} if reader_age == 60 else {"Open"}
    )
