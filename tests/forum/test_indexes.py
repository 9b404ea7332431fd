"""Every thread list is read through an index that holds its whole ORDER BY, down to the
-pk tie-break: without it the database sorts every thread to show ten (home for a member
took 48 ms on 5,000 threads). EXPLAIN says which index a list uses; on PostgreSQL sequential
scans are switched off for the question (a test database is too small for the planner to
prefer an index on its own)."""

import pytest
from django.db import connection

from forum import selectors
from forum.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    return queryset.explain()


@pytest.fixture
def threads(member):
    category = factories.make_category(name="Daily", slug="daily")
    for n in range(3):
        factories.make_thread(author=member, category=category, title=f"Holding on {n}")
    return category


def test_latest_threads_come_in_index_order(member, threads):
    listed = Thread.objects.visible_to(member).listed().for_listing().latest()
    found = plan(listed[: selectors.LATEST_ON_HOME])
    assert "forum_thread_latest_order" in found
    assert "TEMP B-TREE" not in found


def test_a_categorys_threads_come_in_index_order(member, threads):
    listed = Thread.objects.listed().filter(category=threads).for_listing().pinned_first()
    found = plan(listed[:30])
    assert "forum_thread_category_order" in found
    assert "TEMP B-TREE" not in found


def test_unanswered_threads_come_in_index_order(member, threads):
    listed = Thread.objects.visible_to(member).listed().for_listing().unanswered()
    found = plan(listed[: selectors.UNANSWERED_ON_HOME])
    assert "forum_thread_unanswered_order" in found
    assert "TEMP B-TREE" not in found


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_categorys_count_reads_only_the_index(member, threads, reader):
    """The category page's count filters on status and author (others' shields): with
    those in the index, no thread row is read to count them."""
    from forum.selectors import home

    shape = {} if reader == "visitor" else {"member_id": member.pk, "whole_days": 3}
    counted = home._kept_category_query(0, threads.pk, **shape)
    assert list(counted) == [3]
    found = plan(counted)
    assert "forum_thread_category_count" in found
    if connection.vendor == "postgresql":
        assert "Index Only Scan" in found
    else:
        assert "COVERING INDEX" in found
