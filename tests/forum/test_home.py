"""Specification of the home page: a welcome for visitors, a "today" panel for members, the
team's prompts in a section of their own (forum.selectors.home_page, forum.views.home)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts import services as accounts_services
from forum import selectors, services
from forum.models import Category, Notification, Thread
from tests import factories

pytestmark = pytest.mark.django_db


def _prompt(author, key, title):
    thread = factories.make_thread(author=author, title=title)
    Thread.objects.filter(pk=thread.pk).update(seed_key=key)
    return Thread.objects.get(pk=thread.pk)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def team(db):
    return factories.make_moderator(username="holdfast_team")


# --- The selector ----------------------------------------------------------------------


def test_home_page_keeps_quiet_prompts_out_of_latest_and_unanswered(team, member, anonymous):
    quiet = _prompt(team, "article-01", "1) A quiet prompt?")
    mine = factories.make_thread(author=member, title="Day one")
    home = selectors.home_page(anonymous)
    assert home.latest == [mine]
    assert home.unanswered == [mine]
    assert home.prompts == [quiet]
    assert home.today is None and home.replies == [] and home.waiting == []


def test_home_page_lets_a_prompt_into_latest_once_members_talk_in_it(team, member, anonymous):
    prompt = _prompt(team, "article-02", "2) A prompt with replies?")
    factories.make_reply(author=member, thread=prompt)
    home = selectors.home_page(anonymous)
    assert home.latest == [prompt]
    assert home.unanswered == []


def test_home_page_for_a_member_has_today_replies_and_waiting(member, other_member, team):
    _prompt(team, "article-03", "3) Not waiting for anyone?")
    own = factories.make_thread(author=member, title="My own, waiting")
    theirs = factories.make_thread(author=other_member, title="Theirs, waiting")
    services.set_watching(member=member, thread=own, watching=True)
    factories.make_reply(author=member, thread=own, body="A little more.")
    home = selectors.home_page(member)
    assert home.waiting == [theirs]  # not their own, not the prompt
    assert home.unanswered == []
    assert home.today.started_on is None and not home.today.checked_in_today
    factories.make_reply(author=other_member, thread=own, body="I hear you.")
    home = selectors.home_page(member)
    assert [n.kind for n in home.replies] == [Notification.Kind.REPLY]
    assert home.waiting == [theirs]


def test_a_members_home_lists_come_from_kept_sql_and_equal_the_orms(member, other_member, team):
    from forum.selectors import home
    from forum.services import muting

    _prompt(team, "article-03", "3) Not waiting for anyone?")
    muted = factories.make_thread(author=other_member, title="Muted")
    muting.set_thread_muted(member=member, thread=muted, muted=True)
    shielded_author = factories.make_member(shield_days=365)
    factories.make_thread(author=shielded_author, title="Shielded")
    factories.make_thread(author=member, title="My own")
    theirs = factories.make_thread(author=other_member, title="Theirs")
    factories.make_reply(author=other_member, thread=theirs, body="And more.")
    mine = factories.make_thread(author=member, title="Mine, answered")
    factories.make_reply(author=other_member, thread=mine, body="I hear you.")
    moderator = factories.make_moderator()
    for reader in (member, other_member, moderator):
        page = selectors.home_page(reader)
        latest, prompts, waiting, replies = home._members_home_lists(reader)
        assert page.categories == list(Category.objects.in_order())
        assert page.latest == list(latest) and page.prompts == list(prompts)
        assert page.waiting == list(waiting) and page.replies == list(replies)
    page = selectors.home_page(member)
    assert "Muted" not in [t.title for t in page.latest]
    assert "Shielded" not in [t.title for t in page.latest]
    assert "Shielded" in [t.title for t in selectors.home_page(moderator).latest]
    assert [t.title for t in page.waiting] == ["Theirs"]
    assert [n.thread for n in page.replies] == [mine]


def test_home_page_shows_only_unread_replies_newest_first(member, other_member):
    thread = factories.make_thread(author=member, title="Mine")
    first = factories.make_reply(author=other_member, thread=thread, body="First.")
    factories.make_reply(author=other_member, thread=thread, body="Second.")
    Notification.objects.filter(post=first).update(read_at=timezone.now())
    replies = selectors.home_page(member).replies
    assert [n.post.body for n in replies] == ["Second."]


# --- The page ----------------------------------------------------------------------------


def test_a_visitors_home_lists_come_from_kept_sql_and_equal_the_orms(team, member):
    from forum.selectors import home

    _prompt(team, "why-no-contact", "Why no contact?")
    answered = factories.make_thread(author=member, title="Answered")
    factories.make_reply(thread=answered, author=team)
    waiting = factories.make_thread(author=member, title="Waiting")
    members_only = factories.make_category(members_only=True)
    factories.make_thread(author=member, category=members_only, title="Members only")
    page = selectors.home_page(AnonymousUser())
    visitor = AnonymousUser()
    assert page.categories == list(Category.objects.visible_to(visitor).in_order())
    latest, prompts = home._home_lists(visitor)
    assert page.latest == list(latest) and waiting in page.latest
    assert page.prompts == list(prompts) and len(page.prompts) == 1
    assert page.unanswered == [waiting]
    assert "Members only" not in [thread.title for thread in page.latest]
    assert all(not thread.unread_mark.new for thread in page.latest)


def test_a_readers_category_pages_come_from_kept_sql_and_equal_the_orms(
    member, other_member, monkeypatch
):
    from forum.models import THREADS_PER_PAGE
    from forum.selectors import home
    from forum.services import muting

    category = factories.make_category()
    for number in range(THREADS_PER_PAGE + 2):
        factories.make_thread(author=other_member, category=category, title=f"Thread {number}")
    muted = factories.make_thread(author=other_member, category=category, title="Muted")
    muting.set_thread_muted(member=member, thread=muted, muted=True)
    factories.make_thread(author=factories.make_member(shield_days=365), category=category)
    # The visitor misses the shielded thread; the member the muted one too; a moderator none.
    for reader, shown in ((AnonymousUser(), 28), (member, 27), (factories.make_moderator(), 29)):
        expected = list(home._category_list(reader, category.pk))
        first = selectors.category_threads(reader, category, "1")
        second = selectors.category_threads(reader, category, "2")
        assert first.paginator.count == len(expected) == shown
        assert list(first.object_list) + list(second.object_list) == expected
    monkeypatch.setattr(home, "KEPT_CATEGORY_PAGES", 1)  # page 2 as a deep page: the ORM's
    deep = selectors.category_threads(member, category, "2")
    expected = list(home._category_list(member, category.pk))
    assert list(deep.object_list) == expected[THREADS_PER_PAGE:]
    assert selectors.category_threads(member, category, "99").number == 2
    assert selectors.category_threads(member, factories.make_category(), None).paginator.count == 0


@pytest.mark.parametrize("asked", [None, "", "page", "0", "-1", "1", "2", "3", "99", "1.0", "2.5"])
def test_a_kept_category_page_is_the_page_djangos_paginator_gives(member, other_member, asked):
    from django.core.paginator import Paginator

    from forum.models import THREADS_PER_PAGE
    from forum.selectors import home

    category = factories.make_category()
    for number in range(THREADS_PER_PAGE + 2):
        factories.make_thread(author=other_member, category=category, title=f"Thread {number}")
    for reader in (AnonymousUser(), member):
        expected = Paginator(list(home._category_list(reader, category.pk)), THREADS_PER_PAGE)
        expected = expected.get_page(asked)
        page = selectors.category_threads(reader, category, asked)
        assert (page.number, page.paginator.count) == (expected.number, 27)
        assert list(page.object_list) == list(expected.object_list)


def test_a_category_page_and_its_count_are_one_query(
    member, other_member, django_assert_num_queries
):
    from forum.models import THREADS_PER_PAGE

    category = factories.make_category()
    for number in range(THREADS_PER_PAGE + 2):
        factories.make_thread(author=other_member, category=category, title=f"Thread {number}")
    roles.is_moderator(member)  # remembered on the member, as for a request's (a query)
    with django_assert_num_queries(1):
        page = selectors.category_threads(AnonymousUser(), category, "2")
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 27, 2)
    with django_assert_num_queries(2):  # and the member's read marks
        assert selectors.category_threads(member, category, "1").paginator.count == 27
    with django_assert_num_queries(2):  # past the last page: the count, then the last page
        assert selectors.category_threads(AnonymousUser(), category, "9").number == 2
    empty = factories.make_category()
    with django_assert_num_queries(3):  # an empty category: its empty first page, its count
        assert selectors.category_threads(member, empty, None).number == 1  # and read marks


def test_a_visitors_lists_keep_to_the_categories_given_instead_of_joining_them(member):
    public, other = factories.make_category(), factories.make_category()
    private = factories.make_category(members_only=True)
    threads = {
        category: factories.make_thread(author=member, category=category)
        for category in (public, other, private)
    }
    visitor = AnonymousUser()
    readable = [c.pk for c in Category.objects.visible_to(visitor)]
    assert set(Thread.objects.visible_to(visitor, among=readable)) == {
        threads[public],
        threads[other],
    }
    assert list(Thread.objects.visible_to(visitor, among=[public.pk])) == [threads[public]]
    sql = str(Thread.objects.visible_to(visitor, among=readable).query)
    assert "forum_category" not in sql  # no join: the ids say it
    # A member reads every category: `among` narrows nothing for them.
    assert set(Thread.objects.visible_to(member, among=[public.pk])) == set(threads.values())


def test_a_members_only_category_lists_nothing_for_a_visitor_even_when_asked_directly(member):
    from django.http import Http404

    private = factories.make_category(members_only=True)
    factories.make_thread(author=member, category=private)
    with pytest.raises(Http404):
        selectors.category_threads(AnonymousUser(), private, "1")
    assert selectors.category_threads(member, private, "1").paginator.count == 1


def test_a_visitors_home_with_more_categories_than_kept_equals_the_orms(member, monkeypatch):
    from forum.selectors import home

    for _ in range(3):
        factories.make_thread(author=member, category=factories.make_category())
    factories.make_thread(author=member, category=factories.make_category(members_only=True))
    kept = selectors.home_page(AnonymousUser())
    monkeypatch.setattr(home, "_visitors_lists", [
        home.PreparedInList(lambda listed, i=i: home._visitors_list(i, listed), size=1)
        for i in range(3)
    ])  # fmt: skip
    built = selectors.home_page(AnonymousUser())
    assert [t.pk for t in built.latest] == [t.pk for t in kept.latest]
    assert len(kept.latest) == 3


def test_home_welcomes_a_visitor_first(client, team):
    _prompt(team, "article-01", "1) What habits are you unlearning?")
    response = client.get(reverse("forum:home"))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.index("home-welcome") < html.index("categories-heading")
    assert "No contact means" in html and "anonymous" in html
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("forum:guidelines")}"' in html
    assert "Prompts to start with" in html
    assert "today-panel" not in html


def test_home_opens_on_the_members_today_panel(client_for, member):
    accounts_services.start_streak(
        member=member, started_on=timezone.now().date() - timedelta(days=12)
    )
    html = client_for(member).get(reverse("forum:home")).content.decode()
    assert html.index("today-panel") < html.index("categories-heading")
    assert "home-welcome" not in html
    assert '<span class="today-days-number">12</span>' in html
    assert f'action="{reverse("accounts:check_in_today")}"' in html
    assert "Days follow UTC ·" in html


def test_home_offers_a_member_without_a_streak_to_start_one(client_for, member):
    html = client_for(member).get(reverse("forum:home")).content.decode()
    assert "Your streak hasn't started yet" in html
    assert reverse("accounts:welcome_last_contact") in html
    assert reverse("accounts:check_in_today") not in html


def test_home_says_whose_time_the_days_follow(client_for):
    member = factories.make_member(username="lisboeta", time_zone="Europe/Lisbon")
    html = client_for(member).get(reverse("forum:home")).content.decode()
    assert "Days follow Lisbon time ·" in html
    assert f"{reverse('accounts:settings_profile')}#id_time_zone" in html


def test_home_today_panel_follows_a_check_in_through_the_page_cache(client_for, member):
    accounts_services.start_streak(member=member, started_on=timezone.now().date())
    client = client_for(member)
    assert "Check in for today" in client.get(reverse("forum:home")).content.decode()
    assert "Check in for today" in client.get(reverse("forum:home")).content.decode()  # kept
    client.post(reverse("accounts:check_in_today"))
    html = client.get(reverse("forum:home")).content.decode()
    assert "You've checked in today" in html
    assert "Check in for today" not in html


def test_home_today_panel_shows_a_new_reply_through_the_page_cache(
    client_for, member, other_member
):
    thread = factories.make_thread(author=member, title="Is it always this hard")
    client = client_for(member)
    client.get(reverse("forum:home"))
    html = client.get(reverse("forum:home")).content.decode()  # from the member's cache
    assert "Nothing new since you last looked" in html
    factories.make_reply(author=other_member, thread=thread, body="It gets easier.")
    html = client.get(reverse("forum:home")).content.decode()
    assert "Nothing new since you last looked" not in html
    replies = html.split('id="today-replies-heading"')[1].split("</section>")[0]
    assert "sasha" in replies and "Is it always this hard" in replies
