"""The thread pager: first, last, and two pages either side of this one, with a gap ("…")
for what is left out — built in Python (ThreadPage.page_links), not by looping over every
page of a long thread in the template; drawn once for both its places and kept."""

import re

import pytest
from django.template.loader import render_to_string

from forum.models import Thread
from forum.models.posts import POSTS_PER_PAGE
from forum.selectors import ThreadPage
from tests import factories

URL = "/t/7/a-thread/"


def pager(number: int, page_count: int) -> list:
    thread = Thread(pk=7, slug="a-thread")
    page = ThreadPage(thread=thread, number=number, page_count=page_count, posts=[], view_count=0)
    return [n for n, _ in page.page_links]


@pytest.mark.parametrize(
    ("number", "page_count", "expected"),
    [
        (1, 1, [1]),
        (1, 250, [1, 2, 3, None, 250]),
        (125, 250, [1, None, 123, 124, 125, 126, 127, None, 250]),
        (250, 250, [1, None, 248, 249, 250]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
        (5, 9, [1, None, 3, 4, 5, 6, 7, None, 9]),
    ],
)
def test_page_links_window_and_gaps(number, page_count, expected):
    assert pager(number, page_count) == expected


def test_page_links_first_page_has_no_query_string():
    thread = Thread(pk=7, slug="a-thread")
    page = ThreadPage(thread=thread, number=2, page_count=3, posts=[], view_count=0)
    assert page.page_links == [(1, URL), (2, f"{URL}?page=2"), (3, f"{URL}?page=3")]


# --- Drawn once a page, kept under what it reads (forum.fragments.render_posts) -------------


@pytest.fixture
def long_thread(db, member, other_member):
    thread = factories.make_thread(author=member, title="A long talk", body="Where to start.")
    for n in range(POSTS_PER_PAGE):
        factories.make_reply(author=other_member if n % 2 else member, thread=thread)
    thread.refresh_from_db()
    return thread


def navs(html: str) -> list[str]:
    return re.findall(r'<nav aria-label="Pages of this thread".*?</nav>', html, re.S)


def test_a_long_threads_page_shows_the_same_pager_above_and_below_its_posts(client, long_thread):
    html = client.get(f"{long_thread.get_absolute_url()}?page=2").content.decode()
    above, below = navs(html)
    assert above == below
    assert 'rel="prev"' in above and 'aria-current="page" href="' in above


def test_a_kept_pager_equals_a_fresh_render(client, long_thread):
    url = f"{long_thread.get_absolute_url()}?page=2"
    client.get(url)  # draws and keeps it
    kept = navs(client.get(url).content.decode())[0]
    page = ThreadPage(thread=long_thread, number=2, page_count=2, posts=[], view_count=0)
    fresh = render_to_string("forum/_thread_pages.html", {"page": page, "thread": long_thread})
    assert kept == navs(fresh)[0]


def test_a_new_page_shows_in_the_pager_at_once(client, long_thread, other_member):
    url = long_thread.get_absolute_url()
    assert f"{url}?page=3" not in navs(client.get(url).content.decode())[0]
    for _ in range(POSTS_PER_PAGE):
        factories.make_reply(author=other_member, thread=long_thread)
    assert f"{url}?page=3" in navs(client.get(url).content.decode())[0]


def test_a_one_page_thread_has_no_pager(client, member):
    thread = factories.make_thread(author=member)
    assert navs(client.get(thread.get_absolute_url()).content.decode()) == []


def test_the_unread_divider_stands_just_before_the_first_unread_post(
    client_for, long_thread, member, other_member
):
    reader = client_for(other_member)
    reader.get(f"{long_thread.get_absolute_url()}?page=2")
    reply = factories.make_reply(author=member, thread=long_thread, body="Something new")
    html = reader.get(f"{long_thread.get_absolute_url()}?page=2").content.decode()
    divider = html.index('id="unread"')
    assert '<article class="post' in html[:divider]  # the posts read already come first
    next_post = re.compile(r'<article class="post[^"]*" id="post-(\d+)"').search(html, divider)
    assert int(next_post[1]) == reply.pk
