"""A thread page shows every author's streak badge in the same number of queries whether the
page has one author or twenty (issue 4: "a thread page with 20 authors keeps its pinned query
count"). The badges are read from the author rows the posts query joins (the streak figures
are stored on the member), so an author more is a row more, never a query more."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import MilestoneAward, Streak, StreakDisplay, Visibility
from accounts.streaks import figures
from forum.models import Post
from tests import factories
from tests.forum.test_queries import bulk_posts

pytestmark = pytest.mark.django_db

VISIBILITIES = [Visibility.EVERYONE, Visibility.MEMBERS, Visibility.ONLY_ME]


def author_with_streak(prefix: str, number: int):
    """Authors cycle through the three visibilities and both displays, each with a streak of
    a different length and the milestones it has passed."""
    member = factories.make_member(
        username=f"{prefix}{number}",
        streak_visibility=VISIBILITIES[number % 3],
        streak_display=StreakDisplay.RANGE if number % 2 else StreakDisplay.EXACT,
    )
    days = 5 + number * 9
    now = timezone.now()
    streak = Streak.objects.create(
        member=member, started_on=now.date() - datetime.timedelta(days=days), created_at=now
    )
    MilestoneAward.objects.bulk_create(
        MilestoneAward(member=member, days=milestone, streak=streak, awarded_at=now)
        for milestone in (1, 3, 7, 14, 30, 60, 90, 180)
        if milestone <= days
    )
    figures.refresh_figures(member=member)  # what every streak service does after its writes
    return member


def thread_with_authors(prefix: str, count: int):
    authors = [author_with_streak(prefix, n) for n in range(count)]
    thread = factories.make_thread(author=authors[0], title="Twenty voices")
    # Post n (2..20) by author n - 1: with the opening post, one post each on the first page.
    bulk_posts(thread, authors[-1:] + authors[:-1], 20)
    return thread, authors


def page_queries(client, thread) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.content.decode()


def visible_badges(html: str) -> int:
    return len(re.findall(r'class="streak-badge( is-between)?"', html))


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_thread_page_queries_do_not_grow_with_twenty_authors(client, viewer, settings):
    # The visitors' page cache would answer the second page with no query at all.
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0
    if viewer == "member":
        client.force_login(factories.make_member(username="reader"))

    one_thread, _ = thread_with_authors("solo", 1)
    one_count, one_html = page_queries(client, one_thread)
    twenty_thread, authors = thread_with_authors("voice", 20)
    twenty_count, twenty_html = page_queries(client, twenty_thread)

    assert twenty_count == one_count
    # Every author's name is on the page; a badge shows beside each post whose author lets
    # this viewer see their streak: public streaks for everyone, members-only ones for members.
    shown = {"visitor": {Visibility.EVERYONE}, "member": {Visibility.EVERYONE, Visibility.MEMBERS}}
    for author in authors:
        assert f'href="/u/{author.username}/"' in twenty_html
    on_page = Post.objects.filter(thread=twenty_thread).select_related("author")[:20]
    expected = sum(post.author.streak_visibility in shown[viewer] for post in on_page)
    assert 0 < expected < 20
    assert visible_badges(twenty_html) == expected
    assert visible_badges(one_html) == Post.objects.filter(thread=one_thread).count()
