"""The thread pager: first, last, and two pages either side of this one, with a gap ("…")
for what is left out — built in Python (ThreadPage.page_links), not by looping over every
page of a long thread in the template."""

import pytest

from forum.models import Thread
from forum.selectors import ThreadPage

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
