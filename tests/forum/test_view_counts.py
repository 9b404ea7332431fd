"""Specification of forum.view_counts: views counted in the cache, flushed in batches."""

import io
import time

import pytest
from django.core.management import call_command

from forum import view_counts

pytestmark = pytest.mark.django_db


def test_record_counts_in_the_cache_only(thread, django_assert_num_queries):
    with django_assert_num_queries(0):
        view_counts.record(thread.pk)
        view_counts.record(thread.pk)
    assert view_counts.pending(thread.pk) == 2
    thread.refresh_from_db()
    assert thread.view_count == 0


def test_flush_moves_counts_to_the_database_and_keeps_later_views(thread):
    for _ in range(3):
        view_counts.record(thread.pk)
    assert view_counts.flush() == 3
    view_counts.record(thread.pk)
    thread.refresh_from_db()
    assert thread.view_count == 3 and view_counts.pending(thread.pk) == 1
    assert view_counts.flush() == 1
    thread.refresh_from_db()
    assert thread.view_count == 4 and view_counts.pending(thread.pk) == 0


def test_flush_command_reports_what_it_wrote(thread):
    view_counts.record(thread.pk)
    out = io.StringIO()
    call_command("flush_thread_views", stdout=out)
    assert out.getvalue().strip() == "Flushed 1 thread view(s)."


def test_flush_with_nothing_counted_writes_nothing(thread, django_assert_num_queries):
    with django_assert_num_queries(1):  # the list of thread ids, no UPDATE
        assert view_counts.flush() == 0


def test_record_soon_holds_views_in_the_process_for_up_to_a_second(thread, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(view_counts, "_last_push", time.monotonic())
    view_counts.record_soon(thread.pk)
    view_counts.record_soon(thread.pk)
    assert cache.get(f"forum:views:{thread.pk}") is None  # not sent yet
    assert view_counts.pending(thread.pk) == 2  # but counted
    monkeypatch.setattr(view_counts, "_last_push", 0.0)  # a second (and more) has passed
    view_counts.record_soon(thread.pk)
    assert cache.get(f"forum:views:{thread.pk}") == 3
    assert view_counts.pending(thread.pk) == 3


def test_flush_writes_the_views_record_soon_holds(thread, monkeypatch):
    monkeypatch.setattr(view_counts, "_last_push", time.monotonic())
    view_counts.record(thread.pk)
    view_counts.record_soon(thread.pk)
    view_counts.record_soon(thread.pk)
    assert view_counts.flush() == 3
    thread.refresh_from_db()
    assert thread.view_count == 3 and view_counts.pending(thread.pk) == 0


def test_record_returns_what_pending_would(thread):
    assert view_counts.record(thread.pk) == 1
    view_counts.record_soon(thread.pk)  # held in this process for a moment
    assert view_counts.record(thread.pk) == 3 == view_counts.pending(thread.pk)
