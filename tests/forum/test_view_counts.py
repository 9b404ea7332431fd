"""Specification of forum.view_counts: views counted in the cache, flushed in batches."""

import io
import time

import pytest
from django.core.management import call_command

from forum import view_counts

pytestmark = pytest.mark.django_db


def test_record_soon_counts_in_the_cache_only(thread, django_assert_num_queries):
    with django_assert_num_queries(0):
        view_counts.record_soon(thread.pk)
        view_counts.record_soon(thread.pk)
        view_counts.push_soon()
    assert view_counts.pending(thread.pk) == 2
    thread.refresh_from_db()
    assert thread.view_count == 0


def test_flush_moves_counts_to_the_database_and_keeps_later_views(thread):
    for _ in range(3):
        view_counts.record_soon(thread.pk)
    assert view_counts.flush() == 3
    view_counts.record_soon(thread.pk)
    thread.refresh_from_db()
    assert thread.view_count == 3 and view_counts.pending(thread.pk) == 1
    assert view_counts.flush() == 1
    thread.refresh_from_db()
    assert thread.view_count == 4 and view_counts.pending(thread.pk) == 0


def test_flush_command_reports_what_it_wrote(thread):
    view_counts.record_soon(thread.pk)
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
    view_counts.record_soon(thread.pk)
    view_counts.push_soon()  # one in the cache
    monkeypatch.setattr(view_counts, "_last_push", time.monotonic())
    view_counts.record_soon(thread.pk)
    view_counts.record_soon(thread.pk)  # two held in this process
    assert view_counts.flush() == 3
    thread.refresh_from_db()
    assert thread.view_count == 3 and view_counts.pending(thread.pk) == 0


def test_pending_from_adds_what_this_process_holds_to_what_the_cache_read(thread, monkeypatch):
    monkeypatch.setattr(view_counts, "_last_push", time.monotonic())
    view_counts.record_soon(thread.pk)  # held in this process for a moment
    assert view_counts.pending_from(thread.pk, 4) == 5
    assert view_counts.pending_from(thread.pk, None) == 1 == view_counts.pending(thread.pk)


def _spy(asked: list, name: str, method, inside: list):
    # `inside`, shared by the spies: the local-memory cache's get_many() calls its get(); only
    # the outer call counts.
    def spy(keys, *args, **kwargs):
        if not inside:
            asked.append((name, list(keys) if name == "get_many" else [keys]))
        inside.append(name)
        try:
            return method(keys, *args, **kwargs)
        finally:
            inside.pop()

    return spy


def test_a_drawn_thread_page_reads_its_views_with_its_posts_in_one_round_trip(
    client, thread, monkeypatch
):
    from django.core.cache import cache

    from tests.forum.test_views import thread_url

    view_counts.record_soon(thread.pk)
    view_counts.push_soon()  # one view counted before
    # This view stays held in the process: record_soon() pushes once a second since the last
    # push, which on a slow machine fell inside the request and added an `incr` to the trips.
    monkeypatch.setattr(view_counts, "_PUSH_EVERY", 3600)
    asked, inside = [], []
    for name in ("get", "get_many", "incr", "add"):
        monkeypatch.setattr(cache, name, _spy(asked, name, getattr(cache, name), inside))

    response = client.get(thread_url(thread))

    views_key = view_counts.key(thread.pk)
    assert [name for name, keys in asked if views_key in keys] == ["get_many"]
    (read,) = [keys for name, keys in asked if name == "get_many" and views_key in keys]
    assert any(key.startswith("postfragment:") for key in read)
    assert response.context["page"].view_count == 2  # the one before and this one


@pytest.fixture
def drawn(settings):
    """Thread pages drawn on every request (the visitors' page cache would serve the second)."""
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def held(monkeypatch):
    """Views stay held in this process, and a counter read stays kept (no second passes)."""
    monkeypatch.setattr(view_counts, "_PUSH_EVERY", 3600)


def _view(client, thread):
    from tests.forum.test_views import thread_url

    return client.get(thread_url(thread))


@pytest.mark.usefixtures("drawn", "held")
def test_a_counter_read_a_moment_ago_is_not_read_again(client, thread, monkeypatch):
    from django.core.cache import cache

    cache.set(view_counts.key(thread.pk), 5)  # counted by other servers
    asked, inside = [], []
    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, _spy(asked, name, getattr(cache, name), inside))

    first, second = _view(client, thread), _view(client, thread)

    assert sum(view_counts.key(thread.pk) in keys for _, keys in asked) == 1
    assert first.context["page"].view_count == 6
    assert second.context["page"].view_count == 7  # this process's views still count


@pytest.mark.usefixtures("drawn", "held")
def test_a_counter_is_read_again_after_a_second(client, thread, monkeypatch):
    from django.core.cache import cache

    _view(client, thread)  # its view held here, the counter remembered as empty
    cache.set(view_counts.key(thread.pk), 10)  # another server's views
    monkeypatch.setattr(view_counts, "_PUSH_EVERY", 1.0)
    read_at = view_counts._counted[thread.pk][2]
    monkeypatch.setattr(view_counts.time, "monotonic", lambda: read_at + 1.5)

    assert _view(client, thread).context["page"].view_count == 12


@pytest.mark.usefixtures("drawn", "held")
def test_a_flush_makes_the_counter_read_again_and_counts_each_view_once(client, thread):
    _view(client, thread)
    _view(client, thread)
    assert view_counts.flush() == 2  # the column now holds them; the counter is back to 0
    thread.refresh_from_db()
    assert thread.view_count == 2

    assert _view(client, thread).context["page"].view_count == 3


@pytest.mark.usefixtures("drawn", "held")
def test_views_pushed_from_this_process_stay_counted_in_a_remembered_read(client, thread):
    _view(client, thread)
    _view(client, thread)  # two views held, the counter remembered as 0
    view_counts.push_soon()  # the held views go to the cache's counter

    assert _view(client, thread).context["page"].view_count == 3


def test_reads_older_than_a_second_are_forgotten_at_the_next_push(thread, monkeypatch):
    view_counts.pending_after(thread, {view_counts.key(thread.pk): 4})
    assert thread.pk in view_counts._counted
    later = time.monotonic() + 2
    monkeypatch.setattr(view_counts.time, "monotonic", lambda: later)
    view_counts.push_soon()
    assert thread.pk not in view_counts._counted
